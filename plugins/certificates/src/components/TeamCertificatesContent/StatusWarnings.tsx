import { TeamCertificatesStatus } from '@internal/plugin-certificates-common';
import { Grid } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';

/** What the status snapshot could not read: clusters, Vault, or no snapshot yet. */
export const StatusWarnings = (props: { status: TeamCertificatesStatus }) => {
  const { status } = props;
  return (
    <>
      {status.clusters
        .filter(c => !c.ok || c.warnings?.length)
        .map(c => (
          <Grid item xs={12} key={c.name}>
            <Alert severity="warning">
              Cluster {c.name}: {c.error ?? c.warnings?.join('; ')}
            </Alert>
          </Grid>
        ))}
      {status.refreshing && (
        <Grid item xs={12}>
          <Alert severity="info">
            Refreshing: the clusters and Vault are being read for the first time
            since the backend started. Until then only the requests are shown.
          </Alert>
        </Grid>
      )}
      {status.vault?.error && (
        <Grid item xs={12}>
          <Alert severity="warning">Vault: {status.vault.error}</Alert>
        </Grid>
      )}
    </>
  );
};
