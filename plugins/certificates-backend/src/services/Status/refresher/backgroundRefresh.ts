import {
  CacheService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { PlatformModel } from '@internal/plugin-certificates-common';
import { StatusConfig } from '../config';
import { createUpstreamClients } from '../upstreamClients';
import { createStatusRefresher } from './createStatusRefresher';
import { RefreshConfig } from './refreshConfig';

export const STATUS_REFRESH_TASK = 'certificates-status-refresh';

/**
 * Schedules the status refresher: one runner across instances (the
 * scheduler's lock in the shared database) every `periodSeconds`. The
 * snapshots go through the cache service, so with several instances the
 * cache must be shared (`backend.cache.store: redis` or `memcache`).
 * Returns what a view calls when a team has no snapshot yet: it asks for
 * a run now instead of waiting for the next period.
 */
export async function scheduleStatusRefresh(options: {
  config: StatusConfig;
  refresh: RefreshConfig;
  scheduler: SchedulerService;
  cache: CacheService;
  logger: LoggerService;
  platform: PlatformModel;
  /** Told of each team whose snapshot changed. */
  onChange?: (team: string) => void;
}): Promise<{ onCold: () => void }> {
  const { refresh, scheduler, logger } = options;
  const { clients, vault } = createUpstreamClients(options.config);
  const refresher = createStatusRefresher({
    clients,
    vault,
    config: options.config,
    refresh,
    cache: options.cache,
    logger,
    teams: () => options.platform.teamNames(),
    onChange: options.onChange,
  });
  await scheduler.scheduleTask({
    id: STATUS_REFRESH_TASK,
    frequency: { seconds: refresh.periodSeconds },
    timeout: { seconds: Math.max(refresh.periodSeconds * 5, 120) },
    initialDelay: { seconds: 1 },
    fn: async () => {
      const stats = await refresher.refresh();
      logger.debug(
        `certificate status refreshed: ${stats.teams} teams on ${stats.clusters} clusters, ${stats.vaultReads} Vault reads (${stats.vaultKept} kept) in ${stats.durationMs} ms`,
      );
    },
  });
  let asked = 0;
  return {
    onCold: () => {
      // At most once per period: every cold view of a fresh instance would ask otherwise.
      if (Date.now() - asked < refresh.periodSeconds * 1000) return;
      asked = Date.now();
      scheduler.triggerTask(STATUS_REFRESH_TASK).catch(() => {
        // Running already (or on another instance): its snapshot is on the way.
      });
    },
  };
}
