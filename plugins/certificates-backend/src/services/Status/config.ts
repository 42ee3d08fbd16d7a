import { Config } from '@backstage/config';
import type { Config as CertificatesConfig } from '../../../config';
import { CacheLimits, DEFAULT_CACHE_LIMITS } from './boundedCache';

/** `certificates.status` as config.d.ts declares it: the one declaration of its shape. */
type StatusSection = NonNullable<CertificatesConfig['certificates']['status']>;
type ClusterEntry = NonNullable<StatusSection['clusters']>[number];
type VaultEntry = NonNullable<StatusSection['vault']>;

/** A cluster the status reads (renewing is the renewal service's: `allowRenew` and its token are left out). */
export type StatusClusterConfig = Omit<
  ClusterEntry,
  'allowRenew' | 'renewServiceAccountToken'
>;

/** The Vault settings with their defaults filled in. */
export type StatusVaultConfig = Omit<VaultEntry, 'kubernetes' | 'kvMount'> & {
  kubernetes?: Required<NonNullable<VaultEntry['kubernetes']>>;
  kvMount: string;
};

export type StatusConfig = {
  clusters: StatusClusterConfig[];
  vault?: StatusVaultConfig;
  cacheTtlSeconds: number;
  /** Per upstream HTTP request. */
  requestTimeoutMs: number;
  /** Namespace of Argo CD Applications. */
  argocdNamespace: string;
  /** Vault key below the KV mount; `{team}` and `{certificate}` are replaced. */
  remoteKeyTemplate: string;
  /** Bounds of the in-process status memory (team snapshots and built answers together); defaults when absent. */
  cache?: CacheLimits;
};

/**
 * Reads `certificates.status`. Everything is optional: without clusters the
 * status shows only the stored request and pull request steps.
 */
export function readStatusConfig(root: Config): StatusConfig {
  const certificates = root.getOptionalConfig('certificates');
  const status = certificates?.getOptionalConfig('status');
  const clusters = (status?.getOptionalConfigArray('clusters') ?? []).map(
    (c, i) => {
      const authProvider =
        c.getOptionalString('authProvider') ?? 'serviceAccount';
      if (authProvider !== 'serviceAccount') {
        throw new Error(
          `certificates.status.clusters[${i}].authProvider: only "serviceAccount" is supported`,
        );
      }
      const url = c.getString('url');
      if (!/^https?:\/\//.test(url))
        throw new Error(
          `certificates.status.clusters[${i}].url: must be an http(s) URL`,
        );
      return {
        name: c.getString('name'),
        title: c.getOptionalString('title'),
        url: url.replace(/\/+$/, ''),
        authProvider,
        serviceAccountToken: c.getString('serviceAccountToken'),
        caData: c.getOptionalString('caData'),
        skipTLSVerify: c.getOptionalBoolean('skipTLSVerify'),
      } satisfies StatusClusterConfig;
    },
  );
  const names = new Set<string>();
  for (const c of clusters) {
    if (names.has(c.name))
      throw new Error(
        `certificates.status.clusters: duplicate cluster name "${c.name}"`,
      );
    names.add(c.name);
  }
  const vaultConfig = status?.getOptionalConfig('vault');
  let vault: StatusVaultConfig | undefined;
  if (vaultConfig) {
    const kubernetes = vaultConfig.getOptionalConfig('kubernetes');
    vault = {
      address: vaultConfig.getString('address').replace(/\/+$/, ''),
      token: vaultConfig.getOptionalString('token'),
      kubernetes: kubernetes
        ? {
            role: kubernetes.getString('role'),
            mountPath:
              kubernetes.getOptionalString('mountPath') ?? 'kubernetes',
            jwtPath:
              kubernetes.getOptionalString('jwtPath') ??
              '/var/run/secrets/kubernetes.io/serviceaccount/token',
          }
        : undefined,
      kvMount:
        vaultConfig.getOptionalString('kvMount') ??
        certificates?.getOptionalString('vault.kvMount') ??
        'kv',
      namespace: vaultConfig.getOptionalString('namespace'),
    };
    if (!vault.token && !vault.kubernetes) {
      throw new Error(
        'certificates.status.vault: set either token or kubernetes { role, mountPath, jwtPath }',
      );
    }
  }
  const ttl = status?.getOptionalNumber('cacheTtlSeconds') ?? 30;
  if (!(ttl > 0))
    throw new Error(
      'certificates.status.cacheTtlSeconds: must be a positive number',
    );
  const limit = (key: 'maxEntries' | 'maxBytes') => {
    const value =
      status?.getOptionalNumber(`cache.${key}`) ?? DEFAULT_CACHE_LIMITS[key];
    if (!Number.isInteger(value) || value < 1)
      throw new Error(
        `certificates.status.cache.${key}: must be a positive integer`,
      );
    return value;
  };
  return {
    clusters,
    vault,
    cacheTtlSeconds: ttl,
    cache: { maxEntries: limit('maxEntries'), maxBytes: limit('maxBytes') },
    requestTimeoutMs: status?.getOptionalNumber('requestTimeoutMs') ?? 10_000,
    argocdNamespace:
      certificates?.getOptionalString('argocd.namespace') ?? 'argocd',
    remoteKeyTemplate:
      certificates?.getOptionalString('remoteKeyTemplate') ??
      'certs/{team}/{certificate}',
  };
}

export { fillRemoteKeyTemplate as vaultKey } from '@internal/plugin-certificates-node';
