/**
 * The simulated time every controller reads. It runs at `rate` times real
 * time (1 by default; 100000 turns a year into about five minutes) and can
 * jump forward, so renewals months away can be shown in a demo or a test.
 */
export class SimulatorClock {
  private baseSim: number;
  private baseReal: number;
  private currentRate: number;

  constructor(
    options: { start?: number; rate?: number; realNow?: () => number } = {},
  ) {
    this.realNow = options.realNow ?? Date.now;
    this.baseReal = this.realNow();
    this.baseSim = options.start ?? this.baseReal;
    this.currentRate = options.rate ?? 1;
  }

  private readonly realNow: () => number;

  now(): number {
    return this.baseSim + (this.realNow() - this.baseReal) * this.currentRate;
  }

  get rate(): number {
    return this.currentRate;
  }

  /** Changes the speed from now on; simulated time already passed stays. */
  setRate(rate: number): void {
    if (!(rate >= 0)) throw new Error('rate: must be a number >= 0');
    this.rebase();
    this.currentRate = rate;
  }

  /** Moves simulated time forward by `ms` at once. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error('advanceSeconds: must be a number >= 0');
    this.rebase();
    this.baseSim += ms;
  }

  private rebase() {
    this.baseSim = this.now();
    this.baseReal = this.realNow();
  }
}
