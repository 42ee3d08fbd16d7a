import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { Box } from '@material-ui/core';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import { rootRouteRef } from '../../routes';

/**
 * Back to the requests, at the top of the content: in the header it was
 * unreadable on the banner and ran into the subtitle on a phone.
 */
export const AllRequestsLink = () => {
  const root = useRouteRef(rootRouteRef)();
  return (
    <Box mb={2}>
      <Link to={root} style={{ display: 'inline-flex', alignItems: 'center' }}>
        <ArrowBackIcon fontSize="small" style={{ marginRight: 4 }} />
        All requests
      </Link>
    </Box>
  );
};
