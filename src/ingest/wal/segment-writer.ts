/**
 * Appends records to one segment file with group commit: appends that arrive within
 * the fsync window share one write, and each append resolves only once its bytes are
 * on disk. The file is opened with O_DSYNC, so that write returns once its data is as
 * durable as after an fdatasync, in one trip to the thread pool instead of two: at
 * tracker traffic, every trip is a turn of the event loop each request waits through.
 * With `fsync: "off"` an append resolves once the bytes are in the operating system
 * (they survive a process crash, not a power loss).
 */
import { constants } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import { syncDirectory } from "./segment-files.ts";

/** Milliseconds to gather appends before each fsync (0: right away), or no fsync at all. */
export type FsyncPolicy = number | "off";

interface Waiter {
  resolve(): void;
  reject(err: Error): void;
}

export class SegmentWriter {
  private pending: Buffer[] = [];
  private waiters: Waiter[] = [];
  private file: FileHandle | undefined;
  private scheduled = false;
  private committing: Promise<void> | undefined;
  /** Set once a write or fsync failed: the segment then takes no more appends. */
  private failure: Error | undefined;

  constructor(
    readonly path: string,
    private readonly fsync: FsyncPolicy,
  ) {}

  append(buffers: readonly Buffer[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.pending.push(...buffers);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.schedule(this.fsync === "off" ? 0 : this.fsync);
    return done;
  }

  /** Commits what is pending and closes the file; appends must have stopped. */
  async close(): Promise<void> {
    while (this.committing || this.pending.length > 0) {
      if (!this.committing) this.startCommit();
      await this.committing;
    }
    await this.file?.close();
    this.file = undefined;
  }

  private schedule(delayMs: number): void {
    if (this.scheduled || this.committing) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      if (!this.committing) this.startCommit();
    };
    // setImmediate still gathers every append made while handling the current I/O events.
    if (delayMs === 0) setImmediate(run);
    else setTimeout(run, delayMs);
  }

  private startCommit(): void {
    this.committing = this.commit().finally(() => {
      this.committing = undefined;
      if (this.pending.length > 0) this.schedule(this.fsync === "off" ? 0 : this.fsync);
    });
  }

  private async commit(): Promise<void> {
    const buffers = this.pending;
    const waiters = this.waiters;
    this.pending = [];
    this.waiters = [];
    if (buffers.length === 0) return;
    try {
      this.file ??= await this.create();
      const total = buffers.reduce((n, b) => n + b.length, 0);
      const { bytesWritten } = await this.file.writev(buffers);
      // A short write (a full disk, say) is finished from a copy of what is left, or fails trying.
      if (bytesWritten < total) {
        const rest = Buffer.concat(buffers).subarray(bytesWritten);
        for (let at = 0; at < rest.length; ) at += (await this.file.write(rest, at)).bytesWritten;
      }
      for (const w of waiters) w.resolve();
    } catch (err) {
      this.failure = err as Error;
      for (const w of [...waiters, ...this.waiters]) w.reject(this.failure);
      this.pending = [];
      this.waiters = [];
    }
  }

  private async create(): Promise<FileHandle> {
    const { O_WRONLY, O_CREAT, O_EXCL, O_DSYNC } = constants;
    const file = await open(this.path, O_WRONLY | O_CREAT | O_EXCL | (this.fsync === "off" ? 0 : O_DSYNC));
    if (this.fsync !== "off") await syncDirectory(dirname(this.path));
    return file;
  }
}
