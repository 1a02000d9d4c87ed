/**
 * ClickHouse does not fsync the parts an INSERT writes (MergeTree's default), so a
 * power loss soon after a flush could take inserted rows with it. Before a segment
 * is deleted, the filesystem holding the embedded engine's data is synced (`sync -f`,
 * syncfs(2), which Node does not expose), so the log lets go of rows only once the
 * engine's copy is on disk. A ClickHouse server keeps its own durability.
 *
 * Starting a process from a server holding gigabytes of mappings takes tens of
 * milliseconds of the event loop, so syncs are shared: every caller waiting when a
 * sync starts is served by it, and syncs start at most every `minIntervalMs`.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export class FilesystemSync {
  private running: Promise<void> = Promise.resolve();
  /** The sync that callers arriving now will get: it starts after the running one. */
  private next: Promise<void> | undefined;
  private lastStart = -Infinity;

  constructor(
    private readonly path: string,
    private readonly minIntervalMs = 2000,
  ) {}

  /** Resolves once a sync that started after this call has finished. */
  after(): Promise<void> {
    this.next ??= this.schedule();
    return this.next;
  }

  private async schedule(): Promise<void> {
    await this.running.catch(() => {});
    const wait = this.lastStart + this.minIntervalMs - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    // From here on, new callers need a sync that starts later than this one.
    this.next = undefined;
    this.lastStart = performance.now();
    this.running = run("sync", ["-f", this.path]).then(() => undefined);
    await this.running;
  }
}
