import {
  ClusterApiState,
  PlatformModel,
} from '@internal/plugin-certificates-common';
import { requiredApiVersions } from '@internal/plugin-certificates-node';
import { HttpLibrary } from '@kubernetes/client-node';
import { ClusterClient, describeError } from '../Status/kubernetes';
import { StatusConfig } from '../Status/config';

/**
 * Why each required API group matters, for the message: a missing
 * `policies.kyverno.io/v1` means the admission wall does not exist (Kyverno
 * serves it from 1.17), not merely a feature gap.
 */
const CONSEQUENCES: Record<string, string> = {
  'policies.kyverno.io': 'no admission policy is enforced',
  'policy.cert-manager.io': 'no CertificateRequest is approved',
  'argoproj.io': 'nothing is synced from the GitOps repository',
  'cert-manager.io': 'no certificate is issued',
  'acme.cert-manager.io': 'no certificate is issued',
  'external-secrets.io': 'no certificate reaches Vault',
  'redhatcop.redhat.io': "no team's Vault policy or role is written",
  'monitoring.coreos.com': 'no alert is evaluated',
};

export interface PlatformApiCheck {
  /** Per configured cluster, the required `group/version`s it does not serve; empty without clusters. */
  check(): Promise<ClusterApiState[]>;
}

/** Reads each cluster's API discovery (`GET /apis`) through the status cluster client. */
export function createPlatformApiCheck(options: {
  platform: PlatformModel;
  status: Pick<
    StatusConfig,
    'clusters' | 'requestTimeoutMs' | 'argocdNamespace'
  >;
  /** Overrides the transport (tests). */
  httpApi?: HttpLibrary;
}): PlatformApiCheck {
  const required = requiredApiVersions(options.platform);
  const clients = options.status.clusters.map(
    c =>
      new ClusterClient(c, {
        requestTimeoutMs: options.status.requestTimeoutMs,
        argocdNamespace: options.status.argocdNamespace,
        httpApi: options.httpApi,
      }),
  );
  const describe = (groupVersion: string) => {
    const consequence = CONSEQUENCES[groupVersion.split('/')[0]];
    return consequence ? `${groupVersion} (${consequence})` : groupVersion;
  };
  return {
    check: () =>
      Promise.all(
        clients.map(async (client): Promise<ClusterApiState> => {
          try {
            const served = await client.servedApiVersions();
            return {
              cluster: client.name,
              missing: required.filter(v => !served.has(v)).map(describe),
            };
          } catch (error) {
            return {
              cluster: client.name,
              missing: [],
              error: `could not read the API discovery (GET /apis): ${describeError(
                error,
              )}`,
            };
          }
        }),
      ),
  };
}
