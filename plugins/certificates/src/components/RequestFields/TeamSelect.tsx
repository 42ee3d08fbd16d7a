import { ChoiceSelect } from './ChoiceSelect';
import { fieldBasics, RequestFieldProps } from './types';

/** The team to request for: the signed-in user's teams. Changing it clears the domain. */
export const TeamSelect = (props: RequestFieldProps) => (
  <ChoiceSelect
    {...fieldBasics(props, 'team')}
    label="Team"
    value={props.choice.team}
    choices={props.options.teams.map(t => t.name)}
    onChange={team => props.onChange({ team, domain: '' })}
    helperText="Teams you are a member of"
  />
);
