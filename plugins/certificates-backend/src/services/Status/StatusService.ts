import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import {
  CertificateStatusDetails,
  StoredCertificateRequest,
  TeamCertificatesStatus,
} from '@internal/plugin-certificates-common';
import type { HttpLibrary } from '@kubernetes/client-node';
import { RequestStore } from '../RequestStore';
import { BoundedCache, DEFAULT_CACHE_LIMITS } from './boundedCache';
import { StatusConfig } from './config';
import { buildTeamItems, clusterStatuses } from './teamItems';
import { createTeamSnapshots } from './teamSnapshots';
import { createUpstreamClients } from './upstreamClients';
import { createReadThrough, LocalEntry } from './readThrough';
import { TeamSnapshot } from './teamSnapshot';

export type { TeamSnapshot } from './teamSnapshot';

export interface StatusService {
  /** Every certificate of the team: stored requests combined with the clusters' state. */
  teamStatus(team: string): Promise<TeamCertificatesStatus>;
  /** {@link teamStatus} as JSON, serialised once per built answer (about a megabyte for 500 certificates). */
  teamStatusJson(team: string): Promise<string>;
  /** One certificate with drill-down objects, or undefined when neither stored nor on a cluster. */
  certificateStatus(
    team: string,
    certificateName: string,
  ): Promise<CertificateStatusDetails | undefined>;
  /** Cluster each certificate was last seen on, from the cache only (never reads upstream). */
  cachedClusters(team: string): Promise<Record<string, string>>;
  /** Names of the configured clusters. */
  readonly clusterNames: string[];
  /** What the in-process caches hold now (snapshots and built answers). */
  cacheStats(): { entries: number; bytes: number };
}

export type StatusServiceOptions = {
  config: StatusConfig;
  logger: LoggerService;
  cache: CacheService;
  store: Pick<RequestStore, 'list'>;
  /** Transport override for the Kubernetes client (tests, benchmarks). */
  httpApi?: HttpLibrary;
  readJwt?: (path: string) => Promise<string>;
  now?: () => number;
  /** Parallel Vault metadata reads per team load. */
  vaultConcurrency?: number;
  /**
   * Background mode: snapshots come only from the cache, written by the
   * status refresher; a view never reads a cluster or Vault. `onCold` is
   * called when a team has no snapshot yet (the view says "refreshing").
   */
  background?: { onCold?: () => void };
};

/** A built answer and its JSON, valid while the snapshot and requests it came from are unchanged. */
type BuiltEntry = {
  fingerprint: string;
  value: TeamCertificatesStatus;
  json: string;
};

export function createStatusService(
  options: StatusServiceOptions,
): StatusService {
  const { config, logger, cache, store } = options;
  const now = options.now ?? Date.now;
  const ttlMs = config.cacheTtlSeconds * 1000;
  const { clients, vault } = createUpstreamClients(config, options);
  /** In-process copy of what this instance last read or wrote, so warm reads skip deserializing megabytes. */
  /**
   * One bounded memory for both: snapshots (`team:`, `issuers:` keys) and
   * built answers (`answer:` keys), so the limits hold for the whole.
   */
  const memory = new BoundedCache<LocalEntry | BuiltEntry>(
    config.cache ?? DEFAULT_CACHE_LIMITS,
  );
  const local = {
    get: (key: string) => memory.get(key) as LocalEntry | undefined,
    set: (key: string, entry: LocalEntry, size: number) =>
      memory.set(key, entry, size),
    delete: (key: string) => memory.delete(key),
  };
  const built = {
    get: (team: string) =>
      memory.get(`answer:${team}`) as BuiltEntry | undefined,
    set: (team: string, entry: BuiltEntry, size: number) =>
      memory.set(`answer:${team}`, entry, size),
  };

  const cached = createReadThrough({ local, cache, logger, ttlMs });

  const snapshotOf = createTeamSnapshots({
    ...options,
    clients,
    vault,
    local,
    cached,
    now,
    ttlMs,
  });

  const itemsContext = {
    config,
    clustersConfigured: clients.length > 0,
    vaultConfigured: !!vault,
    now,
  };
  const build = (
    team: string,
    snapshot: TeamSnapshot,
    requests: StoredCertificateRequest[],
    only?: string,
  ) => buildTeamItems(itemsContext, team, snapshot, requests, only);

  /** Viewers of one team share the built answer until the snapshot or a request changes. */
  async function builtTeam(team: string): Promise<BuiltEntry> {
    const [snapshot, requests] = await Promise.all([
      snapshotOf(team),
      store.list({ team }),
    ]);
    const fingerprint = `${snapshot.observedAt}${
      snapshot.refreshing ? '|refreshing' : ''
    }|${requests.map(r => `${r.id}@${r.updatedAt}`).join(',')}`;
    const memo = built.get(team);
    if (memo && memo.fingerprint === fingerprint) return memo;
    const value: TeamCertificatesStatus = {
      team,
      observedAt: snapshot.observedAt,
      clusters: clusterStatuses(snapshot),
      vault: vault
        ? { configured: true, error: snapshot.vaultError }
        : { configured: false },
      ...(snapshot.refreshing ? { refreshing: true } : {}),
      items: build(team, snapshot, requests).map(b => b.summary),
    };
    const entry = { fingerprint, value, json: JSON.stringify(value) };
    built.set(team, entry, Buffer.byteLength(entry.json));
    return entry;
  }

  return {
    clusterNames: clients.map(c => c.name),

    cacheStats: () => ({ entries: memory.size, bytes: memory.totalBytes }),

    teamStatus: async team => (await builtTeam(team)).value,
    teamStatusJson: async team => (await builtTeam(team)).json,

    async certificateStatus(team, certificateName) {
      const [snapshot, requests] = await Promise.all([
        snapshotOf(team),
        store.list({ team }),
      ]);
      const [entry] = build(team, snapshot, requests, certificateName);
      if (!entry) return undefined;
      const o = entry.objects;
      return {
        ...entry.summary,
        observedAt: snapshot.observedAt,
        clusters: clusterStatuses(snapshot),
        details: {
          certificate: o?.certificate,
          certificateRequests: o?.certificateRequests ?? [],
          order: o?.order,
          challenges: o?.challenges ?? [],
          pushSecret: o?.pushSecret,
          issuer: o?.issuer,
          application: o?.application,
          events: o?.events ?? [],
        },
      };
    },

    async cachedClusters(team) {
      const out: Record<string, string> = {};
      try {
        const snapshot = (await cache.get(`team:${team}`)) as unknown as
          | TeamSnapshot
          | undefined;
        for (const c of snapshot?.clusters ?? []) {
          for (const cert of c.certificates)
            out[cert.metadata.name] ??= c.cluster;
        }
      } catch {
        // cache unavailable: no cluster annotations
      }
      return out;
    },
  };
}
