import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ClickHouseLogLevel, createClient, type ClickHouseClient, type ClickHouseSettings } from "@clickhouse/client";
import { quoteIdent } from "./ddl.ts";
import { ENGINE_UNREACHABLE, EngineError, type Engine, type FileOptions, type InsertOptions, type QueryOptions, type QueryOutput, type Settings } from "./engine.ts";

interface ServerFailure {
  message?: string;
  code?: string;
  type?: string;
}

/** Failures of the connection, not of a statement: the client's own errors carry no ClickHouse code. */
const UNREACHABLE = /ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|EAI_AGAIN|socket hang up|Timeout error/;

function engineError(err: unknown): EngineError {
  const failure = err as ServerFailure;
  const code = failure.code !== undefined && /^\d+$/.test(failure.code) ? Number(failure.code) : undefined;
  const message = failure.message ?? String(err);
  return new EngineError(message, code, code === undefined && UNREACHABLE.test(message) ? ENGINE_UNREACHABLE : failure.type);
}

interface Summary {
  read_rows?: string;
  read_bytes?: string;
  elapsed_ns?: string;
}

/**
 * Every statement in cluster mode. `insert_distributed_sync` (the older name of
 * `distributed_foreground_insert`, accepted by both old and new servers): an INSERT into a
 * Distributed table returns once every shard has written its rows, so an acknowledged flush
 * is stored and a failed one is retried, same rows and token, rather than left in a
 * queue on one node. `optimize_skip_unused_shards`: a query whose WHERE fixes `tenant_id`
 * reads that tenant's shard only (sharding-key.ts). `distributed_product_mode = 'global'`:
 * the kit's reports filter one Distributed table by a subquery on another (`(session_id,
 * period) IN (…)`), which ClickHouse refuses by default; GLOBAL runs the subquery once and
 * sends its result to the shards read, right whatever the tables' sharding ('local' would
 * be wrong for a datasource sharded at random).
 */
const CLUSTER_SETTINGS: Settings = { insert_distributed_sync: 1, optimize_skip_unused_shards: 1, distributed_product_mode: "global" };

/** A ClickHouse server or cluster over HTTP, for when one machine is not enough. */
export class ClickHouseEngine implements Engine {
  readonly kind = "clickhouse";
  readonly database: string;
  private readonly client: ClickHouseClient;
  private readonly defaults: Settings;

  private constructor(client: ClickHouseClient, database: string, defaults: Settings) {
    this.client = client;
    this.database = database;
    this.defaults = defaults;
  }

  /** With `cluster`, the database is created on every node and every statement carries CLUSTER_SETTINGS. */
  static async open(url: string, database: string, cluster?: string): Promise<ClickHouseEngine> {
    // The client's own log would print each failure a second time, before our one line.
    const log = { level: ClickHouseLogLevel.OFF };
    const admin = createClient({ url, log });
    try {
      await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}${cluster ? ` ON CLUSTER ${quoteIdent(cluster)}` : ""}` });
    } catch (err) {
      throw engineError(err);
    } finally {
      await admin.close();
    }
    return new ClickHouseEngine(createClient({ url, database, request_timeout: 300_000, log }), database, cluster ? CLUSTER_SETTINGS : {});
  }

  async query(sql: string, options: QueryOptions = {}): Promise<QueryOutput> {
    const started = performance.now();
    try {
      // `exec` sends the statement as written; the format travels as a setting so DDL works too.
      // wait_end_of_query: a limit hit after the first blocks were sent would otherwise arrive as
      // HTTP 200 with the error at the end of the body, read here as a successful result.
      const settings: ClickHouseSettings = {
        ...(this.defaults as ClickHouseSettings),
        ...(options.settings as ClickHouseSettings | undefined),
        default_format: (options.format ?? "TabSeparated") as ClickHouseSettings["default_format"],
        wait_end_of_query: 1,
      };
      const result = await this.client.exec({ query: sql, clickhouse_settings: settings });
      const chunks: Buffer[] = [];
      for await (const chunk of result.stream) chunks.push(Buffer.from(chunk as Uint8Array));
      const summary = JSON.parse(String(result.response_headers["x-clickhouse-summary"] ?? "{}")) as Summary;
      return {
        body: Buffer.concat(chunks),
        elapsed: summary.elapsed_ns ? Number(summary.elapsed_ns) / 1e9 : (performance.now() - started) / 1000,
        rowsRead: Number(summary.read_rows ?? 0),
        bytesRead: Number(summary.read_bytes ?? 0),
      };
    } catch (err) {
      throw engineError(err);
    }
  }

  async insert(table: string, rows: Buffer, options: InsertOptions = {}): Promise<{ rowsWritten: number }> {
    const settings: Settings = { ...this.defaults, ...options.settings, ...(options.dedupToken ? { insert_deduplication_token: options.dedupToken } : {}) };
    try {
      const result = await this.client.exec({
        query: `INSERT INTO ${this.database}.${table} FORMAT JSONEachRow`,
        values: Readable.from([rows]),
        clickhouse_settings: settings as ClickHouseSettings,
      });
      result.stream.resume();
      const summary = JSON.parse(String(result.response_headers["x-clickhouse-summary"] ?? "{}")) as { written_rows?: string };
      return { rowsWritten: Number(summary.written_rows ?? 0) };
    } catch (err) {
      throw engineError(err);
    }
  }

  /** The server streams the result over HTTP; it goes to the file chunk by chunk. */
  async queryToFile(sql: string, format: string, path: string, options: FileOptions = {}): Promise<void> {
    try {
      const settings = { ...this.defaults, ...options.settings, default_format: format } as ClickHouseSettings;
      const result = await this.client.exec({ query: sql, clickhouse_settings: settings });
      await pipeline(result.stream, createWriteStream(path, { flags: options.append ? "a" : "w" }));
    } catch (err) {
      throw engineError(err);
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
