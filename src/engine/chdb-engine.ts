import { mkdirSync } from "node:fs";
import { Session } from "chdb";
import { quoteIdent, quoteString } from "./ddl.ts";
import { EngineError, settingsClause, type Engine, type FileOptions, type InsertOptions, type QueryOptions, type QueryOutput } from "./engine.ts";

interface ChdbFailure {
  message?: string;
  clickhouseCode?: number;
}

function engineError(err: unknown): EngineError {
  const failure = err as ChdbFailure;
  return new EngineError(failure.message ?? String(err), failure.clickhouseCode);
}

/**
 * Embedded ClickHouse. One process holds one data directory, and chdb runs queries
 * largely one at a time, so keep them short (that is what the views are for).
 */
export class ChdbEngine implements Engine {
  readonly kind = "chdb";
  readonly database: string;
  private readonly session: Session;
  /** The statement before the next one runs; see `exclusive`. */
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(session: Session, database: string) {
    this.session = session;
    this.database = database;
  }

  static async open(dataDir: string, database: string): Promise<ChdbEngine> {
    mkdirSync(dataDir, { recursive: true });
    // BACKUP and RESTORE (aviary backup/restore) write wherever the operator names; no token can send them (src/auth/sql-access.ts).
    const session = new Session(dataDir, { connectionArgs: ["--backups.allowed_path=/"] });
    const engine = new ChdbEngine(session, database);
    await engine.query(`CREATE DATABASE IF NOT EXISTS ${quoteIdent(database)}`);
    await engine.query(`USE ${quoteIdent(database)}`);
    return engine;
  }

  /**
   * Runs statements one after another (chdb does anyway) so a failure and its cleanup stay
   * together: when a query fails part-way, chdb keeps the output it had produced and hands
   * it to the next query of the session as the start of that query's result, which would
   * give one request (one tenant) another's rows. A throwaway statement absorbs it first.
   */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async absorbLeftover(): Promise<void> {
    await this.session.queryAsync("SELECT 1", { format: "TabSeparated" }).catch(() => undefined);
  }

  query(sql: string, options: QueryOptions = {}): Promise<QueryOutput> {
    // chdb has no per-query settings channel; a trailing SETTINGS clause is ClickHouse's own.
    const text = options.settings && Object.keys(options.settings).length > 0 ? `${sql}\nSETTINGS ${settingsClause(options.settings)}` : sql;
    return this.exclusive(async () => {
      try {
        const result = await this.session.queryAsync(text, { format: options.format ?? "TabSeparated" });
        return { body: Buffer.from(result.bytes()), elapsed: result.elapsed, rowsRead: result.rowsRead, bytesRead: result.bytesRead };
      } catch (err) {
        await this.absorbLeftover();
        throw engineError(err);
      }
    });
  }

  insert(table: string, rows: Buffer, options: InsertOptions = {}): Promise<{ rowsWritten: number }> {
    const settings = { ...options.settings, ...(options.dedupToken ? { insert_deduplication_token: options.dedupToken } : {}) };
    return this.exclusive(async () => {
      try {
        const summary = await this.session.insert({ table: `${this.database}.${table}`, values: rows, format: "JSONEachRow", settings });
        return { rowsWritten: summary.rowsWritten };
      } catch (err) {
        await this.absorbLeftover();
        throw engineError(err);
      }
    });
  }

  /** ClickHouse's own `INTO OUTFILE`: chdb runs in this process, so its files are this machine's. */
  async queryToFile(sql: string, format: string, path: string, options: FileOptions = {}): Promise<void> {
    await this.query(`${sql}\nINTO OUTFILE ${quoteString(path)} ${options.append ? "APPEND" : "TRUNCATE"} FORMAT ${format}`, { settings: options.settings });
  }

  async close(): Promise<void> {
    this.session.close();
  }
}
