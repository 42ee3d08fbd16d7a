import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  certificatePlatformAdminPermission,
  PullRequestRef,
} from '@internal/plugin-certificates-common';
import { Button, List, ListItem, ListItemText } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { certificatesApiRef, errorMessage } from '../../api';
import { AsyncRetryContent } from '../AsyncRetryContent';
import { PullRequestLink } from '../PullRequestLink';
import { ClusterApis } from './ClusterApis';

const PlatformBundle = () => {
  const api = useApi(certificatesApiRef);
  const state = useAsyncRetry(() => api.getPlatformStatus(), [api]);
  const [opened, setOpened] = useState<{
    pullRequest?: PullRequestRef;
    error?: string;
  }>();
  const open = () =>
    api.bootstrapPlatform().then(
      ({ pullRequest }) => {
        setOpened({ pullRequest });
        state.retry();
      },
      error => setOpened({ error: errorMessage(error) }),
    );
  return (
    <InfoCard title="Platform bundle" subheader="Visible to platform admins">
      <AsyncRetryContent state={state} what="the platform bundle">
        {bundle => (
          <div data-testid="platform-bundle">
            <ClusterApis clusters={bundle.clusters ?? []} />
            {bundle.upToDate ? (
              <Alert severity="success">
                The GitOps repository holds the current platform bundle.
              </Alert>
            ) : (
              <Alert severity="warning">
                {bundle.missing.length} files missing and{' '}
                {bundle.outdated.length} out of date in the GitOps repository.
              </Alert>
            )}
            <List dense aria-label="Platform files to change">
              {[...bundle.missing, ...bundle.outdated].map(path => (
                <ListItem key={path} disableGutters>
                  <ListItemText primary={path} />
                </ListItem>
              ))}
            </List>
            {!bundle.upToDate && (
              <Button variant="contained" color="primary" onClick={open}>
                Open the platform pull request
              </Button>
            )}
            {opened?.pullRequest && (
              <Alert severity="info">
                Pull request:{' '}
                <PullRequestLink pullRequest={opened.pullRequest} />
              </Alert>
            )}
            {opened?.error && <Alert severity="error">{opened.error}</Alert>}
          </div>
        )}
      </AsyncRetryContent>
    </InfoCard>
  );
};

/**
 * The platform bundle (ClusterIssuers, DNS solvers, Argo CD, monitoring) and
 * the button that opens its pull request. Platform admins only: anyone else
 * gets nothing rendered, as the backend would refuse them anyway.
 */
export const PlatformPanel = () => {
  const { allowed } = usePermission({
    permission: certificatePlatformAdminPermission,
  });
  return allowed ? <PlatformBundle /> : null;
};
