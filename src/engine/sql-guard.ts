/**
 * Reads a statement a token sent with ClickHouse's own parser, never with regexes and never
 * by running any part of it: `formatQuery` proves it is exactly one statement, and `EXPLAIN
 * AST` (the parser's tree; the analyzer behind `EXPLAIN QUERY TREE` would execute scalar
 * subqueries) tells its kind, format, tables and functions. Authorisation decides from this.
 */
import { quoteString as quote } from "./ddl.ts";
import { EngineError, queryRows, type Engine, type Settings } from "./engine.ts";
import { functionCatalog, type FunctionCall } from "./sql-functions.ts";
import { tokenizeSql, type SqlToken } from "./sql-tokens.ts";

/** Table functions that only generate values and touch nothing outside the query. */
const GENERATORS = new Set(["numbers", "numbers_mt", "zeros", "zeros_mt", "generate_series", "generateSeries", "values", "null"]);

/**
 * Pattern matchers whose cost grows with the pattern's length as well as the value's: with a
 * pattern taken from data (`like(payload, concat('%', payload, '%'))`) one row costs the square
 * of the longest value. A pattern written in the statement is bounded by the query's size.
 */
const PATTERN_FUNCTIONS = new Set([
  "like", "notlike", "ilike", "notilike", "match", "extract", "extractall", "extractallgroups", "extractallgroupshorizontal",
  "extractallgroupsvertical", "extractgroups", "regexpextract", "replaceregexpone", "replaceregexpall", "countmatches",
  "countmatchescaseinsensitive", "splitbyregexp", "replace", "replaceall", "replaceone", "splitbystring",
]);

/**
 * Functions that walk a whole value to answer with little: an array, a JSON text, a map, a
 * string's n-grams, tokens or UTF-8 characters. Inside a lambda (`arrayMap(x -> indexOf(c, x),
 * range(n))`, `arrayMap(i -> JSONExtractInt(js, i), …)`) one row costs the product of the two
 * values' lengths, and the time limit cannot cut a row: `mapContains` over a 300,000-key map
 * for 150,000 elements held the engine 150 s. What a lambda builds instead (`concat`, `lower`)
 * is as large as the work, and the memory cap bounds it.
 */
const VALUE_WALKS =
  /^(array|indexof$|has|countequal$|range$|json|simplejson|visitparam|isvalidjson$|map|ngram|wordshingle|stringjaccardindex|sparsegrams|substringutf8$|substringindex|rightutf8$)/i;

/** Functions that run an aggregate named by their first argument, a string: `arrayReduce('max', arr)`. */
const NAMED_AGGREGATE_CALLERS = new Set(["arrayreduce", "arrayreduceinranges", "initializeaggregation"]);

/** `x IN t` (and `inIgnoreSet(x, t)`, …) reads table `t` although the AST calls it a plain Identifier. */
const IN_FUNCTION = /^(global)?(not)?(null)?in(ignoreset)?$/i;

const READ_KINDS = new Set(["SelectWithUnionQuery", "SelectIntersectExceptQuery", "DescribeQuery"]);

export interface StatementShape {
  /** AST root, e.g. `SelectWithUnionQuery`, `DescribeQuery`, `InsertQuery`. */
  readonly kind: string;
  /** The statement's own FORMAT clause, if any. */
  readonly format?: string;
  /** Tables read, as written (`db.t` or `t`). */
  readonly tables: readonly string[];
  /**
   * Names the statement gives its subqueries (`WITH name AS [MATERIALIZED] (…)`, with or
   * without a column list) and its windows (`WINDOW name AS (…)`), read from the formatted text.
   */
  readonly cteNames: readonly string[];
  /** How many such definitions the parser saw: the text was read right only if it gave as many names. */
  readonly parsedDefinitions: number;
  /** Names on the right of `IN` written bare (`x IN t`): tables, or columns of the query. */
  readonly inNames: readonly string[];
  readonly tableFunctions: readonly string[];
  /**
   * Every function called anywhere in the statement, table functions included, and the
   * aggregates named by string (`arrayReduce('quantilesExact(0.5)', arr)`).
   */
  readonly functions: readonly FunctionCall[];
  /** Functions such as `arrayReduce` whose aggregate is named by something other than a literal string. */
  readonly computedAggregateNames: readonly string[];
  /** Walks of a whole value inside a lambda's body (see VALUE_WALKS). */
  readonly nestedWalks: readonly string[];
  /** Pattern matchers (`like`, `match`, …) whose pattern is not a literal written in the statement. */
  readonly dataPatterns: readonly string[];
  /** Column names written starting with `_` (the last part of `t._part`): ClickHouse's virtual columns look so. */
  readonly underscoreNames: readonly string[];
  readonly hasSettings: boolean;
  /** `INTO OUTFILE`: chdb writes the result to a file on the server. */
  readonly hasOutfile: boolean;
  /** A subquery anywhere (in DESCRIBE, analysis would run its scalar subqueries). */
  readonly hasSubquery: boolean;
  /** A PREWHERE clause, which ClickHouse may evaluate before a token's row filter. */
  readonly hasPrewhere: boolean;
  /** A quoted identifier with escapes (`\n`…): it would print as several lines of the AST. */
  readonly hasEscapedIdentifier: boolean;
  /** The statement as ClickHouse re-formatted it: guaranteed to be one statement. */
  readonly normalized: string;
  /** `normalized` without its FORMAT clause: what runs, the format travelling as an option. */
  readonly statement: string;
}

