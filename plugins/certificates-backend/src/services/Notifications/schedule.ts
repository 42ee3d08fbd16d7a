import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { NotificationsConfig } from './types';

/**
 * Runs the notifier as a scheduled task, the catch-up behind the runs on
 * change: the scheduler runs it on one instance at a time across instances
 * sharing the database, so changes made by another instance (or missed
 * while this one was down) are still notified.
 */
export async function scheduleCertificateNotifier(options: {
  scheduler: SchedulerService;
  run: () => Promise<void>;
  config: NotificationsConfig;
  logger: LoggerService;
}): Promise<void> {
  const { scheduler, run, config, logger } = options;
  if (!config.enabled) {
    logger.info('Certificate notifications are disabled');
    return;
  }
  await scheduler.scheduleTask({
    id: 'certificates-notify',
    frequency: { minutes: config.frequencyMinutes },
    timeout: { minutes: 5 },
    initialDelay: { seconds: 45 },
    fn: run,
  });
}
