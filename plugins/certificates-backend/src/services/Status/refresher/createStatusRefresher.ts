import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';
import { StatusObject } from '@internal/plugin-certificates-common';
import { StatusConfig, vaultKey } from '../config';
import {
  ClusterClient,
  describeError,
  emptySnapshot,
  FleetClusterSnapshot,
} from '../kubernetes';
import type { TeamSnapshot } from '../teamSnapshot';
import { VaultKeyMetadata, VaultMetadataClient } from '../vault';
import { RefreshConfig } from './refreshConfig';

/** What one refresh did: the figures of the status benchmark. */
export type RefreshStats = {
  teams: number;
  /** Kubernetes LISTs are one per kind per cluster, whatever the number of teams. */
  clusters: number;
  vaultReads: number;
  /** Vault metadata kept from the last refresh (Secret unchanged, not too old). */
  vaultKept: number;
  durationMs: number;
};

export interface StatusRefresher {
  /** Reads every cluster and the changed Vault keys once, and stores each team's snapshot. */
  refresh(): Promise<RefreshStats>;
}

/** Cache key of a team's snapshot, shared with the status service. */
export const teamSnapshotKey = (team: string) => `team:${team}`;

async function mapLimit<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** Which issuance of a certificate its Secret holds: cert-manager bumps `status.revision` with every Secret it writes. */
function secretRevision(snapshot: TeamSnapshot, name: string): string {
  for (const c of snapshot.clusters) {
    const cert = c.certificates.find(o => o.metadata.name === name);
    const status = cert?.status as
      | { revision?: number; notAfter?: string }
      | undefined;
    if (cert)
      return `${c.cluster}:${status?.revision ?? 0}:${status?.notAfter ?? ''}`;
  }
  return 'absent';
}

/** What a snapshot says of the team, without when it was taken or read. */
function snapshotContent(snapshot: TeamSnapshot | undefined): string {
  if (!snapshot) return '';
  const { observedAt: _observed, vaultReads: _reads, ...content } = snapshot;
  return JSON.stringify(content);
}

/**
 * The background refresher (one runner across instances, as a scheduler
 * task): per period one LIST per kind per cluster for every team at once,
 * and Vault metadata only for certificates whose Secret changed since the
 * last read or whose last read is older than `vaultMaxAgeMs`, at most
 * `vaultConcurrency` at a time. Snapshots go to the cache, where every
 * instance's views read them without waiting on a cluster or Vault.
 */
export function createStatusRefresher(options: {
  clients: ClusterClient[];
  vault?: VaultMetadataClient;
  config: StatusConfig;
  refresh: RefreshConfig;
  cache: CacheService;
  logger: LoggerService;
  /** The platform's teams; teams found on a cluster are refreshed too. */
  teams: () => string[];
  now?: () => number;
  /** Told of each team whose snapshot differs from the last one (the notifier runs on it). */
  onChange?: (team: string) => void;
}): StatusRefresher {
  const { clients, vault, config, cache, logger } = options;
  const now = options.now ?? Date.now;
  // Kept well past a period, so a missed run or two still shows the last snapshot (with its age).
  const ttlMs = Math.max(options.refresh.periodSeconds * 10_000, 15 * 60_000);

  async function readClusters() {
    return Promise.all(
      clients.map(async client => {
        const [fleet, issuers] = await Promise.all([
          client.readFleet().catch(
            (error): FleetClusterSnapshot => ({
              cluster: client.name,
              teams: [],
              team: () =>
                emptySnapshot(
                  client.name,
                  `cluster ${client.name}: ${describeError(error)}`,
                ),
            }),
          ),
          client.listClusterIssuers().then(
            (items): { items: StatusObject[] | null; error?: string } => ({
              items,
            }),
            error => ({
              items: null,
              error: `ClusterIssuers: ${describeError(error)}`,
            }),
          ),
        ]);
        return { fleet, issuers };
      }),
    );
  }

  /** Vault metadata of every pushed certificate: kept from `previous` while its Secret is unchanged and the read is recent. */
  async function readVault(
    items: Array<{
      team: string;
      snapshot: TeamSnapshot;
      previous?: TeamSnapshot;
    }>,
  ) {
    const reads: Array<{ team: string; name: string; snapshot: TeamSnapshot }> =
      [];
    let kept = 0;
    for (const { team, snapshot, previous } of items) {
      snapshot.vaultReads = {};
      const names = new Set(
        snapshot.clusters.flatMap(c => c.pushSecrets.map(p => p.metadata.name)),
      );
      for (const name of names) {
        const revision = secretRevision(snapshot, name);
        const last = previous?.vaultReads?.[name];
        const meta = previous?.vault[name];
        if (
          last &&
          meta &&
          !meta.error &&
          last.revision === revision &&
          now() - Date.parse(last.at) < options.refresh.vaultMaxAgeMs
        ) {
          snapshot.vault[name] = meta;
          snapshot.vaultReads[name] = last;
          kept++;
        } else reads.push({ team, name, snapshot });
      }
    }
    await mapLimit(
      reads,
      options.refresh.vaultConcurrency,
      async ({ team, name, snapshot }) => {
        const key = vaultKey(config.remoteKeyTemplate, team, name);
        let meta: VaultKeyMetadata;
        try {
          meta = await vault!.metadata(key);
        } catch (error) {
          const message = describeError(error);
          snapshot.vaultError ??= message;
          meta = {
            path: `${config.vault!.kvMount}/${key}`,
            exists: false,
            error: message,
          };
        }
        snapshot.vault[name] = meta;
        snapshot.vaultReads![name] = {
          revision: secretRevision(snapshot, name),
          at: new Date(now()).toISOString(),
        };
      },
    );
    return { reads: reads.length, kept };
  }

  return {
    async refresh() {
      const started = Date.now();
      const clusters = await readClusters();
      const teams = [
        ...new Set([
          ...options.teams(),
          ...clusters.flatMap(c => c.fleet.teams),
        ]),
      ].sort();
      const observedAt = new Date(now()).toISOString();
      const items = await Promise.all(
        teams.map(async team => {
          const snapshot: TeamSnapshot = {
            observedAt,
            clusters: clusters.map(c => c.fleet.team(team)),
            issuers: Object.fromEntries(
              clusters.map(c => [c.fleet.cluster, c.issuers.items]),
            ),
            issuerErrors: Object.fromEntries(
              clusters.flatMap(c =>
                c.issuers.error ? [[c.fleet.cluster, c.issuers.error]] : [],
              ),
            ),
            vault: {},
          };
          const previous = (await cache
            .get(teamSnapshotKey(team))
            .catch(() => undefined)) as TeamSnapshot | undefined;
          return { team, snapshot, previous };
        }),
      );
      const vaultStats = vault ? await readVault(items) : { reads: 0, kept: 0 };
      for (const { team, snapshot, previous } of items) {
        try {
          await cache.set(
            teamSnapshotKey(team),
            snapshot as unknown as JsonValue,
            { ttl: ttlMs },
          );
          if (snapshotContent(previous) !== snapshotContent(snapshot))
            options.onChange?.(team);
        } catch (error) {
          logger.warn(
            `certificate status: storing the snapshot of ${team} failed: ${describeError(
              error,
            )}`,
          );
        }
      }
      return {
        teams: teams.length,
        clusters: clients.length,
        vaultReads: vaultStats.reads,
        vaultKept: vaultStats.kept,
        durationMs: Date.now() - started,
      };
    },
  };
}
