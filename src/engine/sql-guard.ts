/**
 * Checks a `/v0/sql` statement with ClickHouse's own parser, never with regexes.
 * `formatQuery` proves it is exactly one statement without running anything; the
 * AST of that single statement then tells its kind, format, tables and settings.
 */
import { queryRows, type Engine } from "./engine.ts";

/** Table functions that only generate values and touch nothing outside the query. */
const GENERATORS = new Set(["numbers", "numbers_mt", "zeros", "zeros_mt", "generate_series", "generateSeries", "values", "null"]);

export interface StatementShape {
  /** AST root, e.g. `SelectWithUnionQuery`, `DescribeQuery`, `InsertQuery`. */
  readonly kind: string;
  /** The statement's own FORMAT clause, if any. */
  readonly format?: string;
  /** Tables read, as written (`db.t` or `t`). */
  readonly tables: readonly string[];
  readonly tableFunctions: readonly string[];
  readonly hasSettings: boolean;
  /** The statement as ClickHouse re-formatted it: guaranteed to be one statement. */
  readonly normalized: string;
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

export async function inspectStatement(engine: Engine, sql: string): Promise<StatementShape> {
  const [formatted] = await queryRows<{ q: string }>(engine, `SELECT formatQuery(${quote(sql)}) AS q`);
  const normalized = formatted?.q ?? "";
  const out = await engine.query(`EXPLAIN AST ${normalized}`, { format: "TabSeparatedRaw" });
  const lines = out.body.toString("utf8").split("\n").filter((l) => l.trim() !== "");
  const kind = lines[0]?.trim().split(/\s+/)[0] ?? "";
  const tables: string[] = [];
  const tableFunctions: string[] = [];
  let format: string | undefined;
  let hasSettings = false;
  let tableExpressionDepth = -1;
  for (const line of lines.slice(1)) {
    const depth = line.length - line.trimStart().length;
    const [node = "", name = ""] = line.trim().split(/\s+/);
    if (depth === 1 && node === "Identifier") format = name;
    if (node === "Set") hasSettings = true;
    if (node === "TableIdentifier") tables.push(name);
    if (node === "TableExpression") tableExpressionDepth = depth;
    else if (node === "Function" && depth === tableExpressionDepth + 1) tableFunctions.push(name);
  }
  return { kind, format, tables, tableFunctions, hasSettings, normalized };
}

export function isReadStatement(shape: StatementShape): boolean {
  return shape.kind === "SelectWithUnionQuery" || shape.kind === "SelectIntersectExceptQuery" || shape.kind === "DescribeQuery";
}

export function forbiddenTableFunctions(shape: StatementShape): string[] {
  return shape.tableFunctions.filter((f) => !GENERATORS.has(f));
}
