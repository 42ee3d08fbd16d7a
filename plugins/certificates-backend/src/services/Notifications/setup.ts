import {
  DatabaseService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import { PlatformModel } from '@internal/plugin-certificates-common';
import { RequestStore } from '../RequestStore';
import { StatusService } from '../Status';
import { readExpiryWarningWindow, readNotificationsConfig } from './config';
import { createCertificateNotifier } from './createCertificateNotifier';
import { scheduleCertificateNotifier } from './schedule';

/**
 * Schedules the notifications watcher from the plugin's services. Call after
 * the request store has migrated the database.
 */
export async function setupCertificateNotifications(deps: {
  config: Config;
  database: DatabaseService;
  scheduler: SchedulerService;
  logger: LoggerService;
  notifications: NotificationService;
  signals: SignalsService;
  store: RequestStore;
  status: StatusService;
  platform: PlatformModel;
}): Promise<void> {
  const config = readNotificationsConfig(deps.config);
  const logger = deps.logger.child({ feature: 'notifications' });
  await scheduleCertificateNotifier({
    scheduler: deps.scheduler,
    logger,
    config,
    notifier: createCertificateNotifier({
      db: await deps.database.getClient(),
      notifications: deps.notifications,
      signals: deps.signals,
      store: deps.store,
      status: deps.status,
      platform: deps.platform,
      logger,
      config,
      window: readExpiryWarningWindow(deps.config, deps.platform),
    }),
  });
}
