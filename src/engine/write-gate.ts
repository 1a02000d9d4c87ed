/**
 * Writes take a shared turn at the gate; a data operation (a delete, a truncate, a replace)
 * takes it alone. While one runs, inserts wait (the Events API's rows stay safe in the
 * write-ahead log), so nothing lands between reading a table and swapping in what was built
 * from it. Reads wait only while the operation swaps its partitions in (a few metadata
 * statements), so no reader sees some tables changed and others not yet. A waiting operation
 * goes before writes that arrive after it.
 */
import type { Engine, FileOptions, InsertOptions, QueryOptions } from "./engine.ts";
import { writtenTables } from "./written-tables.ts";

export class WriteGate {
  private writers = 0;
  private exclusive: Promise<void> | undefined;
  private readonly idle: (() => void)[] = [];
  private readsHeld: Promise<void> | undefined;

  /** Runs `work` while no data operation runs. */
  async shared<T>(work: () => Promise<T>): Promise<T> {
    while (this.exclusive) await this.exclusive;
    this.writers++;
    try {
      return await work();
    } finally {
      this.writers--;
      if (this.writers === 0) this.idle.splice(0).forEach((wake) => wake());
    }
  }

  /** Runs `work` once the writes under way have finished, holding back new ones until it ends. */
  async alone<T>(work: () => Promise<T>): Promise<T> {
    while (this.exclusive) await this.exclusive;
    let release!: () => void;
    this.exclusive = new Promise((resolve) => (release = resolve));
    try {
      if (this.writers > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
      return await work();
    } finally {
      this.exclusive = undefined;
      release();
    }
  }

  /** Runs `work` once no swap holds reads. */
  async read<T>(work: () => Promise<T>): Promise<T> {
    while (this.readsHeld) await this.readsHeld;
    return work();
  }

  /** Runs `work` (a swap, from inside `alone`) with new reads held back until it ends; reads under way have their snapshot already. */
  async holdingReads<T>(work: () => Promise<T>): Promise<T> {
    let release!: () => void;
    this.readsHeld = new Promise((resolve) => (release = resolve));
    try {
      return await work();
    } finally {
      this.readsHeld = undefined;
      release();
    }
  }
}

/** `inner` with its inserts and writing statements passed through the gate, and its reads held during a swap. */
export function gatedEngine(inner: Engine, gate: WriteGate): Engine {
  return {
    kind: inner.kind,
    database: inner.database,
    query: (sql: string, options?: QueryOptions) => (writtenTables(sql).kind === "none" ? gate.read(() => inner.query(sql, options)) : gate.shared(() => inner.query(sql, options))),
    insert: (table: string, rows: Buffer, options?: InsertOptions) => gate.shared(() => inner.insert(table, rows, options)),
    queryToFile: (sql: string, format: string, path: string, options?: FileOptions) => gate.read(() => inner.queryToFile(sql, format, path, options)),
    close: () => inner.close(),
  };
}
