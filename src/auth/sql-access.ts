/**
 * What SQL a token other than admin may run: `/v0/sql` statements and `q=` over a pipe.
 * Decided from the token, the project's resource names and the statement as ClickHouse's
 * parser read it (src/engine/sql-guard.ts), before anything of the statement runs. A name
 * the token may not read is refused with 403 naming it, never silently read as empty.
 */
import type { StatementShape } from "../engine/sql-guard.ts";
import { outsideFunctions, unboundedAggregates, unboundedFunctions } from "../engine/sql-functions.ts";
import { forbiddenTableFunctions } from "../engine/sql-guard.ts";
import { errors } from "../errors.ts";
import type { Pipe, Project } from "../project/model.ts";
import { datasourcesReadBy, namesReadBy, readableDatasources } from "./datasource-access.ts";
import { undeclaredFixedParams } from "./declared-params.ts";
import type { Principal } from "./principal.ts";

/** The names a statement is checked against. */
export interface SqlNames {
  readonly project: Project;
  /** The engine's database: the only one a statement may name. */
  readonly database: string;
}

/** Refuses what no restricted token may use, whatever it reads. */
function checkStatementClauses(shape: StatementShape): void {
  const functions = forbiddenTableFunctions(shape);
  if (functions.length > 0) throw errors.forbiddenSql(`The table function ${functions.join(", ")}`);
  const outside = outsideFunctions(shape);
  if (outside.length > 0) throw errors.forbiddenSql(`The function ${outside.join(", ")}`);
  if (shape.dataPatterns.length > 0) throw errors.forbiddenSql(`A pattern for ${[...new Set(shape.dataPatterns)].join(", ")} that is not a literal (its cost on long values cannot be bounded)`);
  if (shape.nestedWalks.length > 0) throw errors.forbiddenSql(`${[...new Set(shape.nestedWalks)].join(", ")} inside a lambda (its cost on long values cannot be bounded)`);
  const unbounded = unboundedFunctions(shape);
  if (unbounded.length > 0) {
    throw errors.forbiddenSql(`The function ${unbounded.join(", ")} (its cost on long values cannot be bounded; to find text in a string, LIKE '%…%' and match() with a literal pattern are allowed)`);
  }
  if (shape.computedAggregateNames.length > 0) throw errors.forbiddenSql(`${[...new Set(shape.computedAggregateNames)].join(", ")} with an aggregate named by an expression, or by a string this server cannot read (write it as a literal such as 'max' or 'quantiles(0.5, 0.9)')`);
  const gathering = unboundedAggregates(shape);
  if (gathering.length > 0) throw errors.forbiddenSql(gathering.join("; "));
  if (shape.hasSettings) throw errors.forbiddenSql("A SETTINGS clause");
  if (shape.hasOutfile) throw errors.forbiddenSql("INTO OUTFILE");
  if (shape.hasPrewhere) throw errors.forbiddenSql("PREWHERE (write the condition in WHERE)");
  if (shape.hasEscapedIdentifier) throw errors.forbiddenSql("A quoted identifier with escapes or control characters");
}

/** Columns starting with `_` that no datasource declares are ClickHouse's virtual columns (`_part_offset`…), which count every tenant's rows. */
function checkVirtualColumns(shape: StatementShape, names: SqlNames): void {
  const declared = new Set([...names.project.datasources.values()].flatMap((ds) => ds.columns.map((c) => c.name)));
  const virtual = [...new Set(shape.underscoreNames.filter((n) => !declared.has(n)))];
  if (virtual.length > 0) throw errors.forbiddenSql(`The virtual column ${virtual.join(", ")} (names starting with _ that no datasource declares)`);
}

/**
 * A statement's own subqueries may not take a name the token reads (`known`: a datasource or
 * pipe it may read) nor one a pipe it reads reads by name (`readByPipes`): inlined beside the
 * statement's WITH list, the pipe would read the subquery instead. Any other name is the
 * statement's own, existing table or not (so the answer tells nothing about which exist):
 * outside the subquery's scope it reads a stand-in that refuses (src/query/check-statement.ts).
 */
function checkCteNames(shape: StatementShape, known: (name: string) => boolean, readByPipes: ReadonlySet<string>): void {
  // A form of `WITH name AS …` the text reading missed would hide its name: refuse what it cannot name.
  if (shape.cteNames.length !== shape.parsedDefinitions) throw errors.forbiddenSql("A WITH subquery or WINDOW written in a form this server cannot read (write WITH name AS (SELECT …))");
  const borrowed = shape.cteNames.filter((n) => known(n) || readByPipes.has(n));
  if (borrowed.length > 0) throw errors.forbiddenSql(`A WITH subquery named after a datasource or pipe (${[...new Set(borrowed)].join(", ")}); give it another name`);
}

