import type { Engine, FileOptions, InsertOptions, QueryOptions, QueryOutput } from "./engine.ts";

export type ObserveSeconds = (kind: "query" | "insert", seconds: number) => void;

/** Wraps an engine to report how long each statement takes, without the engine knowing. */
export function timedEngine(inner: Engine, observe: ObserveSeconds): Engine {
  const timed = async <T>(kind: "query" | "insert", run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await run();
    } finally {
      observe(kind, (performance.now() - started) / 1000);
    }
  };
  return {
    kind: inner.kind,
    database: inner.database,
    query: (sql: string, options?: QueryOptions): Promise<QueryOutput> => timed("query", () => inner.query(sql, options)),
    insert: (table: string, rows: Buffer, options?: InsertOptions) => timed("insert", () => inner.insert(table, rows, options)),
    queryToFile: (sql: string, format: string, path: string, options?: FileOptions) => timed("query", () => inner.queryToFile(sql, format, path, options)),
    close: () => inner.close(),
  };
}
