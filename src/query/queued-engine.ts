/**
 * An engine whose statements take turns in the fair queue under one lane, as API requests
 * do under their tokens' lanes. Background work (copy jobs) goes through it: each of its
 * statements waits for a slot, and once the lane has used more engine time than the
 * others, their requests go first. A background statement is never refused for waiting
 * long: it queues again until its turn comes.
 */
import type { Engine, FileOptions, InsertOptions, QueryOptions } from "../engine/engine.ts";
import { ApiError } from "../errors.ts";
import type { FairQueue } from "./fair-queue.ts";

export function queuedEngine(inner: Engine, queue: FairQueue, lane: string): Engine {
  const turn = async <T>(work: () => Promise<T>): Promise<T> => {
    for (;;) {
      try {
        return await queue.run(lane, work, { capped: false });
      } catch (err) {
        if (!(err instanceof ApiError && err.code === "QUEUE_TIMEOUT")) throw err;
      }
    }
  };
  return {
    kind: inner.kind,
    database: inner.database,
    query: (sql: string, options?: QueryOptions) => turn(() => inner.query(sql, options)),
    insert: (table: string, rows: Buffer, options?: InsertOptions) => turn(() => inner.insert(table, rows, options)),
    queryToFile: (sql: string, format: string, path: string, options?: FileOptions) => turn(() => inner.queryToFile(sql, format, path, options)),
    close: () => inner.close(),
  };
}
