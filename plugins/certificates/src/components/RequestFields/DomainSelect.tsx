import { describeGrants, domainsOf, grantsOf } from '../requestChoices';
import { ChoiceSelect } from './ChoiceSelect';
import { fieldBasics, RequestFieldProps } from './types';

/** The team's domains, with what the team owns in the chosen one as helper text. */
export const DomainSelect = (props: RequestFieldProps) => (
  <ChoiceSelect
    {...fieldBasics(props, 'domain')}
    label="Domain"
    value={props.choice.domain}
    choices={domainsOf(props.options, props.choice.team).map(d => d.domain)}
    onChange={domain => props.onChange({ domain })}
    helperText={describeGrants(grantsOf(props.options, props.choice))}
  />
);
