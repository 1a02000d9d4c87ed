/**
 * One timer for every scheduled copy pipe. It sleeps until the soonest run is due, fires
 * each pipe whose time has come once, and computes that pipe's next run from *now*: after
 * a long pause (a blocked event loop, a suspended machine) a pipe that missed five runs
 * runs once, for the latest of them, not five times. Whether a run may start (the pipe's previous run may still be
 * going) is for whoever is fired to decide.
 */

/** Time and timers, injectable so tests can move time by hand. */
export interface Clock {
  now(): number;
  setTimeout(wake: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (wake, ms) => setTimeout(wake, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface ScheduledPipe {
  readonly name: string;
  /** The first run strictly after a moment. */
  readonly next: (after: Date) => Date;
  /** The last run at or before a moment. */
  readonly last: (notAfter: Date) => Date;
}

/** Longest sleep: the wall clock can jump (NTP, a changed time zone is not one: all UTC). */
const MAX_SLEEP_MS = 60_000;

export class CopyScheduler {
  private due = new Map<string, { readonly pipe: ScheduledPipe; at: number }>();
  private timer: unknown;
  private stopped = false;

  constructor(
    /** Told that `pipe`'s run planned for `at` is due; must not throw. */
    private readonly fire: (pipe: string, at: Date) => void,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Replaces every schedule, as a new build does; pipes left out stop running. */
  set(pipes: readonly ScheduledPipe[]): void {
    const now = new Date(this.clock.now());
    this.due = new Map(pipes.map((pipe) => [pipe.name, { pipe, at: pipe.next(now).getTime() }]));
    this.arm();
  }

  /** The next planned run of each pipe, for logs and tests. */
  planned(): ReadonlyMap<string, Date> {
    return new Map([...this.due].map(([name, entry]) => [name, new Date(entry.at)]));
  }

  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
    this.due.clear();
  }

  private arm(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped || this.due.size === 0) return;
    const soonest = Math.min(...[...this.due.values()].map((entry) => entry.at));
    const wait = Math.min(Math.max(soonest - this.clock.now(), 0), MAX_SLEEP_MS);
    this.timer = this.clock.setTimeout(() => this.wake(), wait);
  }

  private wake(): void {
    const now = this.clock.now();
    for (const [name, entry] of this.due) {
      if (entry.at > now) continue;
      // The latest run due stands for any it missed, and the next is counted from now:
      // missed runs are not made up one by one.
      const planned = entry.pipe.last(new Date(now));
      entry.at = entry.pipe.next(new Date(now)).getTime();
      this.fire(name, planned);
    }
    this.arm();
  }
}
