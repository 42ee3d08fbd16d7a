import { Link } from '@backstage/core-components';
import { StoredCertificateRequest } from '@internal/plugin-certificates-common';
import { Box, Button, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { PullRequestLink } from '../PullRequestLink';

/** The Request button, why it is disabled, and what a submit created. */
export const SubmitRow = (props: {
  ready: boolean;
  /** Why the button is disabled, in a few words. */
  reason?: string;
  created?: StoredCertificateRequest;
  statusLink?: (id: string) => string;
}) => {
  const { created } = props;
  return (
    <>
      <Box display="flex" alignItems="center" style={{ gap: 12 }}>
        <Button
          type="submit"
          variant="contained"
          color="primary"
          disabled={!props.ready}
          aria-describedby="request-submit-reason"
        >
          Request certificate
        </Button>
        {!props.ready && props.reason && (
          <Typography
            id="request-submit-reason"
            variant="body2"
            color="textSecondary"
            data-testid="submit-reason"
          >
            {props.reason}
          </Typography>
        )}
      </Box>
      {created && (
        <Alert severity="success" style={{ marginTop: 16 }}>
          Request {created.state === 'pr-open' ? 'opened' : created.state}.{' '}
          {created.pullRequest && (
            <PullRequestLink pullRequest={created.pullRequest}>
              Pull request #{created.pullRequest.number}
            </PullRequestLink>
          )}
          {props.statusLink && (
            <>
              {' · '}
              <Link to={props.statusLink(created.id)}>Follow its status</Link>
            </>
          )}
        </Alert>
      )}
    </>
  );
};
