import { mockServices } from '@backstage/backend-test-utils';
import { createTriggeredRunner } from './notifyTrigger';

const wait = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe('createTriggeredRunner', () => {
  function runner(runMs: number) {
    const runs: Array<{ start: number; end?: number }> = [];
    let active = 0;
    let overlapped = false;
    const r = createTriggeredRunner({
      logger: mockServices.logger.mock(),
      debounceMs: 20,
      run: async () => {
        active++;
        if (active > 1) overlapped = true;
        const run: { start: number; end?: number } = { start: Date.now() };
        runs.push(run);
        await wait(runMs);
        run.end = Date.now();
        active--;
      },
    });
    return { r, runs, overlapped: () => overlapped };
  }

  it('runs once for a burst of changes, a debounce after the first', async () => {
    const { r, runs } = runner(1);
    const first = Date.now();
    for (let i = 0; i < 50; i++) r.trigger();
    await r.idle();
    expect(runs).toHaveLength(1);
    expect(runs[0].start - first).toBeGreaterThanOrEqual(15);
  });

  it('never overlaps runs, and a change during a run gets exactly one more run', async () => {
    const { r, runs, overlapped } = runner(60);
    r.trigger();
    await wait(40); // the first run is under way
    const sweep = r.runNow();
    r.trigger();
    r.trigger();
    await sweep;
    await r.idle();
    expect(overlapped()).toBe(false);
    expect(runs).toHaveLength(3); // the triggered run, the sweep, one follow-up
  });

  it('keeps running after a failed run', async () => {
    let calls = 0;
    const r = createTriggeredRunner({
      logger: mockServices.logger.mock(),
      debounceMs: 5,
      run: async () => {
        calls++;
        if (calls === 1) throw new Error('database gone');
      },
    });
    await r.runNow();
    r.trigger();
    await r.idle();
    expect(calls).toBe(2);
  });
});
