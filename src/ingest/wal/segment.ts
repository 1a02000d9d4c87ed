/**
 * One segment of the write-ahead log as the flusher tracks it: its file writer, how
 * much it holds, when each of its requests was acknowledged, and a promise that
 * settles once its rows are in ClickHouse (what `wait=true` requests wait for).
 */
import { newSegmentId, segmentPath } from "./segment-files.ts";
import { SegmentWriter, type FsyncPolicy } from "./segment-writer.ts";

export class Segment {
  readonly id = newSegmentId();
  readonly writer: SegmentWriter;
  rows = 0;
  bytes = 0;
  /** The tenants of its rows; undefined once a row's tenant was not known. */
  tenants: Set<string> | undefined = new Set();
  /** performance.now() of each acknowledgement, for the flush-lag histogram. */
  readonly ackedAt: number[] = [];
  /** Set when the segment is sealed: resolves once its last bytes are written and the file closed. */
  closed: Promise<void> = Promise.resolve();
  readonly inserted: Promise<void>;
  private settleInserted: (err?: Error) => void = () => {};

  constructor(dir: string, fsync: FsyncPolicy) {
    this.writer = new SegmentWriter(segmentPath(dir, this.id), fsync);
    this.inserted = new Promise<void>((resolve, reject) => (this.settleInserted = (err) => (err ? reject(err) : resolve())));
    // Only `wait=true` requests listen; nobody listening must not be an unhandled rejection.
    this.inserted.catch(() => {});
  }

  addTenants(tenants: ReadonlySet<string> | undefined): void {
    if (tenants === undefined) this.tenants = undefined;
    else for (const t of tenants) this.tenants?.add(t);
  }

  get path(): string {
    return this.writer.path;
  }

  /** Its rows are queryable (no error), or will not be in this run (the error). */
  settle(err?: Error): void {
    this.settleInserted(err);
  }
}
