/**
 * The flush stage for one datasource. Appends go to the active segment of the
 * write-ahead log; the segment is sealed when it holds `flushRows` rows or its first
 * row is `flushMs` old (sooner when a request waits for its rows) and queued to be
 * inserted whole. A segment is one INSERT per table, so its id is enough to make a
 * replay a no-op.
 */
import { errors } from "../errors.ts";
import { SegmentQueue, type QueueDeps } from "./segment-queue.ts";
import { Segment } from "./wal/segment.ts";
import type { FsyncPolicy } from "./wal/segment-writer.ts";

export interface FlushOptions {
  readonly fsync: FsyncPolicy;
  readonly flushRows: number;
  readonly flushMs: number;
}

export interface FlusherDeps extends QueueDeps {
  /** The datasource's write-ahead log directory. */
  readonly dir: string;
  readonly options: FlushOptions;
}

/** A request waiting for its rows (`wait=true`) gets them inserted this soon. */
const WAIT_FLUSH_MS = 10;
/** A segment is read and sent in one piece; this bounds the memory that takes. */
const MAX_SEGMENT_BYTES = 64 * 1024 * 1024;

export class Flusher {
  private active: Segment | undefined;
  /** Segments are inserted in the order they were sealed: once this one is in, all are. */
  private lastSealed: Segment | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerDue = Infinity;
  private closing = false;
  private readonly queue: SegmentQueue;

  constructor(private readonly deps: FlusherDeps) {
    this.queue = new SegmentQueue(deps);
  }

  /** Resolves once the rows are on disk, or, with `wait`, once they are queryable. `tenants`: of the rows, when known. */
  async append(records: readonly Buffer[], rows: number, wait: boolean, tenants?: ReadonlySet<string>): Promise<void> {
    if (this.closing) throw errors.shuttingDown();
    const { options, backlog } = this.deps;
    let segment = this.active;
    if (!segment) {
      segment = this.active = new Segment(this.deps.dir, options.fsync);
      this.arm(segment, options.flushMs);
    }
    const durable = segment.writer.append(records);
    segment.rows += rows;
    segment.addTenants(tenants);
    for (const r of records) segment.bytes += r.length;
    backlog.add(rows);
    if (segment.rows >= options.flushRows || segment.bytes >= MAX_SEGMENT_BYTES) this.seal();
    else if (wait) this.arm(segment, WAIT_FLUSH_MS);
    try {
      await durable;
    } catch (err) {
      if (this.active === segment) this.seal();
      throw errors.walWrite((err as NodeJS.ErrnoException).code ?? (err as Error).message);
    }
    segment.ackedAt.push(performance.now());
    if (wait) await segment.inserted;
  }

  /** Resolves once everything appended so far is inserted; appends go on meanwhile. */
  async flush(): Promise<void> {
    this.seal();
    await this.lastSealed?.inserted;
  }

  /** Inserts everything appended so far. */
  async close(): Promise<void> {
    this.closing = true;
    this.seal();
    await this.queue.close();
  }

  private arm(segment: Segment, delayMs: number): void {
    const due = performance.now() + delayMs;
    if (this.timer && this.timerDue <= due) return;
    clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.active === segment) this.seal();
    }, delayMs);
  }

  private seal(): void {
    const segment = this.active;
    if (!segment) return;
    this.active = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    segment.closed = segment.writer.close();
    this.lastSealed = segment;
    this.queue.push(segment);
  }
}
