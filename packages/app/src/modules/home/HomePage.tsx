import {
  Content,
  Header,
  InfoCard,
  Link,
  LinkButton,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  localPullRequestPath,
  RequestState,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import { Box, Grid, Typography } from '@material-ui/core';
import { EXPIRING_DAYS, useCertificateSummary } from './useCertificateSummary';

const STATE_LABEL: Array<[RequestState, string]> = [
  ['merged', 'Merged into the GitOps repository'],
  ['pr-open', 'Pull request open'],
  ['pending', 'Being published'],
  ['failed', 'Publishing failed'],
];

/** The app's own page for a local pull request, GitHub's page otherwise. */
function PullRequestLink(props: { request: StoredCertificateRequest }) {
  const pr = props.request.pullRequest!;
  let path: string | undefined;
  try {
    path = new URL(pr.url).pathname;
  } catch {
    path = undefined;
  }
  const local = path === localPullRequestPath(pr.number);
  return (
    <Link to={local ? path! : pr.url}>
      #{pr.number}: {props.request.names.join(', ')}
    </Link>
  );
}

/** `/`: the signed-in user's certificates at a glance, and where to go next. */
export const HomePage = () => {
  const summary = useCertificateSummary();
  const value = summary.value;
  return (
    <Page themeId="home">
      <Header
        title="Certificates Platform"
        subtitle="Self-service TLS certificates"
      />
      <Content>
        {summary.loading && <Progress />}
        {summary.error && <ResponseErrorPanel error={summary.error} />}
        {value && (
          <Grid container spacing={3}>
            <Grid item xs={12} md={6}>
              <InfoCard title="Your certificates">
                <Typography
                  variant="h3"
                  component="p"
                  aria-label="Certificate count"
                >
                  {value.total}
                </Typography>
                <Typography>
                  {value.total === 1 ? 'certificate' : 'certificates'} of{' '}
                  {value.teams.length > 0 ? value.teams.join(', ') : 'no team'}
                </Typography>
                <ul aria-label="Certificates by state">
                  {STATE_LABEL.filter(([state]) => value.byState[state]).map(
                    ([state, label]) => (
                      <li key={state}>
                        {label}: {value.byState[state]}
                      </li>
                    ),
                  )}
                </ul>
                <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
                  <LinkButton
                    to="/certificates/new"
                    variant="contained"
                    color="primary"
                  >
                    Request a certificate
                  </LinkButton>
                  <LinkButton
                    to="/certificates"
                    variant="outlined"
                    color="primary"
                  >
                    All certificates
                  </LinkButton>
                </Box>
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={6}>
              <InfoCard title="Open pull requests">
                {value.openPullRequests.length === 0 ? (
                  <Typography>No pull request waits for review.</Typography>
                ) : (
                  <ul>
                    {value.openPullRequests.map(r => (
                      <li key={r.id}>
                        <PullRequestLink request={r} />
                      </li>
                    ))}
                  </ul>
                )}
              </InfoCard>
              <Box mt={3}>
                <InfoCard title={`Expiring within ${EXPIRING_DAYS} days`}>
                  {value.expiringSoon.length === 0 ? (
                    <Typography>Nothing expires soon.</Typography>
                  ) : (
                    <ul>
                      {value.expiringSoon.map(c => (
                        <li key={`${c.team}/${c.names.join(',')}`}>
                          {c.names.join(', ')} ({c.team}): {c.notAfter}
                        </li>
                      ))}
                    </ul>
                  )}
                </InfoCard>
              </Box>
            </Grid>
          </Grid>
        )}
      </Content>
    </Page>
  );
};
