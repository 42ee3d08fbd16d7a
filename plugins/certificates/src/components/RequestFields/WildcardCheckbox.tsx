import { Checkbox, FormControlLabel, FormHelperText } from '@material-ui/core';
import { fieldId, helperTextId } from './fieldIds';
import { useErrorTextStyles } from './errorTextStyles';

/** Wildcard, offered only where the team's grant allows it. */
export const WildcardCheckbox = (props: {
  checked: boolean;
  granted: boolean;
  onChange: (wildcard: boolean) => void;
  error?: string;
  idPrefix?: string;
  disabled?: boolean;
}) => {
  const errorText = useErrorTextStyles();
  return (
    <>
      <FormControlLabel
        control={
          <Checkbox
            id={fieldId(props.idPrefix, 'wildcard')}
            checked={props.checked && props.granted}
            disabled={props.disabled || !props.granted}
            onChange={e => props.onChange(e.target.checked)}
          />
        }
        label={
          props.granted
            ? 'Wildcard (*.name)'
            : 'Wildcard (not granted for this name)'
        }
      />
      {props.error && (
        <FormHelperText
          error
          classes={errorText}
          id={helperTextId(props.idPrefix, 'wildcard')}
        >
          {props.error}
        </FormHelperText>
      )}
    </>
  );
};
