/**
 * ClickHouse does not fsync the parts an INSERT writes (MergeTree's default), so a
 * power loss soon after a flush could take inserted rows with it. Before a segment
 * is deleted, the filesystem holding the embedded engine's data is synced (`sync -f`,
 * syncfs(2), which Node does not expose), so the log lets go of rows only once the
 * engine's copy is on disk. A ClickHouse server keeps its own durability.
 *
 * Starting a process from a server holding gigabytes of mappings stops the event loop
 * while they are copied (14 ms, up to 28, at 838 MB resident), so one shell is started
 * once and runs each `sync -f` it is asked for over its stdin (0.04 ms of the event loop).
 * It ends by itself when its stdin closes, with this process or `close`. Syncs are also
 * shared: every caller waiting when a sync starts is served by it, and syncs start at
 * most every `minIntervalMs`.
 */
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";

/** A pipe's handle: whether it keeps the event loop alive. */
interface Refable {
  ref?(): void;
  unref?(): void;
}

/** One `sh` that runs `sync -f <path>` for each line it reads and answers with its exit status. */
class SyncShell {
  private readonly child: ChildProcessByStdio<Writable, Readable, null>;
  private readonly waiting: { resolve(): void; reject(err: Error): void }[] = [];
  private failure: Error | undefined;

  constructor(path: string) {
    this.child = spawn("sh", ["-c", 'while read -r _; do sync -f "$1"; echo "$?"; done', "sh", path], { stdio: ["pipe", "pipe", "ignore"] });
    createInterface({ input: this.child.stdout }).on("line", (status) => {
      const caller = this.waiting.shift();
      if (this.waiting.length === 0) this.output.unref?.();
      if (status === "0") caller?.resolve();
      else caller?.reject(new Error(`sync -f ${path} exited with status ${status}`));
    });
    const fail = (err: Error) => {
      this.failure ??= err;
      for (const caller of this.waiting.splice(0)) caller.reject(err);
    };
    this.child.on("error", fail);
    this.child.on("exit", (code, signal) => fail(new Error(`the shell running sync -f ended (${signal ?? `status ${code}`})`)));
    this.child.stdin.on("error", fail);
    // Neither the shell nor its pipes keep this process alive, except its answer while a sync is awaited.
    this.child.unref();
    (this.child.stdin as unknown as Refable).unref?.();
    this.output.unref?.();
  }

  private get output(): Refable {
    return this.child.stdout as unknown as Refable;
  }

  /** Ended, or failed to start: a new one is needed. */
  get dead(): boolean {
    return this.failure !== undefined;
  }

  sync(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.output.ref?.();
      this.child.stdin.write("\n");
    });
  }

  close(): void {
    this.child.stdin.end();
  }
}

export class FilesystemSync {
  private running: Promise<void> = Promise.resolve();
  /** The sync that callers arriving now will get: it starts after the running one. */
  private next: Promise<void> | undefined;
  private lastStart = -Infinity;
  private shell: SyncShell | undefined;

  constructor(
    private readonly path: string,
    private readonly minIntervalMs = 2000,
  ) {}

  /** Resolves once a sync that started after this call has finished. */
  after(): Promise<void> {
    this.next ??= this.schedule();
    return this.next;
  }

  /** Ends the shell once the syncs asked for have run. */
  close(): void {
    this.shell?.close();
    this.shell = undefined;
  }

  private async schedule(): Promise<void> {
    await this.running.catch(() => {});
    const wait = this.lastStart + this.minIntervalMs - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    // From here on, new callers need a sync that starts later than this one.
    this.next = undefined;
    this.lastStart = performance.now();
    if (!this.shell || this.shell.dead) this.shell = new SyncShell(this.path);
    this.running = this.shell.sync();
    await this.running;
  }
}
