import {
  FormControl,
  FormHelperText,
  InputLabel,
  MenuItem,
  Select,
} from '@material-ui/core';
import { ReactNode } from 'react';
import { fieldId, helperTextId } from './fieldIds';
import { useErrorTextStyles } from './errorTextStyles';

/** A labelled select with a helper text that describes it, or the field's error in its place. */
export const ChoiceSelect = (props: {
  idPrefix?: string;
  field: string;
  label: string;
  value: string;
  choices: string[];
  onChange: (value: string) => void;
  helperText?: ReactNode;
  error?: string;
  required?: boolean;
  disabled?: boolean;
}) => {
  const { idPrefix, field, error } = props;
  const id = fieldId(idPrefix, field);
  const errorText = useErrorTextStyles();
  return (
    <FormControl
      fullWidth
      margin="normal"
      required={props.required}
      error={!!error}
      disabled={props.disabled}
    >
      <InputLabel id={`${id}-label`} classes={errorText}>
        {props.label}
      </InputLabel>
      <Select
        labelId={`${id}-label`}
        id={id}
        SelectDisplayProps={
          {
            'aria-describedby': helperTextId(idPrefix, field),
          } as React.HTMLAttributes<HTMLDivElement>
        }
        value={props.value}
        onChange={e => props.onChange(String(e.target.value))}
      >
        {props.choices.map(choice => (
          <MenuItem key={choice} value={choice}>
            {choice}
          </MenuItem>
        ))}
      </Select>
      <FormHelperText id={helperTextId(idPrefix, field)} classes={errorText}>
        {error ?? props.helperText}
      </FormHelperText>
    </FormControl>
  );
};
