import path from 'node:path';
import { Config } from '@backstage/config';
import { PlatformSimulatorOptions } from './simulator';

export type SimulatorConfig = Omit<
  PlatformSimulatorOptions,
  'clock' | 'timings' | 'tickMs'
> & {
  port: number;
  clusterName: string;
  /** Where the backend reads its service account token for the Vault login (the simulator writes it, as the kubelet projects it). */
  vaultJwtPath?: string;
};

const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):(\d+)\/?$/;

/**
 * What the simulator serves, from the same app-config the backend reads:
 * the first cluster of `certificates.status.clusters` on a loopback http
 * URL (its port, its tokens), `certificates.status.vault` (its token and
 * KV mount, which must be on the same address), the issuers and zones, and
 * the local GitOps repository (`certificates.gitops.local.path`, relative
 * to `backendDir` as the backend resolves it). Undefined when no cluster
 * is local: a production config has nothing to simulate.
 */
export function readSimulatorConfig(
  config: Config,
  backendDir: string,
): SimulatorConfig | undefined {
  const certificates = config.getConfig('certificates');
  const clusters = certificates.getOptionalConfigArray('status.clusters') ?? [];
  const cluster = clusters.find(c => LOOPBACK.test(c.getString('url')));
  if (!cluster) return undefined;
  const [, host, port] = LOOPBACK.exec(cluster.getString('url'))!;
  const vault = certificates.getOptionalConfig('status.vault');
  const vaultAddress = vault?.getString('address').replace(/\/+$/, '');
  if (vault && vaultAddress !== cluster.getString('url').replace(/\/+$/, ''))
    throw new Error(
      `certificates.status.vault.address: must be the simulated cluster's URL ${cluster.getString(
        'url',
      )} to be simulated`,
    );
  const kubernetes = vault?.getOptionalConfig('kubernetes');
  const gitopsPath = certificates.getOptionalString('gitops.local.path');
  if (!gitopsPath)
    throw new Error(
      'certificates.gitops.local.path: the simulator follows the local GitOps repository; set it',
    );
  return {
    clusterName: cluster.getString('name'),
    port: Number(port),
    host: host === 'localhost' ? '127.0.0.1' : host.replace(/^\[|\]$/g, ''),
    gitopsPath: path.resolve(backendDir, gitopsPath),
    branch: certificates.getOptionalString('gitops.baseBranch') ?? 'main',
    clusterTokens: [
      cluster.getString('serviceAccountToken'),
      ...(cluster.getOptionalString('renewServiceAccountToken')
        ? [cluster.getString('renewServiceAccountToken')]
        : []),
    ],
    vaultToken: vault?.getOptionalString('token'),
    ...(kubernetes
      ? {
          vaultKubernetesAuth: {
            mountPath:
              kubernetes.getOptionalString('mountPath') ?? 'kubernetes',
            role: kubernetes.getString('role'),
            jwt: cluster.getString('serviceAccountToken'),
          },
          vaultJwtPath: path.resolve(
            backendDir,
            kubernetes.getOptionalString('jwtPath') ??
              '/var/run/secrets/kubernetes.io/serviceaccount/token',
          ),
        }
      : {}),
    kvMount:
      vault?.getOptionalString('kvMount') ??
      certificates.getOptionalString('vault.kvMount') ??
      'kv',
    argocdNamespace:
      certificates.getOptionalString('argocd.namespace') ?? 'argocd',
    issuers: (certificates.getOptionalConfigArray('issuers') ?? []).map(i => ({
      name: i.getString('name'),
      server: i.getString('server'),
      email: i.getOptionalString('email'),
    })),
    zones: (certificates.getOptionalConfigArray('zones') ?? []).map(z => ({
      domain: z.getString('domain'),
      provider: z.getOptionalString('dnsProvider.type'),
    })),
  };
}
