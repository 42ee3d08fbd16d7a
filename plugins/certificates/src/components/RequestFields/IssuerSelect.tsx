import { ChoiceSelect } from './ChoiceSelect';
import { fieldBasics, RequestFieldProps } from './types';

/** The configured issuers, with the chosen one's description as helper text. */
export const IssuerSelect = (props: RequestFieldProps) => (
  <ChoiceSelect
    {...fieldBasics(props, 'issuer')}
    label="Issuer"
    value={props.choice.issuer}
    choices={props.options.issuers.map(i => i.name)}
    onChange={issuer => props.onChange({ issuer })}
    helperText={
      props.options.issuers.find(i => i.name === props.choice.issuer)
        ?.description
    }
  />
);
