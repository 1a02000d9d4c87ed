/**
 * The one interface every part of Aviary talks to ClickHouse through. Implementations
 * differ only in how they send SQL and rows (embedded chdb or a ClickHouse server);
 * DDL and queries are built once, elsewhere in this folder.
 */
export type Settings = Readonly<Record<string, string | number | boolean>>;

export interface QueryOptions {
  /** ClickHouse output format; TabSeparated when omitted. */
  readonly format?: string;
  readonly settings?: Settings;
}

export interface QueryOutput {
  readonly body: Buffer;
  /** Seconds, rows and bytes as ClickHouse reports them. */
  readonly elapsed: number;
  readonly rowsRead: number;
  readonly bytesRead: number;
}

export interface InsertOptions {
  readonly settings?: Settings;
  /** ClickHouse `insert_deduplication_token`: the same token never inserts twice. */
  readonly dedupToken?: string;
}

export interface FileOptions {
  readonly append?: boolean;
  readonly settings?: Settings;
}

export interface Engine {
  readonly kind: "chdb" | "clickhouse";
  /** The database every unqualified table name resolves in. */
  readonly database: string;
  query(sql: string, options?: QueryOptions): Promise<QueryOutput>;
  /** Inserts JSONEachRow bytes into a table of `database`. */
  insert(table: string, rows: Buffer, options?: InsertOptions): Promise<{ rowsWritten: number }>;
  /**
   * Writes a SELECT's result in `format` to a file on this machine as ClickHouse produces it,
   * never held whole in memory (exports of millions of rows); `append` adds to the file.
   */
  queryToFile(sql: string, format: string, path: string, options?: FileOptions): Promise<void>;
  close(): Promise<void>;
}

/** EngineError.type of a statement that never reached the engine (a server that is down or unreachable). */
export const ENGINE_UNREACHABLE = "ENGINE_UNREACHABLE";

/** A failed query, with ClickHouse's error code and name when it gave them. */
export class EngineError extends Error {
  readonly code: number | undefined;
  readonly type: string | undefined;
  constructor(message: string, code?: number, type?: string) {
    super(message);
    this.name = "EngineError";
    this.code = code;
    this.type = type ?? /\(([A-Z_]+)\)\s*(\(version [^)]*\))?\s*$/.exec(message)?.[1];
  }
}

/** Runs a query and parses its JSONEachRow output. */
export async function queryRows<T = Record<string, unknown>>(engine: Engine, sql: string, settings?: Settings): Promise<T[]> {
  const out = await engine.query(sql, { format: "JSONEachRow", settings });
  const text = out.body.toString("utf8");
  return text.length === 0 ? [] : text.trimEnd().split("\n").map((line) => JSON.parse(line) as T);
}

/** Runs a statement whose output is not needed (DDL, OPTIMIZE, …). */
export async function execute(engine: Engine, sql: string, settings?: Settings): Promise<void> {
  await engine.query(sql, { settings });
}

/** `key = value` list for a SETTINGS clause; values are numbers or quoted strings. */
export function settingsClause(settings: Settings): string {
  return Object.entries(settings)
    .map(([k, v]) => {
      if (!/^[a-z_][a-z0-9_]*$/i.test(k)) throw new EngineError(`invalid setting name ${JSON.stringify(k)}`);
      const value = typeof v === "string" ? `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'` : Number(v);
      return `${k} = ${value}`;
    })
    .join(", ");
}
