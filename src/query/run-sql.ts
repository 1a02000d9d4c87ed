/**
 * `/v0/sql`: one SELECT or DESCRIBE, with pipes usable as tables (inlined with their
 * defaults and the token's fixed parameters). For tokens other than admin, ClickHouse's
 * parser tells what the statement reads and authorisation decides from that
 * (check-statement.ts); the token's DATASOURCES:READ filters go to the engine as
 * `additional_table_filters`, and values in its errors that it did not send are masked.
 */
import type { Principal, Variables } from "../auth/principal.ts";
import type { Engine, Settings } from "../engine/engine.ts";
import { pipeSql, wrapInCtes } from "../engine/pipe-sql.ts";
import { plainResultSql } from "../engine/plain-columns.ts";
import { quoteIdent } from "../engine/ddl.ts";
import type { Project } from "../project/model.ts";
import { errors } from "../errors.ts";
import { checkSql } from "./check-statement.ts";
import { withRedactedErrors } from "./redact-values.ts";
import { renderPipe } from "./render-pipe.ts";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  json: "application/json; charset=UTF-8",
  jsoneachrow: "application/x-ndjson; charset=UTF-8",
  csv: "text/csv; charset=UTF-8",
  csvwithnames: "text/csv; charset=UTF-8",
  tsv: "text/tab-separated-values; charset=UTF-8",
  tabseparated: "text/tab-separated-values; charset=UTF-8",
  parquet: "application/vnd.apache.parquet",
};

/** ClickHouse's text formats; any other (Arrow, Native, RowBinary, RawBLOB, …) writes bytes. */
const TEXT_FORMAT = /^(?:json|ndjson|csv|tsv|tabseparated|pretty|values|vertical|markdown|xml|tskv|template|customseparated|sqlinsert|prometheus|lineasstring|regexp|raw$)/i;

/** The answer's type, so that neither a browser nor the response compression takes bytes for text. Names in any case, as ClickHouse reads them. */
function contentTypeOf(format: string): string {
  return CONTENT_TYPES[format.toLowerCase()] ?? (TEXT_FORMAT.test(format) ? "text/plain; charset=UTF-8" : "application/octet-stream");
}

export interface SqlResult {
  readonly body: Buffer;
  readonly contentType: string;
}

/**
 * Wraps the statement in a CTE of the same name for each pipe it reads (`names`, as checked),
 * around the whole statement: merged into its first WITH, a pipe would be out of sight of a later
 * UNION branch with a WITH of its own, which would read ClickHouse's table of that name instead
 * (a materialization's target, every tenant's rows). `plain` turns a pipe's SELECT into what a
 * restricted token's statement reads (plain-columns.ts).
 */
async function inlinePipes(project: Project, sql: string, names: readonly string[], variables: (pipe: string) => Variables, plain: (select: string) => Promise<string>): Promise<string> {
  const pipes = await Promise.all(
    names.flatMap((name) => {
      const pipe = project.pipes.get(name);
      return pipe ? [plain(pipeSql(renderPipe(project, pipe, variables(name)))).then((select) => `${quoteIdent(name)} AS (\n${select}\n)`)] : [];
    }),
  );
  return wrapInCtes(pipes, sql);
}

/**
 * `defaultFormat` applies when the statement names none: TSV for `?q=` (as Tinybird answers
 * it), JSON for a statement POSTed as the body (what `@tinybirdco/sdk`'s `sql()` parses).
 * `limits` bound every statement the request runs, the checks included.
 */
export async function runSql(project: Project, engine: Engine, principal: Principal, q: string, limits: Settings, defaultFormat = "TabSeparated"): Promise<SqlResult> {
  if (!principal.canQuerySql) throw errors.noSqlAccess();
  if (q.trim() === "") throw errors.missingQuery();
  const { shape, settings, ctes, pipes } = await checkSql(engine, project, principal, q, limits);
  const format = shape.format ?? defaultFormat;
  // What runs is exactly what was checked; the format travels as an option.
  const plain = principal.isAdmin ? async (select: string) => select : (select: string) => plainResultSql(engine, select);
  const statement = wrapInCtes(ctes, await inlinePipes(project, shape.statement, pipes, (pipe) => principal.fixedParams(pipe), plain));
  const run = () => engine.query(statement, { format, settings });
  const out = principal.isAdmin ? await run() : await withRedactedErrors(q, run);
  return { body: out.body, contentType: contentTypeOf(format) };
}
