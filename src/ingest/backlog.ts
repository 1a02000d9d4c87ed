/**
 * Rows acknowledged but not yet in ClickHouse, across all datasources. Past the
 * limit, new requests get 429 until the flusher catches up: the log is on disk, so
 * the bound is not about memory but about how stale the data may get (and disk use).
 */
import { errors } from "../errors.ts";

export class Backlog {
  private count = 0;

  constructor(
    readonly limit: number,
    /** How long a client should wait before retrying, in whole seconds. */
    private readonly retryAfterSeconds: number,
    private readonly onChange: (rows: number) => void = () => {},
  ) {}

  /**
   * Throws the 429 when the backlog is at its limit, or (once a request is read, with its
   * `rows`) would pass it: one request of tiny lines is millions of rows.
   */
  admit(rows = 0): void {
    if (this.count >= this.limit) throw errors.backlogFull(this.count, this.limit, this.retryAfterSeconds);
    if (this.count + rows > this.limit) throw errors.backlogWouldOverflow(rows, this.count, this.limit, this.retryAfterSeconds);
  }

  /** Throws the 429 as soon as a request being read has more rows than could ever be admitted, so that the rest of it is not read. */
  fits(requestRows: number): void {
    if (requestRows > this.limit) throw errors.requestOverBacklog(this.limit);
  }

  add(rows: number): void {
    this.count += rows;
    this.onChange(this.count);
  }

  remove(rows: number): void {
    this.count -= rows;
    this.onChange(this.count);
  }
}
