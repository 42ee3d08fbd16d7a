import { Link } from '@backstage/core-components';
import { BaseSearchResultListItemProps } from '@backstage/plugin-search-react/alpha';
import { Box, Chip, Typography } from '@material-ui/core';
import SecurityIcon from '@material-ui/icons/Security';

/** The fields the certificates collator adds to a search document. */
type CertificateFields = {
  team?: string;
  issuer?: string;
  state?: string;
};

/**
 * A certificate in search results: its DNS names, team, issuer and state.
 * The search page wraps it in its list item already, so it renders none.
 */
export const CertificateSearchResultItem = (
  props: BaseSearchResultListItemProps,
) => {
  const { result } = props;
  if (!result) return null;
  const fields = result as typeof result & CertificateFields;
  return (
    <Box display="flex" alignItems="flex-start" width="100%">
      <Box mr={2} mt={0.5}>
        <SecurityIcon aria-hidden />
      </Box>
      <Box flexGrow={1}>
        <Typography variant="h6" component="h3">
          <Link to={result.location}>{result.title}</Link>
        </Typography>
        {/* Primary text colour: the page's grey background leaves the secondary one below AA. */}
        <Typography variant="body2" color="textPrimary">
          Team {fields.team ?? '?'} · issuer {fields.issuer ?? '?'}
        </Typography>
      </Box>
      {fields.state && <Chip size="small" label={fields.state} />}
    </Box>
  );
};
