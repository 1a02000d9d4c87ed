/**
 * A `delete_condition` (or `replace_condition`) is SQL from the request: read with
 * ClickHouse's parser inside the statement it will be part of, never run before it is
 * checked. It must stay one expression over the one table (its parentheses balanced, so it
 * cannot close the WHERE and add clauses), read no other table (no subquery, no `IN table`,
 * no table function), call nothing that reaches outside the query and nothing that would pick
 * other rows each time it runs (`rand()`, `now()`), and no virtual column (`_table`, `_part`).
 * Then it is planned, so
 * an unknown column or a type mismatch is a 400 now rather than a failed job later.
 */
import { columnNamesSql, pickRowsSql, unfitFunctionsSql } from "../engine/data-ops-sql.ts";
import { queryRows, type Engine } from "../engine/engine.ts";
import { outsideFunctions } from "../engine/sql-functions.ts";
import { inspectStatement } from "../engine/sql-guard.ts";
import { tokenizeSql } from "../engine/sql-tokens.ts";
import { errors, toApiError } from "../errors.ts";

/** What is checked: the condition, the parameter that carried it (`delete_condition`, `replace_condition`) and the datasource it names. */
interface Checked {
  readonly parameter: string;
  readonly name: string;
  readonly condition: string;
}

function refuse({ parameter, name, condition }: Checked, why: string): never {
  throw errors.badRequest(`Invalid ${parameter} for Data Source "${name}": ${why}. Condition: ${condition.slice(0, 500)}`);
}

/** Why each kind of function cannot pick the rows, and what to write instead. */
function unfitReason(f: { name: string; deterministic: number | string | null; is_aggregate: number | string }): string {
  if (/^(arrayjoin|throwif)$/i.test(f.name)) return `${f.name} cannot run in a mutation (ClickHouse refuses arrayJoin there; throwIf would fail it part-way)`;
  if (Number(f.is_aggregate) === 1) return `${f.name} aggregates rows; a condition picks rows one by one`;
  return `${f.name} may give another value each time (the clock, randomness, the rows around it), so the statements of one delete would pick different rows; write the value as a constant (timestamp < '2026-10-27', not now() - INTERVAL 40 DAY)`;
}

/** ClickHouse counts a syntax error's place in the statement the condition is wrapped in; the user wrote only the condition. */
function placeInCondition(message: string, statement: string, condition: string): string {
  const start = statement.indexOf(condition);
  return message.replace(/failed at position (\d+) \(([^)]*)\) \(line (\d+), col (\d+)\)/, (_all, position: string, near: string, line: string, col: string) => {
    const at = Number(position) - start;
    return at > condition.length ? "failed at the end of the condition" : `failed at position ${at} of the condition (${near}) (line ${Number(line) - 1}, col ${col})`;
  });
}

function checkBalanced(checked: Checked): void {
  const { condition } = checked;
  let depth = 0;
  for (const token of tokenizeSql(condition)) {
    if (token.kind === "template") refuse(checked, "template syntax ({{ }}, {% %}) is not SQL here");
    if (token.kind === "punct" && token.text === ";") refuse(checked, "it must be one expression, without ';'");
    if (token.kind === "punct" && token.text === "(") depth++;
    if (token.kind === "punct" && token.text === ")" && --depth < 0) refuse(checked, "a ')' closes a parenthesis the condition did not open");
  }
  if (depth !== 0) refuse(checked, "a '(' is not closed");
}

/**
 * `name` is the datasource as the request named it, `table` what the condition runs on (the
 * same, or its quarantine); `parameter` names the condition in messages.
 */
export async function checkDeleteCondition(engine: Engine, name: string, table: string, condition: string, parameter = "delete_condition"): Promise<void> {
  const checked: Checked = { parameter, name, condition };
  if (condition.trim() === "") throw errors.badRequest(`The '${parameter}' parameter is required: the SQL condition the rows meet, as in DELETE FROM <table> WHERE <condition>`);
  checkBalanced(checked);
  const statement = pickRowsSql(table, condition);
  const shape = await inspectStatement(engine, statement).catch((err: unknown) => refuse(checked, placeInCondition(toApiError(err).message, statement, condition)));
  const others = shape.tables.filter((t) => t.replace(/`/g, "") !== table);
  if (others.length > 0 || shape.hasSubquery || shape.inNames.length > 0) refuse(checked, "it may read only the datasource's own columns (no subquery, no other table)");
  if (shape.tableFunctions.length > 0) refuse(checked, `the table function ${shape.tableFunctions.join(", ")}`);
  // A virtual column (`_table`, `_part`, `_block_number`…) names something else on the copy the operation is built in.
  const underscored = shape.underscoreNames.length === 0 ? [] : await queryRows<{ name: string }>(engine, columnNamesSql(table));
  const virtual = [...new Set(shape.underscoreNames.filter((n) => !underscored.some((c) => c.name === n)))];
  if (virtual.length > 0) refuse(checked, `${virtual.join(", ")} is not a column of the datasource (a virtual column would name the copy the operation is built in, not the datasource)`);
  const outside = outsideFunctions(shape);
  if (outside.length > 0) refuse(checked, `the function ${outside.join(", ")} reaches outside the query`);
  const called = [...new Set(shape.functions.flatMap((f) => [f.written, f.resolved]))];
  const unfit = called.length === 0 ? [] : await queryRows<{ name: string; deterministic: number | string | null; is_aggregate: number | string }>(engine, unfitFunctionsSql(called));
  if (unfit.length > 0) refuse(checked, unfit.map(unfitReason).join("; "));
  if (shape.hasSettings || shape.hasOutfile || shape.format !== undefined) refuse(checked, "it must be a condition, without SETTINGS, FORMAT or INTO OUTFILE");
  // Planned, not run: with no subquery, planning resolves names and types and reads no row.
  await engine.query(`EXPLAIN ${shape.statement}`).catch((err: unknown) => refuse(checked, toApiError(err).message));
}
