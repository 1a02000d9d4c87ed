/**
 * NDJSON lines written straight into bytes as the check produces them. Holding a
 * request's rows as strings until the end kept thousands of them alive through
 * garbage collections (each then copied, some promoted); written here, each line
 * dies young and the bytes are ready for the write-ahead log without a join.
 */
export class LineBuffer {
  private bytes: Buffer;
  private length = 0;
  /** Lines written so far. */
  count = 0;

  constructor(initialBytes: number) {
    this.bytes = Buffer.allocUnsafe(initialBytes);
  }

  push(line: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit; one more for the newline.
    const room = line.length * 3 + 1;
    if (this.length + room > this.bytes.length) this.grow(this.length + room);
    this.length += this.bytes.write(line, this.length, "utf8");
    this.bytes[this.length++] = 0x0a;
    this.count++;
  }

  /** The lines written, each ending in a newline; a view, not a copy. */
  toBuffer(): Buffer {
    return this.bytes.subarray(0, this.length);
  }

  private grow(needed: number): void {
    const next = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2));
    this.bytes.copy(next, 0, 0, this.length);
    this.bytes = next;
  }
}
