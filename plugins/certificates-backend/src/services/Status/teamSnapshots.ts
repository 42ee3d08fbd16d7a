import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { StatusObject } from '@internal/plugin-certificates-common';
import { jsonBytes } from './boundedCache';
import { StatusConfig } from './config';
import {
  ClusterClient,
  describeError,
  emptySnapshot,
  TeamClusterSnapshot,
} from './kubernetes';
import { createReadThrough, LocalEntry } from './readThrough';
import { TeamSnapshot } from './teamSnapshot';
import { readTeamVault } from './teamVault';
import { createUpstreamClients } from './upstreamClients';

/**
 * Where a team's snapshot comes from: the background refresher's copy in
 * the cache (background mode), else the clusters and Vault read through
 * the cache for the TTL; an empty one when neither is configured.
 */
export function createTeamSnapshots(options: {
  config: StatusConfig;
  logger: LoggerService;
  cache: CacheService;
  clients: ClusterClient[];
  vault: ReturnType<typeof createUpstreamClients>['vault'];
  /** This instance's in-process copies. */
  local: {
    get(key: string): LocalEntry | undefined;
    set(key: string, entry: LocalEntry, size: number): void;
  };
  cached: ReturnType<typeof createReadThrough>;
  now: () => number;
  ttlMs: number;
  vaultConcurrency?: number;
  background?: { onCold?: () => void };
}): (team: string) => Promise<TeamSnapshot> {
  const { config, logger, cache, clients, vault, local, cached, now, ttlMs } =
    options;

  function clusterIssuers(
    client: ClusterClient,
  ): Promise<{ items: StatusObject[] | null; error?: string }> {
    return cached(`issuers:${client.name}`, async () => {
      try {
        return { items: await client.listClusterIssuers() };
      } catch (error) {
        return {
          items: null,
          error: `ClusterIssuers: ${describeError(error)}`,
        };
      }
    });
  }

  async function loadTeam(team: string): Promise<TeamSnapshot> {
    const perCluster = await Promise.all(
      clients.map(async client => {
        const [snapshot, issuers] = await Promise.all([
          client
            .readTeam(team)
            .catch(
              (error): TeamClusterSnapshot =>
                emptySnapshot(
                  client.name,
                  `cluster ${client.name}: ${describeError(error)}`,
                ),
            ),
          clusterIssuers(client),
        ]);
        return { snapshot, issuers };
      }),
    );
    const result: TeamSnapshot = {
      observedAt: new Date(now()).toISOString(),
      clusters: perCluster.map(p => p.snapshot),
      issuers: {},
      issuerErrors: {},
      vault: {},
    };
    for (const p of perCluster) {
      result.issuers[p.snapshot.cluster] = p.issuers.items;
      if (p.issuers.error)
        result.issuerErrors[p.snapshot.cluster] = p.issuers.error;
      if (!p.snapshot.ok)
        logger.warn(`certificate status: ${p.snapshot.error}`);
    }
    if (vault) {
      const read = await readTeamVault(vault, {
        config,
        team,
        clusters: result.clusters,
        concurrency: options.vaultConcurrency ?? 16,
      });
      result.vault = read.vault;
      if (read.vaultError) result.vaultError = read.vaultError;
    }
    return result;
  }

  const emptyTeamSnapshot = (): TeamSnapshot => ({
    observedAt: new Date(now()).toISOString(),
    clusters: [],
    issuers: {},
    issuerErrors: {},
    vault: {},
  });

  /** Background mode: the refresher's snapshot (kept in memory briefly), else "refreshing" at once. */
  async function refreshedSnapshot(team: string): Promise<TeamSnapshot> {
    const key = `team:${team}`;
    const mine = local.get(key);
    if (mine && mine.expiresAt > now()) return mine.value as TeamSnapshot;
    const hit = (await cache.get(key).catch(error => {
      logger.warn(
        `certificate status cache read failed: ${describeError(error)}`,
      );
      return undefined;
    })) as unknown as TeamSnapshot | undefined;
    if (!hit) {
      options.background?.onCold?.();
      return { ...emptyTeamSnapshot(), refreshing: true };
    }
    // A few seconds: the next refresh shows up soon, and warm views skip deserializing megabytes.
    local.set(
      key,
      { value: hit, expiresAt: now() + Math.min(ttlMs, 5000) },
      jsonBytes(hit),
    );
    return hit;
  }

  const snapshotOf = (team: string) => {
    if (clients.length === 0 && !vault)
      return Promise.resolve(emptyTeamSnapshot());
    if (options.background) return refreshedSnapshot(team);
    return cached(`team:${team}`, () => loadTeam(team));
  };

  return snapshotOf;
}
