/** A clock for the copy scheduler that moves only when a test moves it. */
import type { Clock } from "../../src/copy/copy-scheduler.ts";

export class FakeClock implements Clock {
  private timers = new Map<number, { at: number; wake: () => void }>();
  private ids = 0;
  constructor(private time: number) {}

  now(): number {
    return this.time;
  }

  setTimeout(wake: () => void, ms: number): unknown {
    const id = ++this.ids;
    this.timers.set(id, { at: this.time + ms, wake });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Moves time on, firing due timers in order, as a running event loop would. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers].filter(([, t]) => t.at <= end).sort(([, a], [, b]) => a.at - b.at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].wake();
    }
    this.time = end;
  }

  /** Jumps time on without any timer firing on the way (a suspended machine, a blocked loop), then lets the late timers fire once. */
  jump(ms: number): void {
    this.time += ms;
    this.advance(0);
  }

  pending(): number {
    return this.timers.size;
  }
}
