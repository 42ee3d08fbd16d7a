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
import { createTriggeredRunner } from './notifyTrigger';
import { scheduleCertificateNotifier } from './schedule';

/**
 * Builds the notifications watcher from the plugin's services: it runs
 * within a debounce of each change (call the returned `trigger` from the
 * stores' `onTransition` and the status refresher's snapshot changes) and
 * on a schedule as catch-up. Call after the request store has migrated
 * the database.
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
}): Promise<{ trigger: () => void }> {
  const config = readNotificationsConfig(deps.config);
  const logger = deps.logger.child({ feature: 'notifications' });
  const notifier = createCertificateNotifier({
    db: await deps.database.getClient(),
    notifications: deps.notifications,
    signals: deps.signals,
    store: deps.store,
    status: deps.status,
    platform: deps.platform,
    logger,
    config,
    window: readExpiryWarningWindow(deps.config, deps.platform),
  });
  const runner = createTriggeredRunner({
    logger,
    run: async () => {
      const result = await notifier.run();
      if (result.sent > 0)
        logger.info(
          `Sent ${result.sent} certificate notifications (${result.events.length} events)`,
        );
    },
  });
  await scheduleCertificateNotifier({
    scheduler: deps.scheduler,
    logger,
    config,
    run: runner.runNow,
  });
  return { trigger: config.enabled ? runner.trigger : () => {} };
}
