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
  const tasks = [
    {
      id: 'certificates-resume-bulk',
      every: 1,
      timeout: 10,
      delay: 20,
      run: () => bulkPublisher.resumeBatches(),
      describe: (n: number) => `Resumed ${n} bulk requests`,
    },
    {
      id: 'certificates-resume-pending',
      every: 1,
      timeout: 5,
      delay: 15,
      run: () => publisher.resumePending(),
      describe: (n: number) => `Resumed ${n} pending certificate requests`,
    },
    {
      id: 'certificates-track-pull-requests',
      every: 2,
      timeout: 5,
      delay: 30,
      run: () => publisher.refreshPullRequests(),
      describe: (n: number) => `Recorded ${n} pull request state changes`,
    },
  ];
  for (const { every, timeout, delay, ...task } of tasks)
    await scheduleResumeTask(scheduler, logger, {
      ...task,
      frequency: { minutes: every },
      timeout: { minutes: timeout },
      initialDelay: { seconds: delay },
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
