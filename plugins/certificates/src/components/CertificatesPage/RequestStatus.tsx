import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Chip,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { certificatesApiRef, errorMessage } from '../../api';
import { CertificateStatus } from '../CertificateStatusCard';
import { PullRequestLink } from '../PullRequestLink';
import { formatTime } from '../status/lifecycle';
import { useLiveRefresh } from '../status/useLiveRefresh';
import { DecommissionSteps } from './DecommissionSteps';
import { RequestActions } from './RequestActions';

/** `?request=<id>`: the request, its history and, once merged, the certificate's lifecycle. */
export const RequestStatus = (props: { id: string; refreshKey?: number }) => {
  const api = useApi(certificatesApiRef);
  const state = useAsyncRetry(
    () => api.getRequest(props.id),
    [api, props.id, props.refreshKey],
  );
  // Live through signals when the app has them, else polled.
  useLiveRefresh(state.value?.team, state.retry);
  if (state.loading && !state.value) return <Progress />;
  if (state.error) {
    return (
      <Alert severity="error">
        Could not load request {props.id}: {errorMessage(state.error)}
      </Alert>
    );
  }
  const request = state.value;
  if (!request) return null;
  const decommission = request.operation === 'decommission';
  return (
    <InfoCard
      title={`${
        decommission ? 'Decommission of' : 'Request for'
      } ${request.names.join(', ')}`}
      subheader={`${request.team} · ${request.issuer} · requested ${formatTime(
        request.createdAt,
      )} by ${request.createdBy}`}
    >
      <div data-testid="request-status">
        <Typography variant="body1" gutterBottom>
          State: <Chip size="small" label={request.state} />{' '}
          {request.pullRequest && (
            <PullRequestLink pullRequest={request.pullRequest}>
              Pull request #{request.pullRequest.number}
            </PullRequestLink>
          )}
        </Typography>
        {request.error && (
          <Alert severity="error" data-testid="request-error">
            {request.failedStep ? `${request.failedStep}: ` : ''}
            {request.error}
            {request.state === 'pending' && request.nextAttemptAt
              ? ` (attempt ${request.attempts ?? 1}, next ${formatTime(
                  request.nextAttemptAt,
                )})`
              : ''}
          </Alert>
        )}
        <RequestActions request={request} onChange={state.retry} />
        <List dense aria-label="Request history">
          {request.events.map((e, i) => (
            <ListItem key={i} disableGutters>
              <ListItemText
                primary={`${e.state}${e.message ? `: ${e.message}` : ''}`}
                secondary={`${formatTime(e.at)} · ${e.actor}`}
              />
            </ListItem>
          ))}
        </List>
        {decommission && !['closed', 'cancelled'].includes(request.state) && (
          <>
            <Typography variant="h6" component="h3">
              Decommission
            </Typography>
            <Typography variant="body2" gutterBottom>
              Removes the Certificate, its Secret and its Vault copy (and the
              team's namespace with its last certificate).
            </Typography>
            <DecommissionSteps request={request} />
          </>
        )}
        {request.state === 'decommissioned' && (
          <Alert severity="info">
            This certificate was decommissioned by a later request.
          </Alert>
        )}
        {!decommission &&
          !['closed', 'failed', 'cancelled', 'decommissioned'].includes(
            request.state,
          ) && (
            <>
              <Typography variant="h6" component="h3">
                Certificate lifecycle
              </Typography>
              <CertificateStatus
                team={request.team}
                name={request.certificateName}
              />
            </>
          )}
      </div>
    </InfoCard>
  );
};