/** The names a statement defines itself (WITH subqueries) that it also reads as tables: each gets a stand-in. */
export function ownNamesRead(shape: StatementShape): string[] {
  const own = new Set(shape.cteNames);
  return [...new Set([...shape.tables, ...shape.inNames])].filter((n) => own.has(n));
}

/** The pipes a statement reads as tables: what is inlined beside it. Names it defines itself are not pipes. */
export function pipesRead(shape: StatementShape, project: Project): string[] {
  const own = new Set(shape.cteNames);
  return [...new Set(shape.tables)].filter((n) => project.pipes.has(n) && !own.has(n));
}

/**
 * A name the statement reads as a table: allowed when `may` says so or when it is one of the
 * statement's own CTEs (where out of that CTE's scope, it reads a stand-in, not a table of that
 * name); anything else is refused the same way, whether or not such a table exists, so that a
 * token cannot learn which tables do.
 */
function checkName(written: string, names: SqlNames, ctes: ReadonlySet<string>, may: (name: string) => boolean): void {
  const dot = written.indexOf(".");
  if (dot >= 0) {
    if (written.slice(0, dot) !== names.database || !may(written.slice(dot + 1))) throw errors.noAccessTo(written);
    // The plain-column CTE that shadows a datasource has its bare name (src/engine/plain-columns.ts).
    throw errors.forbiddenSql(`${written} with its database (write ${written.slice(dot + 1)})`);
  }
  if (!may(written) && !ctes.has(written)) throw errors.noAccessTo(written);
}

/**
 * A PIPES:READ scope lets a statement read a pipe as a table only if it is an endpoint or a plain
 * pipe (a materialization or copy reads every tenant's rows, whatever a token fixes) that takes
 * every parameter the scope fixes: one it does not take filters nothing.
 */
function readsThroughScope(project: Project, principal: Principal, pipe: Pipe): boolean {
  const queryable = pipe.type === "endpoint" || pipe.type === "default";
  return queryable && principal.canReadPipe(pipe.name) && undeclaredFixedParams(project, pipe, principal.fixedParams(pipe.name)).length === 0;
}

/**
 * `/v0/sql`: a datasource needs a DATASOURCES:READ scope (direct, or inherited by a
 * materialized target); a pipe needs PIPES:READ (see above) or every datasource it reads. `x IN t`
 * reads `t` outside any pipe, so there only a readable datasource will do.
 */
export function authorizeSql(principal: Principal, shape: StatementShape, names: SqlNames): void {
  if (principal.isAdmin) return;
  checkStatementClauses(shape);
  checkVirtualColumns(shape, names);
  const readable = readableDatasources(names.project, principal);
  const readsPipe = (name: string) => {
    const pipe = names.project.pipes.get(name);
    return pipe !== undefined && (readsThroughScope(names.project, principal, pipe) || [...datasourcesReadBy(names.project, name)].every((ds) => readable.has(ds)));
  };
  checkCteNames(shape, (name) => readable.has(name) || readsPipe(name), new Set(pipesRead(shape, names.project).flatMap((p) => [...namesReadBy(names.project, p)])));
  const ctes = new Set(shape.cteNames);
  for (const written of shape.tables) checkName(written, names, ctes, (name) => readable.has(name) || (!written.includes(".") && readsPipe(name)));
  for (const written of shape.inNames) checkName(written, names, ctes, (name) => readable.has(name));
  // DESCRIBE of an unknown name would answer from ClickHouse's catalogue: only known resources.
  // Describing a subquery analyses it, and analysis runs its scalar subqueries.
  if (shape.kind === "DescribeQuery" && shape.hasSubquery) throw errors.forbiddenSql("DESCRIBE of a query (describe a datasource by name, or run the query with LIMIT 0)");
  if (shape.kind === "DescribeQuery") {
    for (const written of shape.tables) {
      const name = written.startsWith(`${names.database}.`) ? written.slice(names.database.length + 1) : written;
      if (!names.project.datasources.has(name) && !names.project.pipes.has(name)) throw errors.noAccessTo(written);
    }
  }
}

/**
 * `q=` over a pipe: it may read the pipe's result `_` and nothing else, so the pipe's fixed
 * parameters, rendered into `_`, bound everything it can see.
 */
export function authorizePipeQuery(principal: Principal, shape: StatementShape, names: SqlNames, pipe: string): void {
  if (shape.kind !== "SelectWithUnionQuery" && shape.kind !== "SelectIntersectExceptQuery") throw errors.onlySelect(shape.kind);
  if (principal.isAdmin) return;
  checkStatementClauses(shape);
  checkVirtualColumns(shape, names);
  checkCteNames(shape, (name) => name === "_" || name === pipe, namesReadBy(names.project, pipe));
  // Any name but `_`, existing or not, the same way: the answer tells nothing about which tables exist.
  const other = [...shape.tables, ...shape.inNames].filter((t) => t !== "_");
  if (other.length > 0) throw errors.forbiddenSql(`Reading ${[...new Set(other)].join(", ")} (q may read only _, the pipe's result)`);
}
