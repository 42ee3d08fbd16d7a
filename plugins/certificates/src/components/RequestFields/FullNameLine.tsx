import {
  CertificateOptions,
  primaryName,
} from '@internal/plugin-certificates-common';
import { Typography } from '@material-ui/core';
import { CertificateChoice, wildcardGranted } from '../requestChoices';
import { fieldId } from './fieldIds';

/** The name the certificate will be for, as chosen so far (wildcard only where granted). */
export function fullNameOf(
  options: CertificateOptions,
  choice: CertificateChoice,
): string {
  if (!choice.domain) return '';
  const wildcard = choice.wildcard && wildcardGranted(options, choice);
  return primaryName({ ...choice, wildcard });
}

/** "Certificate for: <name>", which describes the subdomain field too. */
export const FullNameLine = (props: {
  options: CertificateOptions;
  choice: CertificateChoice;
  testId: string;
  idPrefix?: string;
  gutterBottom?: boolean;
}) => (
  <Typography
    id={fieldId(props.idPrefix, 'full-name')}
    variant="subtitle1"
    gutterBottom={props.gutterBottom}
  >
    Certificate for:{' '}
    <strong data-testid={props.testId}>
      {fullNameOf(props.options, props.choice) || '—'}
    </strong>
  </Typography>
);
