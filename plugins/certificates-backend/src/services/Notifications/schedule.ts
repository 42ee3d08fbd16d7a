import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { CertificateNotifier } from './createCertificateNotifier';
import { NotificationsConfig } from './types';

/**
 * Runs the notifier as a scheduled task: the scheduler runs it on one
 * instance at a time across instances sharing the database.
 */
export async function scheduleCertificateNotifier(options: {
  scheduler: SchedulerService;
  notifier: CertificateNotifier;
  config: NotificationsConfig;
  logger: LoggerService;
}): Promise<void> {
  const { scheduler, notifier, config, logger } = options;
  if (!config.enabled) {
    logger.info('Certificate notifications are disabled');
    return;
  }
  await scheduler.scheduleTask({
    id: 'certificates-notify',
    frequency: { minutes: config.frequencyMinutes },
    timeout: { minutes: 5 },
    initialDelay: { seconds: 45 },
    fn: async () => {
      const result = await notifier.run();
      if (result.sent > 0)
        logger.info(
          `Sent ${result.sent} certificate notifications (${result.events.length} events)`,
        );
    },
  });
}
