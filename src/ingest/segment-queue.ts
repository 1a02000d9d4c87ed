/**
 * Sealed segments of one datasource, inserted one at a time in the order they were
 * sealed (so once a segment is queryable, every earlier one is too), each retried
 * until ClickHouse takes it, then deleted.
 */
import { unlink } from "node:fs/promises";
import type { Logger } from "pino";
import { errors } from "../errors.ts";
import type { Engine } from "../engine/engine.ts";
import type { Backlog } from "./backlog.ts";
import { insertSegment, type InsertReport, type SegmentTables } from "./insert-segment.ts";
import type { Segment } from "./wal/segment.ts";

export interface QueueDeps {
  readonly engine: Engine;
  readonly tables: SegmentTables;
  readonly backlog: Backlog;
  readonly logger: Logger;
  /** After a segment is in ClickHouse: what it held, seconds from each acknowledgement until then, and its rows' tenants (when known). */
  readonly flushed: (report: InsertReport, lagSeconds: readonly number[], tenants: ReadonlySet<string> | undefined) => void;
  /** Makes what the engine wrote durable; a segment is deleted only after it succeeds. */
  readonly engineSync?: () => Promise<void>;
}

const RETRY_MS = [100, 250, 500, 1000, 2000, 5000];
/** While shutting down, give up after this many failed attempts and leave the segment for the next start. */
const CLOSE_ATTEMPTS = 3;

export class SegmentQueue {
  private readonly sealed: Segment[] = [];
  /** Deletions wait for a shared engine sync; the next insert does not wait for them. */
  private readonly deleting = new Set<Promise<void>>();
  private draining: Promise<void> | undefined;
  private closing = false;
  private stopped = false;

  constructor(private readonly deps: QueueDeps) {}

  push(segment: Segment): void {
    this.sealed.push(segment);
    this.kick();
  }

  /** Waits for every queued segment; those that still fail stay on disk for the next start. */
  async close(): Promise<void> {
    this.closing = true;
    while (this.draining) await this.draining.catch(() => {});
    await Promise.all(this.deleting);
    if (this.sealed.length === 0) return;
    this.deps.logger.error({ segments: this.sealed.map((s) => s.path) }, "segments left in the write-ahead log; they are inserted at the next start");
    for (const segment of this.sealed) segment.settle(errors.shuttingDown());
  }

  private kick(): void {
    if (this.draining || this.stopped) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.sealed.length > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.sealed.length > 0) {
      const segment = this.sealed[0]!;
      // A writer that failed still leaves its intact records, which were acknowledged.
      await segment.closed.catch(() => {});
      await this.insert(segment);
      this.sealed.shift();
    }
  }

  private async insert(segment: Segment): Promise<void> {
    const { engine, tables, backlog, logger } = this.deps;
    for (let attempt = 1; ; attempt++) {
      try {
        const report = await insertSegment(engine, segment.id, segment.path, tables);
        backlog.remove(segment.rows);
        const now = performance.now();
        this.deps.flushed(report, segment.ackedAt.map((t) => (now - t) / 1000), segment.tenants);
        segment.settle();
        const deleting = this.delete(segment).finally(() => this.deleting.delete(deleting));
        this.deleting.add(deleting);
        return;
      } catch (err) {
        if (this.closing && attempt >= CLOSE_ATTEMPTS) {
          this.stopped = true;
          throw err;
        }
        const delay = RETRY_MS[Math.min(attempt, RETRY_MS.length) - 1]!;
        logger.warn({ err, segment: segment.id, attempt, retryInMs: delay }, "inserting a write-ahead log segment failed; retrying");
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** A segment left behind is replayed at the next start, where its tokens make it a no-op. */
  private async delete(segment: Segment): Promise<void> {
    try {
      await this.deps.engineSync?.();
      await unlink(segment.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") this.deps.logger.warn({ err, path: segment.path }, "kept an inserted segment: it could not be synced or deleted");
    }
  }
}
