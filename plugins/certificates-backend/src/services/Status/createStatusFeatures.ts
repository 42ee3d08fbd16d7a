import {
  CacheService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { PlatformModel } from '@internal/plugin-certificates-common';
import { CertificateEntityProvider } from '../../catalog/entityProvider';
import { teamGroupEntityRef } from '../Membership';
import { RequestStore } from '../RequestStore';
import { readStatusConfig } from './config';
import { scheduleStatusRefresh } from './refresher/backgroundRefresh';
import { readRefreshConfig } from './refresher/refreshConfig';
import { createStatusService, StatusService } from './StatusService';

export type StatusFeatureDeps = {
  config: Config;
  logger: LoggerService;
  cache: CacheService;
  store: RequestStore;
  platform: PlatformModel;
  /** With it (and clusters or Vault configured), views read only the background refresher's snapshots. */
  scheduler?: SchedulerService;
  /** Told of each team whose status snapshot changed (issued, failed, expiring). */
  onStatusChange?: (team: string) => void;
};

export type StatusFeatures = {
  service: StatusService;
  entityProvider: CertificateEntityProvider;
};

/** The status service (with its background refresher) and the catalog entity provider, from the plugin's dependencies. */
export async function createStatusFeatures(
  deps: StatusFeatureDeps,
): Promise<StatusFeatures> {
  const config = readStatusConfig(deps.config);
  const logger = deps.logger.child({ feature: 'status' });
  const refresh = readRefreshConfig(deps.config);
  const background =
    deps.scheduler && refresh.enabled
      ? await scheduleStatusRefresh({
          config,
          refresh,
          scheduler: deps.scheduler,
          cache: deps.cache,
          logger,
          platform: deps.platform,
          onChange: deps.onStatusChange,
        })
      : undefined;
  const service = createStatusService({
    config,
    logger,
    cache: deps.cache,
    store: deps.store,
    background,
  });
  const entityProvider = new CertificateEntityProvider({
    store: deps.store,
    logger: deps.logger,
    ownerOf: team => teamGroupEntityRef(deps.platform, team),
    status: service,
  });
  return { service, entityProvider };
}
