import { StatusConfig, vaultKey } from './config';
import { describeError, TeamClusterSnapshot } from './kubernetes';
import { VaultKeyMetadata, VaultMetadataClient } from './vault';

async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from(
    { length: Math.min(limit, items.length) },
    async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    },
  );
  await Promise.all(workers);
  return out;
}

/**
 * Vault metadata of the team's certificates that push to Vault, each read
 * once even when on several clusters, at most `concurrency` at a time so a
 * large team does not flood Vault. A failed read is recorded on its entry
 * (and the first one as `vaultError`) instead of failing the whole view.
 */
export async function readTeamVault(
  vault: VaultMetadataClient,
  options: {
    config: StatusConfig;
    team: string;
    clusters: TeamClusterSnapshot[];
    concurrency: number;
  },
): Promise<{ vault: Record<string, VaultKeyMetadata>; vaultError?: string }> {
  const { config, team } = options;
  const names = new Set<string>();
  for (const c of options.clusters)
    for (const p of c.pushSecrets) names.add(p.metadata.name);
  let firstError: string | undefined;
  const entries = await mapLimit(
    [...names],
    options.concurrency,
    async name => {
      const key = vaultKey(config.remoteKeyTemplate, team, name);
      try {
        return [name, await vault.metadata(key)] as const;
      } catch (error) {
        const message = describeError(error);
        firstError ??= message;
        return [
          name,
          {
            path: `${config.vault!.kvMount}/${key}`,
            exists: false,
            error: message,
          },
        ] as const;
      }
    },
  );
  const result: Record<string, VaultKeyMetadata> = {};
  for (const [name, meta] of entries) result[name] = meta;
  return firstError
    ? { vault: result, vaultError: firstError }
    : { vault: result };
}
