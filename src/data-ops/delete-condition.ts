/**
 * A `delete_condition` (or `replace_condition`) is SQL from the request: read with
 * ClickHouse's parser inside the statement it will be part of, never run before it is
 * checked. It must stay one expression over the one table (its parentheses balanced, so it
 * cannot close the WHERE and add clauses), read no other table (no subquery, no `IN table`,
 * no table function), call nothing that reaches outside the query and nothing that would pick
 * other rows each time it runs (`rand()`, `now()`). Then it is planned, so
 * an unknown column or a type mismatch is a 400 now rather than a failed job later.
 */
import { pickRowsSql, unfitFunctionsSql } from "../engine/data-ops-sql.ts";
import { queryRows, type Engine } from "../engine/engine.ts";
import { outsideFunctions } from "../engine/sql-functions.ts";
import { inspectStatement } from "../engine/sql-guard.ts";
import { tokenizeSql } from "../engine/sql-tokens.ts";
import { errors, toApiError } from "../errors.ts";

function refuse(name: string, condition: string, why: string): never {
  throw errors.badRequest(`Invalid delete_condition for Data Source "${name}": ${why}. Condition: ${condition.slice(0, 500)}`);
}

function checkBalanced(name: string, condition: string): void {
  let depth = 0;
  for (const token of tokenizeSql(condition)) {
    if (token.kind === "template") refuse(name, condition, "template syntax ({{ }}, {% %}) is not SQL here");
    if (token.kind === "punct" && token.text === ";") refuse(name, condition, "it must be one expression, without ';'");
    if (token.kind === "punct" && token.text === "(") depth++;
    if (token.kind === "punct" && token.text === ")" && --depth < 0) refuse(name, condition, "a ')' closes a parenthesis the condition did not open");
  }
  if (depth !== 0) refuse(name, condition, "a '(' is not closed");
}

/** `name` is the datasource as the request named it, `table` what the condition runs on (the same, or its quarantine). */
export async function checkDeleteCondition(engine: Engine, name: string, table: string, condition: string): Promise<void> {
  if (condition.trim() === "") throw errors.badRequest("The 'delete_condition' parameter is required: the SQL condition rows to delete meet, as in DELETE FROM <table> WHERE <condition>");
  checkBalanced(name, condition);
  const shape = await inspectStatement(engine, pickRowsSql(table, condition)).catch((err: unknown) => refuse(name, condition, toApiError(err).message));
  const others = shape.tables.filter((t) => t.replace(/`/g, "") !== table);
  if (others.length > 0 || shape.hasSubquery || shape.inNames.length > 0) refuse(name, condition, "it may read only the datasource's own columns (no subquery, no other table)");
  if (shape.tableFunctions.length > 0) refuse(name, condition, `the table function ${shape.tableFunctions.join(", ")}`);
  const outside = outsideFunctions(shape);
  if (outside.length > 0) refuse(name, condition, `the function ${outside.join(", ")} reaches outside the query`);
  const called = [...new Set(shape.functions.flatMap((f) => [f.written, f.resolved]))];
  const unfit = called.length === 0 ? [] : await queryRows<{ name: string }>(engine, unfitFunctionsSql(called));
  if (unfit.length > 0) {
    refuse(name, condition, `${unfit.map((f) => f.name).join(", ")} cannot pick the rows (it is not deterministic, so each statement of the delete would pick others; or it aggregates, multiplies rows or throws, which a mutation cannot do)`);
  }
  if (shape.hasSettings || shape.hasOutfile || shape.format !== undefined) refuse(name, condition, "it must be a condition, without SETTINGS, FORMAT or INTO OUTFILE");
  // Planned, not run: with no subquery, planning resolves names and types and reads no row.
  await engine.query(`EXPLAIN ${shape.statement}`).catch((err: unknown) => refuse(name, condition, toApiError(err).message));
}
