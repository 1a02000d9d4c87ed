/**
 * What SQL a token other than admin may run: `/v0/sql` statements and `q=` over a pipe.
 * Two checks, both by ClickHouse itself. The parser's AST shows what the statement names
 * (tables, `x IN t`, functions, SETTINGS); the analyzer's query tree of the final statement
 * (pipes inlined) shows every table really read. A datasource outside the token's scope is
 * refused with 403 naming it, never silently read as empty.
 */
import { errors } from "../errors.ts";
import type { Engine } from "../engine/engine.ts";
import { forbiddenTableFunctions, isGenerator, outsideFunctions, tablesRead, type StatementShape } from "../engine/sql-guard.ts";
import type { Project } from "../project/model.ts";
import { datasourcesReadBy, readableDatasources } from "./datasource-access.ts";
import type { Principal } from "./principal.ts";

/** Refuses what no restricted token may use, whatever it reads. */
function checkStatementClauses(shape: StatementShape): void {
  const functions = forbiddenTableFunctions(shape);
  if (functions.length > 0) throw errors.forbiddenSql(`The table function ${functions.join(", ")}`);
  const outside = outsideFunctions(shape);
  if (outside.length > 0) throw errors.forbiddenSql(`The function ${outside.join(", ")}`);
  if (shape.hasSettings) throw errors.forbiddenSql("A SETTINGS clause");
  if (shape.hasOutfile) throw errors.forbiddenSql("INTO OUTFILE");
}

/** `db.t` → `t` when db is ours; undefined for another database. */
function local(name: string, database: string): string | undefined {
  if (!name.includes(".")) return name;
  return name.startsWith(`${database}.`) ? name.slice(database.length + 1) : undefined;
}

/**
 * Every table the analyzer resolved must be in `allowed` (`x IN t` only in `direct`: no
 * pipe's SQL reads that way, so it cannot be one borrowing a pipe's access); table functions
 * must be generators. `finalSql` is exactly what will run, without its FORMAT clause.
 */
async function checkResolvedReads(engine: Engine, shape: StatementShape, finalSql: string, allowed: ReadonlySet<string>, direct: ReadonlySet<string>): Promise<void> {
  if (shape.kind === "DescribeQuery") return;
  const read = await tablesRead(engine, finalSql);
  // A SELECT without FROM reads the one-row `system.one`.
  const outside = [...read.tables.filter((t) => !allowed.has(t) && t !== "system.one"), ...read.argumentTables.filter((t) => !direct.has(t))];
  if (outside.length > 0) throw errors.noAccessTo([...new Set(outside)].join(", "));
  const functions = read.tableFunctions.filter((f) => !isGenerator(f));
  if (functions.length > 0) throw errors.forbiddenSql(`The table function ${functions.join(", ")}`);
}

/**
 * `/v0/sql`: a datasource named in the statement needs a DATASOURCES:READ scope (direct or
 * inherited by a materialized target); a pipe needs PIPES:READ or every datasource it reads.
 * Names that are neither (CTEs, unknown tables) are settled by the query tree.
 */
export async function authorizeSql(engine: Engine, project: Project, principal: Principal, shape: StatementShape, finalSql: string): Promise<void> {
  if (principal.isAdmin) return;
  checkStatementClauses(shape);
  const readable = readableDatasources(project, principal);
  const direct = new Set([...readable.keys()].map((ds) => `${engine.database}.${ds}`));
  const allowed = new Set(direct);
  for (const written of [...shape.tables, ...shape.inNames]) {
    const name = local(written, engine.database);
    if (name === undefined) throw errors.noAccessTo(written);
    if (project.datasources.has(name) && !readable.has(name)) throw errors.noAccessTo(name);
    if (project.pipes.has(name)) {
      const sources = datasourcesReadBy(project, name);
      if (!principal.canReadPipe(name) && ![...sources].every((ds) => readable.has(ds))) throw errors.noAccessTo(name);
      for (const ds of sources) allowed.add(`${engine.database}.${ds}`);
    }
    // DESCRIBE has no query tree to settle unknown names: it may name only known resources.
    if (shape.kind === "DescribeQuery" && !project.datasources.has(name) && !project.pipes.has(name)) throw errors.noAccessTo(name);
  }
  await checkResolvedReads(engine, shape, finalSql, allowed, direct);
}

/**
 * `q=` over a pipe: it may read the pipe's result `_` and nothing else, so the pipe's
 * fixed parameters, rendered into `_`, bound everything it can see.
 */
export async function authorizePipeQuery(engine: Engine, project: Project, pipe: string, shape: StatementShape, finalSql: string): Promise<void> {
  if (shape.kind !== "SelectWithUnionQuery" && shape.kind !== "SelectIntersectExceptQuery") throw errors.onlySelect(shape.kind);
  checkStatementClauses(shape);
  const other = [...shape.tables.filter((t) => t !== "_"), ...shape.inNames.filter((n) => n.includes(".") || project.datasources.has(n) || project.pipes.has(n))];
  if (other.length > 0) throw errors.forbiddenSql(`Reading ${[...new Set(other)].join(", ")} (q may read only _, the pipe's result)`);
  const allowed = new Set([...datasourcesReadBy(project, pipe)].map((ds) => `${engine.database}.${ds}`));
  await checkResolvedReads(engine, shape, finalSql, allowed, new Set());
}
