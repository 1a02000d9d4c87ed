/**
 * The check stage for SQL a token wrote itself (`/v0/sql`, and `q=` over a pipe): ClickHouse's
 * parser reads it, authorisation decides from that reading alone (src/auth/sql-access.ts),
 * and only then does it get the settings it runs with: the caller's limits, the token's row
 * filters, and the settings that keep those filters ahead of the statement's own expressions.
 * Nothing of the statement runs before that.
 */
import { readableDatasources, rowFilterSettings } from "../auth/datasource-access.ts";
import type { Principal } from "../auth/principal.ts";
import { authorizePipeQuery, authorizeSql, ownNamesRead, pipesRead, type SqlNames } from "../auth/sql-access.ts";
import { quoteIdent, quoteString } from "../engine/ddl.ts";
import type { Engine, Settings } from "../engine/engine.ts";
import { plainColumnCtes } from "../engine/plain-columns.ts";
import { inspectStatement, isReadStatement, untrustedSqlSettings, type StatementShape } from "../engine/sql-guard.ts";
import { errors } from "../errors.ts";
import type { Project } from "../project/model.ts";

export interface CheckedStatement {
  readonly shape: StatementShape;
  /** Everything the final statement runs with. */
  readonly settings: Settings;
  /**
   * CTEs around the final statement: the datasources it names, read as plain columns (see
   * plain-columns.ts), and a stand-in for each name it defines itself (see `standIn`).
   */
  readonly ctes: readonly string[];
  /** The pipes it reads as tables, to be inlined beside it. */
  readonly pipes: readonly string[];
}

/**
 * Formats a restricted token's statement may ask for: those that carry the rows and nothing
 * else (the `…WithProgress` formats report rows read, every tenant's rows included).
 */
const FORMATS = new Set([
  "JSON", "JSONCompact", "JSONStrings", "JSONCompactStrings", "JSONEachRow", "JSONCompactEachRow", "JSONStringsEachRow", "NDJSON",
  "CSV", "CSVWithNames", "CSVWithNamesAndTypes", "TSV", "TabSeparated", "TSVWithNames", "TabSeparatedWithNames", "TSVRaw", "TabSeparatedRaw",
  "Parquet",
]);
/** ClickHouse reads a format's name in any case (`format json`). */
const ALLOWED_FORMATS = new Set([...FORMATS].map((f) => f.toLowerCase()));

function namesOf(engine: Engine, project: Project): SqlNames {
  return { project, database: engine.database };
}

/**
 * Outside the scope of the WITH that defines it, a name the statement gave a subquery would
 * read the table of that name, if one exists. Around the whole statement, a CTE of that name
 * that refuses stands in for the table: inside that scope the statement's own subquery is
 * nearer, outside it the stand-in is, existing table or not.
 */
function standIn(name: string): string {
  // In WHERE, so that reading no column of it (`count()`, EXISTS) refuses too.
  return `${quoteIdent(name)} AS (SELECT 1 AS refused WHERE throwIf(1, ${quoteString(`${name} is read outside the WITH that defines it`)}))`;
}

/**
 * Settings of every statement a restricted token's request runs, SQL of its own or not: its row
 * filters, and no `statistics` in the answer (`rows_read` counts the rows of every tenant that
 * share the token's parts and granules).
 */
function rowFilters(engine: Engine, project: Project, principal: Principal): Settings {
  return principal.isAdmin ? {} : { ...rowFilterSettings(engine.database, readableDatasources(project, principal)), output_format_write_statistics: 0 };
}

async function restricted(engine: Engine, project: Project, principal: Principal, limits: Settings): Promise<Settings> {
  return { ...limits, ...(await untrustedSqlSettings(engine)), ...rowFilters(engine, project, principal) };
}

/** `/v0/sql`: one SELECT or DESCRIBE; never INTO OUTFILE, which chdb would write on the server. */
export async function checkSql(engine: Engine, project: Project, principal: Principal, sql: string, limits: Settings): Promise<CheckedStatement> {
  const shape = await inspectStatement(engine, sql, limits);
  if (!isReadStatement(shape)) throw errors.onlySelect(shape.kind);
  if (shape.hasOutfile) throw errors.forbiddenSql("INTO OUTFILE");
  // Pipes are inlined as CTEs, which a DESCRIBE cannot carry.
  const pipe = shape.kind === "DescribeQuery" ? shape.tables.find((t) => project.pipes.has(t)) : undefined;
  if (pipe !== undefined) throw errors.describePipe(pipe);
  if (principal.isAdmin) return { shape, settings: limits, ctes: [], pipes: pipesRead(shape, project) };
  if (shape.format !== undefined && !ALLOWED_FORMATS.has(shape.format.toLowerCase())) throw errors.formatNotAllowed(shape.format, [...FORMATS]);
  authorizeSql(principal, shape, namesOf(engine, project));
  // Only what the token may read: a datasource's name the statement defines itself is a stand-in.
  const readable = readableDatasources(project, principal);
  const named = [...shape.tables, ...shape.inNames].filter((name) => readable.has(name));
  const ctes = shape.kind === "DescribeQuery" ? [] : [...(await plainColumnCtes(engine, [...new Set(named)])), ...ownNamesRead(shape).map(standIn)];
  return { shape, settings: await restricted(engine, project, principal, limits), ctes, pipes: pipesRead(shape, project) };
}

/** `q=` over a pipe's result `_`; without `q`, the pipe runs with the token's row filters. */
export async function checkPipeQuery(engine: Engine, project: Project, principal: Principal, pipe: string, q: string | undefined, limits: Settings): Promise<{ q?: string; settings: Settings }> {
  if (q === undefined) return { settings: { ...limits, ...rowFilters(engine, project, principal) } };
  const shape = await inspectStatement(engine, q, limits);
  authorizePipeQuery(principal, shape, namesOf(engine, project), pipe);
  // The re-formatted text is what was checked, so it is what runs.
  if (principal.isAdmin) return { q: shape.statement, settings: limits };
  return { q: shape.statement, settings: await restricted(engine, project, principal, limits) };
}
