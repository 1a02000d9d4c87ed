/**
 * Tables read as plain columns, for statements a restricted token wrote. A LowCardinality
 * column read from a part keeps the part's whole dictionary after the row filter, other
 * tenants' values included, and string functions run on every dictionary entry: one that throws
 * on some entry (`base64Decode(replaceRegexpOne(action, '^VICTIM.*', '!'))`) tells whether another
 * tenant has such a value. A CTE named after each such table the statement names shadows it in
 * the whole statement and reads it with those columns cast to their plain types, row by row,
 * after the filter; a pipe's result is cast the same way (plainResultSql).
 */
import { quoteIdent, quoteString as quote } from "./ddl.ts";
import { queryRows, type Engine } from "./engine.ts";

/** `LowCardinality(Nullable(String))` → `Nullable(String)`, at any depth. */
export function withoutLowCardinality(type: string): string {
  const at = type.indexOf("LowCardinality(");
  if (at < 0) return type;
  let depth = 0;
  let end = at + "LowCardinality(".length;
  for (; end < type.length; end++) {
    if (type[end] === "(") depth++;
    else if (type[end] === ")" && depth-- === 0) break;
  }
  const inner = type.slice(at + "LowCardinality(".length, end);
  return withoutLowCardinality(type.slice(0, at) + inner + type.slice(end + 1));
}

const hasLowCardinality = (c: { type: string }) => c.type.includes("LowCardinality(");

function plainColumn(c: { name: string; type: string }): string {
  return hasLowCardinality(c) ? `CAST(${quoteIdent(c.name)} AS ${withoutLowCardinality(c.type)}) AS ${quoteIdent(c.name)}` : quoteIdent(c.name);
}

/**
 * A SELECT's result with its LowCardinality columns cast to plain ones: a pipe read by a token's
 * own SQL (`q=`, a pipe as a table). The pipe itself reads its tables as written (PREWHERE,
 * FINAL); its trusted SQL, rendered with the token's fixed parameters, is what DESCRIBE analyses.
 */
export async function plainResultSql(engine: Engine, select: string): Promise<string> {
  const columns = await queryRows<{ name: string; type: string }>(engine, `DESCRIBE (\n${select}\n)`);
  if (!columns.some(hasLowCardinality)) return select;
  return `SELECT ${columns.map(plainColumn).join(", ")} FROM (\n${select}\n)`;
}

/** `name AS (SELECT …)` for each of `tables` with a LowCardinality column somewhere in a type. */
export async function plainColumnCtes(engine: Engine, tables: readonly string[]): Promise<string[]> {
  if (tables.length === 0) return [];
  const columns = await queryRows<{ table: string; name: string; type: string }>(
    engine,
    `SELECT table, name, type FROM system.columns WHERE database = ${quote(engine.database)} AND table IN (${tables.map(quote).join(", ")}) AND default_kind != 'EPHEMERAL' ORDER BY table, position`,
  );
  const byTable = new Map<string, { name: string; type: string }[]>();
  for (const c of columns) byTable.set(c.table, [...(byTable.get(c.table) ?? []), c]);
  return [...byTable]
    .filter(([, cols]) => cols.some(hasLowCardinality))
    .map(([table, cols]) => `${quoteIdent(table)} AS (SELECT ${cols.map(plainColumn).join(", ")} FROM ${quoteIdent(engine.database)}.${quoteIdent(table)})`);
}
