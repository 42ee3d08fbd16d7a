import {
  Content,
  EmptyState,
  Header,
  InfoCard,
  Link,
  MarkdownContent,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { LocalPullRequestDetails } from '@internal/plugin-certificates-common';
import { Box, Chip, Grid, Typography } from '@material-ui/core';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { certificatesApiRef } from '../../api';
import { MergePullRequestButton } from './MergePullRequestButton';
import { FileList } from './FileList';

const STATE_LABEL: Record<LocalPullRequestDetails['state'], string> = {
  open: 'Open',
  merged: 'Merged',
  closed: 'Closed',
};

/** The request view of one of the pull request's requests. */
function requestPath(id: string) {
  return `/certificates?request=${encodeURIComponent(id)}`;
}

/**
 * `/certificates/pull-requests/:number`: a pull request on the local GitOps
 * target, as GitHub would show it: title, state, the requests it carries,
 * its files with their diffs, and Merge while it is open.
 */
export const LocalPullRequestPage = () => {
  const api = useApi(certificatesApiRef);
  const alerts = useApi(alertApiRef);
  const { number = '' } = useParams<{ number: string }>();
  const [merging, setMerging] = useState(false);
  const pr = useAsyncRetry(
    () => api.getLocalPullRequest(Number(number)),
    [api, number],
  );

  const merge = async (id: string) => {
    setMerging(true);
    try {
      await api.mergeRequest(id);
      alerts.post({
        message: `Pull request #${number} merged`,
        severity: 'success',
        display: 'transient',
      });
      pr.retry();
    } catch (error) {
      alerts.post({ message: String(error), severity: 'error' });
    } finally {
      setMerging(false);
    }
  };

  const details = pr.value;
  const mergeable =
    details?.state === 'open'
      ? details.requests.find(r => r.state === 'pr-open')
      : undefined;
  return (
    <Page themeId="tool">
      <Header
        title={details ? details.title : `Pull request #${number}`}
        subtitle={
          details
            ? `#${details.number}: ${details.branch} into ${details.base}`
            : 'Local GitOps repository'
        }
      />
      <Content>
        <Box mb={2}>
          <Link to="/certificates">Back to all requests</Link>
        </Box>
        {pr.loading && !details && <Progress />}
        {pr.error && <ResponseErrorPanel error={pr.error} />}
        {details && (
          <Grid container spacing={3}>
            <Grid item xs={12}>
              <InfoCard title="Pull request">
                <Box display="flex" alignItems="center" flexWrap="wrap">
                  <Chip
                    label={STATE_LABEL[details.state]}
                    color={details.state === 'open' ? 'primary' : 'default'}
                    aria-label={`State: ${STATE_LABEL[details.state]}`}
                  />
                  {details.approved && <Chip label="Approved" />}
                  <Typography component="span" style={{ margin: '0 16px' }}>
                    {details.files.length} changed files
                  </Typography>
                  {mergeable && (
                    <MergePullRequestButton
                      requestId={mergeable.id}
                      number={details.number}
                      busy={merging}
                      onMerge={merge}
                    />
                  )}
                </Box>
                {details.requests.length > 0 && (
                  <Box mt={2}>
                    <Typography variant="subtitle2" component="h3">
                      Requests in this pull request
                    </Typography>
                    <ul>
                      {details.requests.map(r => (
                        <li key={r.id}>
                          <Link to={requestPath(r.id)} underline="always">
                            {r.names.join(', ')}
                          </Link>{' '}
                          ({r.team}, {r.state})
                        </li>
                      ))}
                    </ul>
                  </Box>
                )}
              </InfoCard>
            </Grid>
            <Grid item xs={12}>
              {details.files.length > 0 ? (
                <FileList files={details.files} />
              ) : (
                <EmptyState
                  missing="content"
                  title="No changed files to show"
                  description="A closed pull request's branch is deleted with it."
                />
              )}
            </Grid>
            <Grid item xs={12}>
              <InfoCard title="Description">
                <MarkdownContent content={details.body} />
              </InfoCard>
            </Grid>
          </Grid>
        )}
      </Content>
    </Page>
  );
};
