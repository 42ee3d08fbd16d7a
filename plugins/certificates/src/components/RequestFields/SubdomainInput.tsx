import { TextField } from '@material-ui/core';
import { fieldId, helperTextId } from './fieldIds';
import { useErrorTextStyles } from './errorTextStyles';

/**
 * The labels left of the domain. Its problem under the label rules (checked
 * as typed) comes before the server's error, and both before the hint.
 */
export const SubdomainInput = (props: {
  value: string;
  onChange: (subdomain: string) => void;
  /** The problem under the shared label rules, if any. */
  problem?: string;
  error?: string;
  hint: string;
  idPrefix?: string;
  disabled?: boolean;
}) => {
  const { idPrefix } = props;
  const errorText = useErrorTextStyles();
  return (
    <TextField
      id={fieldId(idPrefix, 'subdomain')}
      label="Subdomain"
      fullWidth
      margin="normal"
      disabled={props.disabled}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      error={!!(props.problem || props.error)}
      helperText={props.problem ?? props.error ?? props.hint}
      InputLabelProps={{ classes: errorText }}
      FormHelperTextProps={{
        id: helperTextId(idPrefix, 'subdomain'),
        classes: errorText,
      }}
      inputProps={{
        'aria-describedby': `${helperTextId(idPrefix, 'subdomain')} ${fieldId(
          idPrefix,
          'full-name',
        )}`,
      }}
    />
  );
};
