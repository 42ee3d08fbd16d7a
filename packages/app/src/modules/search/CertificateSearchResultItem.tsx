import { Link } from '@backstage/core-components';
import { BaseSearchResultListItemProps } from '@backstage/plugin-search-react/alpha';
import {
  Box,
  Chip,
  ListItem,
  ListItemIcon,
  ListItemText,
} from '@material-ui/core';
import SecurityIcon from '@material-ui/icons/Security';

/** The fields the certificates collator adds to a search document. */
type CertificateFields = {
  team?: string;
  issuer?: string;
  state?: string;
};

/** A certificate in search results: its DNS names, team, issuer and state. */
export const CertificateSearchResultItem = (
  props: BaseSearchResultListItemProps,
) => {
  const { result } = props;
  if (!result) return null;
  const fields = result as typeof result & CertificateFields;
  return (
    <ListItem alignItems="flex-start" divider>
      <ListItemIcon>
        <SecurityIcon />
      </ListItemIcon>
      <ListItemText
        primary={<Link to={result.location}>{result.title}</Link>}
        secondary={`Team ${fields.team ?? '?'} · issuer ${
          fields.issuer ?? '?'
        }`}
        primaryTypographyProps={{ variant: 'h6', component: 'h3' }}
      />
      {fields.state && (
        <Box ml={2}>
          <Chip size="small" label={fields.state} />
        </Box>
      )}
    </ListItem>
  );
};
