/**
 * `/v0/sql`: one SELECT or DESCRIBE, with pipes usable as tables (inlined with their
 * defaults). For tokens other than admin, ClickHouse's parser checks that the statement
 * reads only this workspace's tables through harmless table functions, with no SETTINGS.
 */
import type { Principal } from "../auth/principal.ts";
import type { Engine, Settings } from "../engine/engine.ts";
import { pipeSql } from "../engine/pipe-sql.ts";
import { firstKeyword, tableReferences } from "../engine/sql-scan.ts";
import { forbiddenTableFunctions, inspectStatement, isReadStatement } from "../engine/sql-guard.ts";
import { quoteIdent } from "../engine/ddl.ts";
import type { Project } from "../project/model.ts";
import { errors } from "../api/errors.ts";
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
function inlinePipes(project: Project, sql: string): string {
  const pipes = [...tableReferences(sql)].flatMap((name) => {
    const pipe = project.pipes.get(name);
    return pipe ? [`${quoteIdent(name)} AS (\n${pipeSql(renderPipe(project, pipe, {}))}\n)`] : [];
  });
  if (pipes.length === 0) return sql;
  if (firstKeyword(sql) === "WITH") return `WITH ${pipes.join(",\n")},\n${sql.trim().replace(/^with\s/i, "")}`;
  return `WITH ${pipes.join(",\n")}\n${sql}`;
}

export async function runSql(project: Project, engine: Engine, principal: Principal, q: string, settings: Settings): Promise<SqlResult> {
  if (q.trim() === "") throw errors.missingQuery();
  const shape = await inspectStatement(engine, q);
  if (!isReadStatement(shape)) throw errors.onlySelect(shape.kind);
  if (!principal.isAdmin) {
    const functions = forbiddenTableFunctions(shape);
    if (functions.length > 0) throw errors.forbiddenSql(`The table function ${functions.join(", ")}`);
    if (shape.hasSettings) throw errors.forbiddenSql("A SETTINGS clause");
    const outside = shape.tables.filter((t) => t.includes(".") && !t.startsWith(`${engine.database}.`));
    if (outside.length > 0) throw errors.forbiddenSql(`Reading ${outside.join(", ")}`);
  }
  const format = shape.format ?? "TabSeparated";
  const out = await engine.query(inlinePipes(project, shape.normalized), { format, settings });
  return { body: out.body, contentType: CONTENT_TYPES[format] ?? "text/plain; charset=UTF-8" };
}
