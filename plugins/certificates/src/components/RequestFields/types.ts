import { CertificateOptions } from '@internal/plugin-certificates-common';
import { CertificateChoice } from '../requestChoices';

/** What every request field gets: the options, the current choice and how to change it. */
export type RequestFieldProps = {
  options: CertificateOptions;
  choice: CertificateChoice;
  onChange: (change: Partial<CertificateChoice>) => void;
  /** Problems by field name (`team`, `domain`, …), shown in place of the helper text. */
  errors: Record<string, string | undefined>;
  /** Prefix of the element ids (`<prefix>-team`); none gives `team`, `domain`, … */
  idPrefix?: string;
  required?: boolean;
  disabled?: boolean;
};

/** What a request field passes on to its input whatever the field: ids, error, required, disabled. */
export function fieldBasics(props: RequestFieldProps, field: string) {
  return {
    idPrefix: props.idPrefix,
    field,
    error: props.errors[field],
    required: props.required,
    disabled: props.disabled,
  };
}
