import { CertificateStatusSummary } from '@internal/plugin-certificates-common';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { PullRequestLink } from '../PullRequestLink';

/**
 * A decommissioned certificate: what is gone, and the pull request that took
 * it out. Its creation steps would read "pending" forever, so they are not
 * shown.
 */
export const DecommissionedNotice = (props: {
  certificate: Pick<CertificateStatusSummary, 'names' | 'steps'>;
}) => {
  const { names, steps } = props.certificate;
  const pr = steps.pullRequest.pullRequest;
  return (
    <Alert severity="info" data-testid="decommissioned-notice">
      <AlertTitle>{names.join(', ')} is decommissioned</AlertTitle>
      Its Certificate, Secret and Vault copy are gone from the clusters
      {pr ? (
        <>
          ; pull request <PullRequestLink pullRequest={pr} inText /> took it
          out.
        </>
      ) : (
        '.'
      )}
    </Alert>
  );
};
