/** What `aviary seed` shows while it runs (a progress bar, on a TTY only) and the line it ends with. */
import type { GenerateOptions } from "./generate.ts";

export interface SeedReport {
  /** Events sent (or inserted) by this run. */
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly quarantined: number;
  /** Events a resumed run found already in place and skipped. */
  readonly resumedAt?: number;
}

export type SeedOutput = NodeJS.WritableStream & { isTTY?: boolean };

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

export class SeedProgress {
  private readonly started = performance.now();
  private lastDraw = 0;
  private readonly out: SeedOutput;
  private readonly tty: boolean;
  private readonly total: number;
  private readonly from: number;

  /** `done` counts from `from`: a resumed run shows its position in the whole stream, and the rate of this run. */
  constructor(out: SeedOutput, total: number, from = 0) {
    this.out = out;
    this.tty = Boolean(out.isTTY);
    this.total = total;
    this.from = from;
  }

  private line(done: number): string {
    const width = 30;
    const position = this.from + done;
    const share = this.total === 0 ? 1 : position / this.total;
    const filled = Math.round(share * width);
    const rate = done / Math.max(0.001, (performance.now() - this.started) / 1000);
    return `\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% ${fmt(position)}/${fmt(this.total)} events  ${fmt(rate)}/s `;
  }

  /** At most ten redraws a second. */
  update(done: number): void {
    if (!this.tty || performance.now() - this.lastDraw < 100) return;
    this.lastDraw = performance.now();
    this.out.write(this.line(done));
  }

  finish(done: number, options: GenerateOptions, quarantined = 0, how = ""): SeedReport {
    const seconds = (performance.now() - this.started) / 1000;
    const report: SeedReport = { events: done, seconds, eventsPerSecond: done / Math.max(0.001, seconds), quarantined, ...(this.from > 0 ? { resumedAt: this.from } : {}) };
    if (this.tty) this.out.write(`${this.line(done)}\n`);
    const resumed = this.from > 0 ? `, resumed after ${fmt(this.from)} already there` : "";
    this.out.write(
      `seeded ${fmt(done)} events (${options.tenants} tenants, ${options.domains} domains each, ${options.days} days${resumed}) in ${seconds.toFixed(1)} s: ${fmt(report.eventsPerSecond)} events/s${quarantined ? `, ${fmt(quarantined)} quarantined` : ""}${how}\n`,
    );
    return report;
  }
}
