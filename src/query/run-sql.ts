/**
 * `/v0/sql`: one SELECT or DESCRIBE, with pipes usable as tables (inlined with their
 * defaults and the token's fixed parameters). For tokens other than admin, ClickHouse's
 * parser and analyzer check what the statement reads (src/auth/sql-access.ts), and the
 * token's DATASOURCES:READ filters go to the engine as `additional_table_filters`.
 */
import { readableDatasources, rowFilterSettings } from "../auth/datasource-access.ts";
import type { Principal, Variables } from "../auth/principal.ts";
import { authorizeSql } from "../auth/sql-access.ts";
import type { Engine, Settings } from "../engine/engine.ts";
import { pipeSql } from "../engine/pipe-sql.ts";
import { firstKeyword, tableReferences } from "../engine/sql-scan.ts";
import { inspectStatement, isReadStatement, withoutFormat } from "../engine/sql-guard.ts";
import { quoteIdent } from "../engine/ddl.ts";
import type { Project } from "../project/model.ts";
import { errors } from "../errors.ts";
import { renderPipe } from "./render-pipe.ts";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  JSON: "application/json; charset=UTF-8",
  JSONEachRow: "application/x-ndjson; charset=UTF-8",
  CSV: "text/csv; charset=UTF-8",
  CSVWithNames: "text/csv; charset=UTF-8",
  TSV: "text/tab-separated-values; charset=UTF-8",
  TabSeparated: "text/tab-separated-values; charset=UTF-8",
};

export interface SqlResult {
  readonly body: Buffer;
  readonly contentType: string;
}

/** Prepends every pipe the statement reads as a CTE of the same name. */
function inlinePipes(project: Project, sql: string, variables: (pipe: string) => Variables): string {
  const pipes = [...tableReferences(sql)].flatMap((name) => {
    const pipe = project.pipes.get(name);
    return pipe ? [`${quoteIdent(name)} AS (\n${pipeSql(renderPipe(project, pipe, variables(name)))}\n)`] : [];
  });
  if (pipes.length === 0) return sql;
  if (firstKeyword(sql) === "WITH") return `WITH ${pipes.join(",\n")},\n${sql.trim().replace(/^with\s/i, "")}`;
  return `WITH ${pipes.join(",\n")}\n${sql}`;
}

/**
 * `defaultFormat` applies when the statement names none: TSV for `?q=` (as Tinybird answers
 * it), JSON for a statement POSTed as the body (what `@tinybirdco/sdk`'s `sql()` parses).
 */
export async function runSql(project: Project, engine: Engine, principal: Principal, q: string, settings: Settings, defaultFormat = "TabSeparated"): Promise<SqlResult> {
  if (!principal.canQuerySql) throw errors.noSqlAccess();
  if (q.trim() === "") throw errors.missingQuery();
  const shape = await inspectStatement(engine, q);
  if (!isReadStatement(shape)) throw errors.onlySelect(shape.kind);
  if (shape.hasOutfile) throw errors.forbiddenSql("INTO OUTFILE");
  const format = shape.format ?? defaultFormat;
  if (principal.isAdmin) {
    const out = await engine.query(inlinePipes(project, shape.normalized, () => ({})), { format, settings });
    return { body: out.body, contentType: CONTENT_TYPES[format] ?? "text/plain; charset=UTF-8" };
  }
  // What runs is exactly what was checked; the format travels as an option.
  const statement = inlinePipes(project, withoutFormat(shape), (pipe) => principal.fixedParams(pipe));
  await authorizeSql(engine, project, principal, shape, statement);
  const filters = rowFilterSettings(engine.database, readableDatasources(project, principal));
  const out = await engine.query(statement, { format, settings: { ...settings, ...filters } });
  return { body: out.body, contentType: CONTENT_TYPES[format] ?? "text/plain; charset=UTF-8" };
}
