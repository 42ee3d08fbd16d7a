import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';

/**
 * Schedules a task that catches up on work a crash or a GitHub outage left
 * behind, and logs only when it found some: a quiet minute writes nothing,
 * so the log shows when the backend actually recovered something.
 */
export async function scheduleResumeTask(
  scheduler: SchedulerService,
  logger: LoggerService,
  task: SchedulerServiceTaskScheduleDefinition & {
    id: string;
    /** Does the work and returns how many items it handled. */
    run: () => Promise<number>;
    /** The log line for a run that handled `count` items. */
    describe: (count: number) => string;
  },
): Promise<void> {
  const { run, describe, ...schedule } = task;
  await scheduler.scheduleTask({
    ...schedule,
    fn: async () => {
      const count = await run();
      if (count > 0) logger.info(describe(count));
    },
  });
}
