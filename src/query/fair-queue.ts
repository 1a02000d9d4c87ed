/**
 * Requests take turns at the engine, one lane per token (its rate-limit key). `slots`
 * requests hold the engine at once (one for embedded chdb, which runs one statement at a
 * time anyway). When a slot frees, the lane that has used the least engine time goes next,
 * and among equals the one served longest ago: round robin, weighted by what each turn
 * cost, so a token sending slow statements waits for its own, not others for it.
 *
 * A lane that goes idle keeps its account only until the others catch up with it, so idling
 * banks no credit and a token cannot jump the line by sending one request at a time.
 */
import { errors } from "../errors.ts";

export interface FairQueueOptions {
  /** Requests that may hold the engine at once. */
  readonly slots: number;
  /** Requests one lane may have queued and running together; more are refused (429). */
  readonly perLane: number;
  /** Longest a request may wait for a slot before it is refused (503). */
  readonly maxWaitMs: number;
  /** Milliseconds, monotonic; injectable for tests. */
  readonly now?: () => number;
  /** Told after every change, for metrics. */
  readonly onChange?: (depth: { waiting: number; running: number }) => void;
}

interface Waiter {
  readonly start: () => void;
  readonly timer: NodeJS.Timeout;
}

interface Lane {
  readonly waiting: Waiter[];
  /** Queued and running. */
  active: number;
  /** Engine milliseconds used, counted from when the lane last joined. */
  used: number;
  /** When it was last served, in dispatches. */
  turn: number;
}

export class FairQueue {
  private readonly lanes = new Map<string, Lane>();
  private readonly now: () => number;
  private running = 0;
  private waiting = 0;
  private turns = 0;
  /** The account of the lane served last: lanes joining start here. */
  private clock = 0;

  constructor(private readonly options: FairQueueOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /** Runs `work` in a slot of `lane`'s turn. `capped: false` (the admin) is never refused for its count. */
  async run<T>(lane: string, work: () => Promise<T>, { capped = true }: { capped?: boolean } = {}): Promise<T> {
    const account = this.join(lane);
    if (capped && account.active >= this.options.perLane) {
      this.leave(lane, account);
      throw errors.tooManyQueries(this.options.perLane);
    }
    account.active++;
    try {
      await this.admit(account);
      const started = this.now();
      try {
        return await work();
      } finally {
        account.used += this.now() - started;
        this.running--;
      }
    } finally {
      account.active--;
      this.leave(lane, account);
      this.dispatch();
    }
  }

  private join(name: string): Lane {
    const known = this.lanes.get(name);
    if (known) return known;
    const lane: Lane = { waiting: [], active: 0, used: this.clock, turn: 0 };
    this.lanes.set(name, lane);
    return lane;
  }

  /** Forgets an idle lane once its account is no longer ahead of the clock. */
  private leave(name: string, lane: Lane): void {
    if (lane.active === 0 && lane.used <= this.clock) this.lanes.delete(name);
  }

  private admit(lane: Lane): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        lane.waiting.splice(lane.waiting.indexOf(waiter), 1);
        this.waiting--;
        this.changed();
        reject(errors.queueTimeout(this.options.maxWaitMs / 1000));
      }, this.options.maxWaitMs);
      const waiter: Waiter = { start: resolve, timer };
      lane.waiting.push(waiter);
      this.waiting++;
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.running < this.options.slots) {
      let next: Lane | undefined;
      for (const lane of this.lanes.values()) {
        if (lane.waiting.length === 0) continue;
        if (!next || lane.used < next.used || (lane.used === next.used && lane.turn < next.turn)) next = lane;
      }
      if (!next) break;
      const waiter = next.waiting.shift()!;
      clearTimeout(waiter.timer);
      this.waiting--;
      this.running++;
      next.turn = ++this.turns;
      this.clock = Math.max(this.clock, next.used);
      waiter.start();
    }
    for (const [name, lane] of this.lanes) this.leave(name, lane);
    this.changed();
  }

  private changed(): void {
    this.options.onChange?.({ waiting: this.waiting, running: this.running });
  }
}
