/**
 * Runs an endpoint: render (template stage) → assemble SQL → engine → response bytes.
 * Authorization and parameter collection happen before; this module trusts its input.
 */
import type { Engine, Settings } from "../engine/engine.ts";
import { pipeSql, querySql } from "../engine/pipe-sql.ts";
import { plainResultSql } from "../engine/plain-columns.ts";
import type { Pipe, Project } from "../project/model.ts";
import { withRedactedErrors } from "./redact-values.ts";
import { renderPipe, type Variables } from "./render-pipe.ts";

/** URL extensions and the ClickHouse formats they stand for. */
export const PIPE_FORMATS: Readonly<Record<string, { format: string; contentType: string }>> = {
  json: { format: "JSON", contentType: "application/json; charset=UTF-8" },
  csv: { format: "CSVWithNames", contentType: "text/csv; charset=UTF-8" },
  ndjson: { format: "JSONEachRow", contentType: "application/x-ndjson; charset=UTF-8" },
  parquet: { format: "Parquet", contentType: "application/octet-stream" },
  prometheus: { format: "Prometheus", contentType: "text/plain; charset=UTF-8" },
};

export interface PipeQuery {
  readonly pipe: Pipe;
  readonly extension: string;
  readonly variables: Variables;
  /** SQL over the pipe's result, which it calls `_`. */
  readonly q?: string;
  /** Settings the caller adds (row filters, limits); they win over the template's hints. */
  readonly settings: Settings;
  /** A restricted token's request: values in its errors that it did not send are masked. */
  readonly restricted: boolean;
}

export interface PipeResult {
  readonly body: Buffer;
  readonly contentType: string;
  readonly warnings: readonly string[];
  readonly elapsed: number;
}

/** What runs for a request: the final SQL and every setting it runs with (the caller's last). */
export interface PipeStatement {
  readonly sql: string;
  readonly settings: Settings;
  readonly format: string;
  readonly contentType: string;
  readonly warnings: readonly string[];
}

/** A restricted token's `q=` reads the pipe's result with LowCardinality columns cast to plain ones (plain-columns.ts). */
export async function pipeStatement(project: Project, engine: Engine, query: PipeQuery): Promise<PipeStatement> {
  const target = PIPE_FORMATS[query.extension];
  if (!target) throw new Error(`unknown format ${query.extension}`);
  const rendered = renderPipe(project, query.pipe, query.variables);
  const select = pipeSql(rendered);
  const sql = query.q === undefined ? select : querySql(query.restricted ? await plainResultSql(engine, select) : select, query.q);
  return { sql, settings: { ...rendered.settings, ...query.settings }, format: target.format, contentType: target.contentType, warnings: rendered.warnings };
}

/** The statement's answer, unredacted: callers mask what their token did not send (`withSentValues`). */
export async function runStatement(engine: Engine, statement: PipeStatement): Promise<PipeResult> {
  const out = await engine.query(statement.sql, { format: statement.format, settings: statement.settings });
  return { body: out.body, contentType: statement.contentType, warnings: statement.warnings, elapsed: out.elapsed };
}

/** Runs `work`; a restricted token's engine errors have the values it did not send masked. */
export function withSentValues<T>(query: PipeQuery, work: () => Promise<T>): Promise<T> {
  return query.restricted ? withRedactedErrors(sentText(query), work) : work();
}

/** What the client sent: its parameter values and `q`. */
function sentText(query: PipeQuery): string {
  return [...Object.values(query.variables).flat(), query.q ?? ""].map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join("\n");
}
