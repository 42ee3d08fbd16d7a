import { wildcardGranted } from '../requestChoices';
import { DomainSelect } from './DomainSelect';
import { IssuerSelect } from './IssuerSelect';
import { SubdomainInput } from './SubdomainInput';
import { RequestFieldProps } from './types';
import { TeamSelect } from './TeamSelect';
import { WildcardCheckbox } from './WildcardCheckbox';

/**
 * Team, domain, subdomain, wildcard and issuer: the fields the request form
 * and the scaffolder field share.
 */
export const CertificateNameFields = (
  props: RequestFieldProps & {
    /** The subdomain's problem under the label rules, if any. */
    subdomainProblem?: string;
    /** The subdomain's helper text when there is no problem. */
    subdomainHint: string;
  },
) => {
  const { choice, errors, onChange, idPrefix, disabled } = props;
  return (
    <>
      <TeamSelect {...props} />
      <DomainSelect {...props} />
      <SubdomainInput
        idPrefix={idPrefix}
        disabled={disabled}
        value={choice.subdomain}
        onChange={subdomain => onChange({ subdomain })}
        problem={props.subdomainProblem}
        error={errors.subdomain}
        hint={props.subdomainHint}
      />
      <WildcardCheckbox
        idPrefix={idPrefix}
        disabled={disabled}
        checked={choice.wildcard}
        granted={wildcardGranted(props.options, choice)}
        onChange={wildcard => onChange({ wildcard })}
        error={errors.wildcard}
      />
      <IssuerSelect {...props} />
    </>
  );
};
