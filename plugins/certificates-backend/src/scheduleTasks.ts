import { scheduleResumeTask } from './resumeTask';
import { CertificatesServices } from './createServices';

/**
 * The tasks that catch up after a crash or an outage: bulk batches (and
 * cleanups after a cancel), pending single requests, and the states of
 * open pull requests. Also logs once whether the platform bundle in the
 * GitOps repository is up to date.
 */
export async function scheduleTasks(services: CertificatesServices) {
  const { scheduler, logger, publisher, bulkPublisher } = services;
  await scheduleResumeTask(scheduler, logger, {
    id: 'certificates-resume-bulk',
    frequency: { minutes: 1 },
    timeout: { minutes: 10 },
    initialDelay: { seconds: 20 },
    run: () => bulkPublisher.resumeBatches(),
    describe: count => `Resumed ${count} bulk requests`,
  });
  await scheduleResumeTask(scheduler, logger, {
    id: 'certificates-resume-pending',
    frequency: { minutes: 1 },
    timeout: { minutes: 5 },
    initialDelay: { seconds: 15 },
    run: () => publisher.resumePending(),
    describe: count => `Resumed ${count} pending certificate requests`,
  });
  await scheduleResumeTask(scheduler, logger, {
    id: 'certificates-track-pull-requests',
    frequency: { minutes: 2 },
    timeout: { minutes: 5 },
    initialDelay: { seconds: 30 },
    run: () => publisher.refreshPullRequests(),
    describe: count => `Recorded ${count} pull request state changes`,
  });

  // Tells the platform engineer when the cluster side lags behind the configuration.
  publisher.checkPlatform().then(
    state => {
      if (state.upToDate) {
        logger.info(
          'The platform bundle in the GitOps repository is up to date',
        );
        return;
      }
      logger.warn(
        `The platform bundle (platform/) in the GitOps repository is ${
          state.missing.length > 0
            ? `missing ${state.missing.length} files`
            : 'complete'
        } and has ${state.outdated.length} out-of-date files; ` +
          'a platform admin opens its pull request with POST /api/certificates/platform/bootstrap',
      );
    },
    error => logger.warn(`Could not check the platform bundle: ${error}`),
  );
}
