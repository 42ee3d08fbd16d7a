import { ClusterApiState } from '@internal/plugin-certificates-common';
import Alert from '@material-ui/lab/Alert';

/**
 * Clusters that lack an API version the platform needs: without
 * `policies.kyverno.io/v1` (Kyverno 1.17 or later) the admission policies
 * are never enforced, silently. Nothing is shown when every cluster serves
 * everything.
 */
export const ClusterApis = ({ clusters }: { clusters: ClusterApiState[] }) => (
  <>
    {clusters
      .filter(c => c.missing.length > 0 || c.error)
      .map(c => (
        <Alert
          key={c.cluster}
          severity="error"
          data-testid={`cluster-apis-${c.cluster}`}
        >
          {c.error
            ? `Cluster ${c.cluster}: ${c.error}; the platform cannot tell whether its components are installed.`
            : `Cluster ${c.cluster} does not serve ${c.missing.join(
                ', ',
              )}. Install or upgrade the component (docs/security.md lists the minimum versions).`}
        </Alert>
      ))}
  </>
);
