/**
 * Checks a `/v0/sql` statement with ClickHouse's own parser, never with regexes.
 * `formatQuery` proves it is exactly one statement without running anything; the
 * AST of that single statement then tells its kind, format, tables and settings.
 */
import { queryRows, type Engine } from "./engine.ts";

/** Table functions that only generate values and touch nothing outside the query. */
const GENERATORS = new Set(["numbers", "numbers_mt", "zeros", "zeros_mt", "generate_series", "generateSeries", "values", "null"]);

/**
 * Ordinary functions that reach outside the query: files (`file('/etc/passwd')` works in
 * chdb), dictionaries and Join tables named by string, model files, server internals, and
 * sleeps. Compared lower-cased; a `dict` prefix covers the whole dictGet family.
 */
const OUTSIDE_FUNCTIONS = new Set([
  "file", "joinget", "joingetornull", "hascolumnintable", "catboostevaluate", "naivebayesclassifier",
  "naivebayesclassifierwithprob", "naivebayesclassifierwithallprobs", "getserversetting", "getmergetreesetting",
  "getmacro", "getclienthttpheader", "addresstoline", "addresstolinewithinlines", "addresstosymbol", "demangle",
  "sleep", "sleepeachrow", "zookeepersessionuptime", "filesystemavailable", "filesystemcapacity", "filesystemunreserved",
]);

/** `x IN t` reads table `t` although the AST calls it a plain Identifier. */
const IN_FUNCTIONS = new Set(["in", "notIn", "globalIn", "globalNotIn", "nullIn", "notNullIn", "globalNullIn", "globalNotNullIn"]);

export interface StatementShape {
  /** AST root, e.g. `SelectWithUnionQuery`, `DescribeQuery`, `InsertQuery`. */
  readonly kind: string;
  /** The statement's own FORMAT clause, if any. */
  readonly format?: string;
  /** Tables read, as written (`db.t` or `t`). */
  readonly tables: readonly string[];
  /** Names on the right of `IN` written bare (`x IN t`): tables, or columns of the query. */
  readonly inNames: readonly string[];
  readonly tableFunctions: readonly string[];
  /** Every function called anywhere in the statement, table functions included. */
  readonly functions: readonly string[];
  readonly hasSettings: boolean;
  /** `INTO OUTFILE`: chdb writes the result to a file on the server. */
  readonly hasOutfile: boolean;
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
  const inNames: string[] = [];
  const tableFunctions: string[] = [];
  const functions: string[] = [];
  let format: string | undefined;
  let hasSettings = false;
  let hasOutfile = false;
  // Ancestors of the current line, to tell which argument of which function a node is.
  const stack: { depth: number; node: string; name: string; children: number }[] = [];
  for (const line of lines.slice(1)) {
    const depth = line.length - line.trimStart().length;
    const [node = "", name = ""] = line.trim().split(/\s+/);
    while (stack.length > 0 && stack[stack.length - 1]!.depth >= depth) stack.pop();
    const parent = stack[stack.length - 1];
    const grandparent = stack[stack.length - 2];
    if (parent) parent.children++;
    if (depth === 1 && node === "Identifier") format = name;
    if (depth === 1 && node === "Literal") hasOutfile = true;
    if (node === "Set") hasSettings = true;
    if (node === "TableIdentifier") tables.push(name);
    if (node === "Function") functions.push(name);
    if (node === "Identifier" && parent?.node === "ExpressionList" && parent.children === 2 && grandparent?.node === "Function" && IN_FUNCTIONS.has(grandparent.name)) {
      inNames.push(name);
    }
    // A function directly under a TableExpression is a table function (not an ON condition beside it).
    if (node === "Function" && parent?.node === "TableExpression") tableFunctions.push(name);
    stack.push({ depth, node, name, children: 0 });
  }
  return { kind, format, tables, inNames, tableFunctions, functions, hasSettings, hasOutfile, normalized };
}

export function isReadStatement(shape: StatementShape): boolean {
  return shape.kind === "SelectWithUnionQuery" || shape.kind === "SelectIntersectExceptQuery" || shape.kind === "DescribeQuery";
}

export function forbiddenTableFunctions(shape: StatementShape): string[] {
  return shape.tableFunctions.filter((f) => !GENERATORS.has(f));
}

export function isGenerator(tableFunction: string): boolean {
  return GENERATORS.has(tableFunction);
}

export function outsideFunctions(shape: StatementShape): string[] {
  return [...new Set(shape.functions.filter((f) => OUTSIDE_FUNCTIONS.has(f.toLowerCase()) || f.toLowerCase().startsWith("dict")))];
}

/** The statement without its FORMAT clause (EXPLAIN would apply it to its own output). */
export function withoutFormat(shape: StatementShape): string {
  const text = shape.normalized.trimEnd();
  if (shape.format === undefined) return text;
  const clause = `\nFORMAT ${shape.format}`;
  if (!text.endsWith(clause)) throw new Error(`cannot find the FORMAT ${shape.format} clause at the end of the statement`);
  return text.slice(0, -clause.length);
}

export interface TablesRead {
  /** Tables as ClickHouse resolved them, always `database.table`. */
  readonly tables: readonly string[];
  /** Those read as a function argument (`x IN t`) rather than FROM or JOIN. */
  readonly argumentTables: readonly string[];
  readonly tableFunctions: readonly string[];
}

/**
 * What a SELECT really reads, as ClickHouse's analyzer resolves it: CTE names and aliases
 * are gone, `x IN t` shows up as table `t`, and every table carries its database.
 */
export async function tablesRead(engine: Engine, select: string): Promise<TablesRead> {
  const out = await engine.query(`EXPLAIN QUERY TREE ${select}`, { format: "TabSeparatedRaw" });
  const tables: string[] = [];
  const argumentTables: string[] = [];
  const tableFunctions: string[] = [];
  const ancestors: { depth: number; text: string }[] = [];
  for (const line of out.body.toString("utf8").split("\n")) {
    const trimmed = line.trimStart();
    const depth = line.length - trimmed.length;
    while (ancestors.length > 0 && ancestors[ancestors.length - 1]!.depth >= depth) ancestors.pop();
    const parent = ancestors[ancestors.length - 1]?.text ?? "";
    ancestors.push({ depth, text: trimmed });
    // Literal text in the query is escaped on its line, so only real nodes start a line with
    // these; the name is the node's last field, after any alias the query chose.
    const field = (key: string) => {
      const at = trimmed.lastIndexOf(`, ${key}: `);
      return at < 0 ? "" : trimmed.slice(at + key.length + 4).split(", ")[0]!;
    };
    if (trimmed.startsWith("TABLE id:")) {
      tables.push(field("table_name"));
      if (parent.startsWith("LIST id:")) argumentTables.push(field("table_name"));
    } else if (trimmed.startsWith("TABLE_FUNCTION id:")) tableFunctions.push(field("table_function_name"));
  }
  return { tables, argumentTables, tableFunctions };
}
