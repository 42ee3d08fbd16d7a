import {
  CacheService,
  HttpAuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { PlatformModel } from '@internal/plugin-certificates-common';
import express from 'express';
import { RequestAccess } from '../permissions';
import { RequestStore } from '../services/RequestStore';
import {
  createStatusService,
  readRefreshConfig,
  readStatusConfig,
  StatusService,
} from '../services/Status';
import { scheduleStatusRefresh } from './backgroundRefresh';
import { CertificateEntityProvider } from './entityProvider';
import { createStatusRouter } from './router';
import { teamGroupEntityRef } from '../services/Membership';

export { createStatusRouter } from './router';
export type { StatusRouterOptions } from './router';
export {
  CertificateEntityProvider,
  certificateEntityName,
  CERTIFICATE_ENTITY_TYPE,
} from './entityProvider';

export type StatusFeatureDeps = {
  config: Config;
  logger: LoggerService;
  cache: CacheService;
  httpAuth: HttpAuthService;
  access: RequestAccess;
  store: RequestStore;
  platform: PlatformModel;
  /** With it (and clusters or Vault configured), views read only the background refresher's snapshots. */
  scheduler?: SchedulerService;
  /** Clusters that allow "Renew now" (the renewal service's). */
  renewClusters?: readonly string[];
};

export type StatusFeatures = {
  router: express.Router;
  service: StatusService;
  entityProvider: CertificateEntityProvider;
};

/** Status service, its router and the catalog entity provider, from the plugin's dependencies. */
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
        })
      : undefined;
  const service = createStatusService({
    config,
    logger,
    cache: deps.cache,
    store: deps.store,
    background,
  });
  const router = await createStatusRouter({
    httpAuth: deps.httpAuth,
    access: deps.access,
    status: service,
    teamNames: () => deps.platform.teamNames(),
    renewClusters: deps.renewClusters,
  });
  const entityProvider = new CertificateEntityProvider({
    store: deps.store,
    logger: deps.logger,
    ownerOf: team => teamGroupEntityRef(deps.platform, team),
    status: service,
  });
  return { router, service, entityProvider };
}
