import { LoggerService } from '@backstage/backend-plugin-api';

/** Waits this long after a change for more of the same burst (a bulk request's many transitions). */
export const NOTIFY_DEBOUNCE_MS = 250;

export type TriggeredRunner = {
  /** Asks for a run soon: changes within the debounce window share one run. */
  trigger(): void;
  /** Runs now, after any run in progress (the periodic sweep uses it). */
  runNow(): Promise<void>;
  /** Resolves when no run is pending or in progress (tests, shutdown). */
  idle(): Promise<void>;
  /** Cancels a pending run. */
  stop(): void;
};

/**
 * Runs `run` on change instead of only on a timer, one run at a time in
 * this process: a trigger during a run schedules exactly one follow-up, so
 * a change committed mid-run is never missed and never run twice at once.
 */
export function createTriggeredRunner(options: {
  run: () => Promise<void>;
  logger: LoggerService;
  debounceMs?: number;
}): TriggeredRunner {
  const debounceMs = options.debounceMs ?? NOTIFY_DEBOUNCE_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();
  let queued = false;

  function runAfterCurrent(): Promise<void> {
    const next = running.then(async () => {
      try {
        await options.run();
      } catch (error) {
        options.logger.warn(`Certificate notifications run failed: ${error}`);
      }
    });
    running = next;
    return next;
  }

  function fire() {
    timer = undefined;
    if (queued) return;
    queued = true;
    // The flag clears when this run starts: a change during it asks for one more.
    running.then(() => {
      queued = false;
    });
    runAfterCurrent();
  }

  return {
    trigger() {
      if (!timer) timer = setTimeout(fire, debounceMs);
    },
    runNow: runAfterCurrent,
    async idle() {
      while (timer || queued) {
        await new Promise(resolve => setTimeout(resolve, debounceMs));
        await running;
      }
      await running;
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
