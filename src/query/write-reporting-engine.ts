/**
 * An engine that tells DataVersions about every write made through it, so a cached answer
 * is never served after a write that could change it: inserts name their table, other
 * statements are judged by engine/written-tables.ts (a statement it cannot place outdates
 * everything). The Events API's flusher reports its own writes, with their tenants.
 */
import type { Engine, FileOptions, InsertOptions, QueryOptions } from "../engine/engine.ts";
import { writtenTables } from "../engine/written-tables.ts";
import type { DataVersions } from "./data-versions.ts";

export function writeReportingEngine(inner: Engine, versions: DataVersions): Engine {
  return {
    kind: inner.kind,
    database: inner.database,
    query: async (sql: string, options?: QueryOptions) => {
      // Reported whether it succeeded or not: a failed statement may have written part of its work.
      try {
        return await inner.query(sql, options);
      } finally {
        const written = writtenTables(sql);
        if (written.kind === "anything") versions.writtenAnywhere();
        else if (written.kind === "tables") for (const table of written.tables) versions.written(table);
      }
    },
    insert: async (table: string, rows: Buffer, options?: InsertOptions) => {
      try {
        return await inner.insert(table, rows, options);
      } finally {
        versions.written(table);
      }
    },
    // A SELECT's result written to a file: nothing in ClickHouse changes.
    queryToFile: (sql: string, format: string, path: string, options?: FileOptions) => inner.queryToFile(sql, format, path, options),
    close: () => inner.close(),
  };
}