/**
 * ClickHouse reports a syntax error in `formatQuery`'s argument with positions relative to
 * the user's text, followed by our wrapper statement: keep the first, drop the second.
 */
function syntaxError(err: unknown): unknown {
  if (!(err instanceof EngineError)) return err;
  const message = err.message.replace(/^Code: \d+\. DB::Exception: /, "").replace(/: In scope SELECT formatQuery\([\s\S]*$/, "");
  return new EngineError(message, err.code, err.type);
}

/** The FORMAT clause that ends a re-formatted SELECT or DESCRIBE, as `formatQuery` writes it. */
function splitFormat(kind: string, normalized: string): { format?: string; statement: string } {
  const text = normalized.trimEnd();
  const match = READ_KINDS.has(kind) ? /\nFORMAT (\w+)$/.exec(text) : null;
  return match ? { format: match[1], statement: text.slice(0, match.index) } : { statement: text };
}

const isWord = (t: SqlToken | undefined, word: string) => t?.kind === "word" && t.text.toUpperCase() === word;
const isName = (t: SqlToken | undefined): t is SqlToken => t?.kind === "word" || t?.kind === "ident";

/**
 * The names in `name AS (`, `name AS MATERIALIZED (` and either with a column list
 * (`name(a, b) AS (`), in text `formatQuery` wrote (no comments, names unquoted where it can).
 * An alias is never followed by a parenthesis (`(…) AS name` is a scalar's); a named window
 * (`WINDOW w AS (…)`) is, and the parser counts those too (see `parsedDefinitions`).
 */
function definitionNames(tokens: readonly SqlToken[]): string[] {
  return tokens.flatMap((t, i) => {
    if (!isWord(t, "AS")) return [];
    const body = isWord(tokens[i + 1], "MATERIALIZED") ? i + 2 : i + 1;
    if (tokens[body]?.kind !== "punct" || tokens[body]!.text !== "(") return [];
    let start = i - 1;
    if (tokens[start]?.kind === "punct" && tokens[start]!.text === ")") {
      // A column list: the name precedes its opening parenthesis.
      for (let depth = 0; start >= 0; start--) {
        const text = tokens[start]!.kind === "punct" ? tokens[start]!.text : "";
        depth += text === ")" ? 1 : text === "(" ? -1 : 0;
        if (depth === 0) break;
      }
      start--;
    }
    const name = tokens[start];
    return isName(name) ? [name.text] : [];
  });
}

/**
 * An aggregate named by a string literal as EXPLAIN AST prints it (`'quantilesExact(0.5, 0.9)'`),
 * with its parameters as a call's would be: integers as `UInt64_10`, others as written.
 */
function namedAggregate(literal: string): { name: string; parameters: string[] } | undefined {
  if (!literal.startsWith("'") || !literal.endsWith("'")) return undefined;
  const text = literal.slice(1, -1).replace(/\\(.)/g, "$1");
  const match = /^\s*(\w+)\s*(?:\(([^()]*)\))?\s*$/.exec(text);
  if (!match) return undefined;
  const parameters = match[2]?.trim() ? match[2].split(",").map((p) => p.trim()) : [];
  return { name: match[1]!, parameters: parameters.map((p) => (/^\d+$/.test(p) ? `UInt64_${p}` : p)) };
}

/**
 * `settings` (the caller's limits) bound `formatQuery`; `EXPLAIN AST` takes none, since a
 * SETTINGS clause after it would belong to the statement explained. It only parses, within
 * ClickHouse's parser limits (`max_query_size`, `max_parser_depth`, `max_parser_backtracks`).
 */
export async function inspectStatement(engine: Engine, sql: string, settings: Settings = {}): Promise<StatementShape> {
  const formatted = await queryRows<{ q: string }>(engine, `SELECT formatQuery(${quote(sql)}) AS q`, settings).catch((err: unknown) => {
    throw syntaxError(err);
  });
  const normalized = formatted[0]?.q ?? "";
  const catalog = await functionCatalog(engine);
  const out = await engine.query(`EXPLAIN AST ${normalized}`, { format: "TabSeparatedRaw" });
  const lines = out.body.toString("utf8").split("\n").filter((l) => l.trim() !== "");
  const kind = lines[0]?.trim().split(/\s+/)[0] ?? "";
  const tables: string[] = [];
  const inNames: string[] = [];
  const tableFunctions: string[] = [];
  const functions: FunctionCall[] = [];
  const underscoreNames: string[] = [];
  const dataPatterns: string[] = [];
  const nestedWalks: string[] = [];
  const computedAggregateNames: string[] = [];
  let hasSettings = false;
  let hasOutfile = false;
  let hasSubquery = false;
  let parsedDefinitions = 0;
  // Ancestors of the current line, to tell which argument of which function a node is.
  const stack: { depth: number; node: string; call: FunctionCall & { parameters: string[] }; children: number; index: number }[] = [];
  for (const line of lines.slice(1)) {
    const depth = line.length - line.trimStart().length;
    const [node = "", name = ""] = line.trim().split(/\s+/);
    const isFunction = node === "Function";
    const call = { written: name, resolved: isFunction ? catalog.resolve(name) : name.toLowerCase(), aggregate: isFunction ? catalog.aggregate(name) : undefined, parameters: [] as string[] };
    while (stack.length > 0 && stack[stack.length - 1]!.depth >= depth) stack.pop();
    const parent = stack[stack.length - 1];
    const grandparent = stack[stack.length - 2];
    if (parent) parent.children++;
    if (depth === 1 && node === "Literal") hasOutfile = true;
    if (node === "Set") hasSettings = true;
    if (node === "Subquery") hasSubquery = true;
    if (node === "WithElement" || node === "WindowListElement") parsedDefinitions++;
    if (node === "TableIdentifier") tables.push(name);
    if (node === "Function") functions.push(call);
    if (node === "Function" && VALUE_WALKS.test(call.resolved) && stack.some((a) => a.node === "Function" && a.call.written === "lambda")) nestedWalks.push(name);
    const column = name.slice(name.lastIndexOf(".") + 1);
    if (node === "Identifier" && column.startsWith("_")) underscoreNames.push(column);
    if (node === "Identifier" && parent?.node === "ExpressionList" && parent.children === 2 && grandparent?.node === "Function" && IN_FUNCTION.test(grandparent.call.resolved)) {
      inNames.push(name);
    }
    const argumentOf = parent?.node === "ExpressionList" && grandparent?.node === "Function" ? grandparent.call : undefined;
    if (argumentOf !== undefined && parent!.children === 2 && node !== "Literal" && PATTERN_FUNCTIONS.has(argumentOf.resolved)) dataPatterns.push(argumentOf.written);
    if (argumentOf !== undefined && parent!.index === 1 && parent!.children === 1 && NAMED_AGGREGATE_CALLERS.has(argumentOf.resolved)) {
      const named = node === "Literal" ? namedAggregate(line.trim().slice("Literal ".length)) : undefined;
      if (named) functions.push({ written: named.name, resolved: catalog.resolve(named.name), aggregate: catalog.aggregate(named.name), parameters: named.parameters, rowWise: true });
      else computedAggregateNames.push(argumentOf.written);
    }
    // A function directly under a TableExpression is a table function (not an ON condition beside it).
    if (node === "Function" && parent?.node === "TableExpression") tableFunctions.push(name);
    // A function's second list holds its parameters (`groupArray(10)(x)`); the first, its arguments.
    if (parent?.node === "ExpressionList" && parent.index === 2 && grandparent?.node === "Function") grandparent.call.parameters.push(node === "Literal" ? name : node);
    stack.push({ depth, node, call, children: 0, index: parent?.children ?? 0 });
  }
  const tokens = tokenizeSql(normalized);
  return {
    kind,
    ...splitFormat(kind, normalized),
    tables,
    cteNames: definitionNames(tokens),
    parsedDefinitions,
    inNames,
    tableFunctions,
    functions,
    computedAggregateNames,
    underscoreNames,
    dataPatterns,
    nestedWalks,
    hasSettings,
    hasOutfile,
    hasSubquery,
    hasPrewhere: tokens.some((t) => t.kind === "word" && t.text.toUpperCase() === "PREWHERE"),
    hasEscapedIdentifier: tokens.some((t) => t.kind === "ident" && [...t.text].some((c) => c === "\\" || c < " ")),
    normalized,
  };
}

export function isReadStatement(shape: StatementShape): boolean {
  return READ_KINDS.has(shape.kind);
}

export function forbiddenTableFunctions(shape: StatementShape): string[] {
  return shape.tableFunctions.filter((f) => !GENERATORS.has(f));
}

/**
 * Settings for a statement a token wrote. ClickHouse's optimizer may evaluate a WHERE (or a
 * join condition) before the token's row filter (`additional_table_filters`, or a pipe's own
 * WHERE on fixed parameters): it moves conditions to PREWHERE and reorders them, pushes them
 * into subqueries and merges filters. Then `toUInt8(pathname)` fails on another tenant's row
 * and its error message quotes the row. Without these moves filters run in the order written.
 */
const UNTRUSTED_SQL_SETTINGS: Settings = Object.freeze({
  optimize_move_to_prewhere: 0,
  move_all_conditions_to_prewhere: 0,
  query_plan_optimize_prewhere: 0,
  query_plan_filter_push_down: 0,
  query_plan_merge_filters: 0,
  query_plan_merge_expressions: 0,
  query_plan_merge_filter_into_join_condition: 0,
  query_plan_merge_expression_into_join: 0,
  query_plan_optimize_lazy_materialization: 0,
  query_plan_convert_join_to_in: 0,
  enable_join_transitive_predicates: 0,
  enable_optimize_predicate_expression: 0,
  optimize_trivial_count_query: 0,
  optimize_use_projections: 0,
  optimize_use_implicit_projections: 0,
  short_circuit_function_evaluation: "force_enable",
  // Index analysis evaluates the statement's conditions on the bounds of every part and granule,
  // other tenants' included, before any row filter: an expression that throws on a bound it
  // only reaches there (`accurateCast(toInt64(timestamp) + X, 'UInt32')`) tells whether some
  // other tenant has a row past X. So such statements read without it, at the cost of a scan.
  use_primary_key: 0,
  use_partition_pruning: 0,
  use_partition_key: 0,
  use_partition_minmax_for_primary_key_pruning: 0,
  use_skip_indexes: 0,
  use_skip_indexes_on_data_read: 0,
  use_statistics_for_part_pruning: 0,
  use_index_for_in_with_subqueries: 0,
  use_query_condition_cache: 0,
  use_top_k_dynamic_filtering: 0,
  // With the indexes off, rows_read would count every tenant's rows.
  output_format_write_statistics: 0,
  // The time limit is checked between blocks: small blocks keep a costly row from running on far past it.
  max_block_size: 512,
  function_range_max_elements_in_block: 1_000_000,
});

const knownSettings = new WeakMap<Engine, Promise<Settings>>();

/**
 * `UNTRUSTED_SQL_SETTINGS` that the engine knows. An older ClickHouse server lacks some of
 * them, and with them the optimizations they turn off; sending an unknown one would fail.
 */
export function untrustedSqlSettings(engine: Engine): Promise<Settings> {
  let known = knownSettings.get(engine);
  if (!known) {
    const names = Object.keys(UNTRUSTED_SQL_SETTINGS).map(quote).join(", ");
    known = queryRows<{ name: string }>(engine, `SELECT name FROM system.settings WHERE name IN (${names})`).then((rows) =>
      Object.freeze(Object.fromEntries(rows.map((r) => [r.name, UNTRUSTED_SQL_SETTINGS[r.name]!]))),
    );
    known.catch(() => knownSettings.delete(engine));
    knownSettings.set(engine, known);
  }
  return known;
}
