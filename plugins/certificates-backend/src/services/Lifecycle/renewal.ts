import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import type { HttpLibrary } from '@kubernetes/client-node';
import {
  CertificateStatusSummary,
  RenewAvailability,
} from '@internal/plugin-certificates-common';
import { readStatusConfig } from '../Status';
import { ClusterClient, describeError } from '../Status/kubernetes';

/** What a renew did on one cluster. */
export type RenewOutcome = {
  cluster: string;
  /** `renewed`: the Issuing condition was set; `in-progress`: it was already set (nothing written). */
  result: 'renewed' | 'in-progress';
};

export interface RenewalService {
  /** Clusters this backend may renew on (`allowRenew: true`). */
  readonly clusters: string[];
  /** Renews the certificate on every renew-enabled cluster that holds it. */
  renew(team: string, certificateName: string): Promise<RenewOutcome[]>;
}

/**
 * "Renew now" through the status clusters. Writing to a cluster is an
 * explicit opt-in per cluster (`certificates.status.clusters[].allowRenew`),
 * optionally with its own token (`renewServiceAccountToken`) whose only
 * right is `patch` on `certificates/status` in tenant namespaces.
 */
export function createRenewalService(options: {
  config: Config;
  logger: LoggerService;
  httpApi?: HttpLibrary;
  now?: () => Date;
}): RenewalService {
  const status = readStatusConfig(options.config);
  const raw =
    options.config.getOptionalConfigArray('certificates.status.clusters') ?? [];
  const writers = status.clusters.flatMap((cluster, i) => {
    if (raw[i]?.getOptionalBoolean('allowRenew') !== true) return [];
    const token =
      raw[i].getOptionalString('renewServiceAccountToken') ??
      cluster.serviceAccountToken;
    return [
      new ClusterClient(
        { ...cluster, serviceAccountToken: token },
        {
          requestTimeoutMs: status.requestTimeoutMs,
          argocdNamespace: status.argocdNamespace,
          httpApi: options.httpApi,
        },
      ),
    ];
  });
  const now = options.now ?? (() => new Date());

  return {
    clusters: writers.map(w => w.name),
    async renew(team, certificateName) {
      if (writers.length === 0) {
        throw new ServiceUnavailableError(
          'renew: no cluster allows renewing; set certificates.status.clusters[].allowRenew (and a token that may patch certificates/status)',
        );
      }
      const outcomes: RenewOutcome[] = [];
      for (const writer of writers) {
        try {
          const result = await writer.renewCertificate(
            team,
            certificateName,
            now(),
          );
          if (result) outcomes.push({ cluster: writer.name, result });
        } catch (error) {
          options.logger.warn(
            `Renewing ${team}/${certificateName} on ${
              writer.name
            } failed: ${describeError(error)}`,
          );
          throw new ServiceUnavailableError(
            `renew: cluster ${writer.name} refused: ${describeError(error)}`,
          );
        }
      }
      if (outcomes.length === 0) {
        throw new NotFoundError(
          `certificate: ${team}/${certificateName} is on none of the clusters that allow renewing (${writers
            .map(w => w.name)
            .join(', ')})`,
        );
      }
      return outcomes;
    },
  };
}

/**
 * Whether "Renew now" can act on a certificate found on `certificate.cluster`
 * (and `alsoOn`): only on a cluster that allows renewing. The reason is for
 * the person looking at the certificate, not for the operator.
 */
export function renewAvailability(
  certificate: Pick<CertificateStatusSummary, 'cluster' | 'alsoOn'>,
  renewClusters: readonly string[],
): RenewAvailability {
  if (renewClusters.length === 0) {
    return {
      allowed: false,
      reason:
        'Renewing from Backstage is not turned on for any cluster; cert-manager still renews the certificate on its own before it expires.',
    };
  }
  const on = [certificate.cluster, ...(certificate.alsoOn ?? [])].filter(
    (c): c is string => !!c,
  );
  if (!on.some(c => renewClusters.includes(c))) {
    return {
      allowed: false,
      reason:
        on.length === 0
          ? 'The certificate is not on a cluster yet, so there is nothing to renew.'
          : `The certificate is on ${on.join(
              ', ',
            )}, where renewing from Backstage is not turned on.`,
    };
  }
  return { allowed: true };
}
