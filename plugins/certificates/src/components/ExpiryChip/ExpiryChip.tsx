import { Chip } from '@material-ui/core';
import { EXPIRY_COLOURS, expiryBand } from '../status/lifecycle';

/** Days left until expiry, coloured by band; "—" when not issued yet. */
export const ExpiryChip = (props: { days?: number }) => {
  if (props.days === undefined) return <>—</>;
  const band = expiryBand(props.days);
  return (
    <Chip
      size="small"
      label={band === 'expired' ? 'expired' : `${props.days} days`}
      style={EXPIRY_COLOURS[band]}
      data-band={band}
    />
  );
};
