import { Config } from '@backstage/config';

/** `certificates.status.refresh`: the background refresher of the status snapshots. */
export type RefreshConfig = {
  /** Off: views read the clusters and Vault themselves (cached for cacheTtlSeconds). */
  enabled: boolean;
  periodSeconds: number;
  /** A certificate's Vault metadata is read again after this long even when its Secret did not change. */
  vaultMaxAgeMs: number;
  /** Parallel Vault reads of one refresh. */
  vaultConcurrency: number;
};

/** On by default whenever clusters or Vault are configured. */
export function readRefreshConfig(root: Config): RefreshConfig {
  const status = root.getOptionalConfig('certificates.status');
  const refresh = status?.getOptionalConfig('refresh');
  const upstream =
    (status?.getOptionalConfigArray('clusters')?.length ?? 0) > 0 ||
    !!status?.getOptionalConfig('vault');
  const positive = (key: string, fallback: number) => {
    const value = refresh?.getOptionalNumber(key) ?? fallback;
    if (!(value > 0))
      throw new Error(
        `certificates.status.refresh.${key}: must be a positive number`,
      );
    return value;
  };
  return {
    enabled: upstream && (refresh?.getOptionalBoolean('enabled') ?? true),
    periodSeconds: positive('periodSeconds', 60),
    vaultMaxAgeMs: positive('vaultMaxAgeMinutes', 60) * 60_000,
    vaultConcurrency: Math.floor(positive('vaultConcurrency', 8)),
  };
}
