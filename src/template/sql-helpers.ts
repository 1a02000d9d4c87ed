/**
 * Helpers that build SQL fragments from request values: identifiers (`column`, `columns`,
 * `symbol`, `table`), `sql_and` conditions and `sql_unescape`. Each returns RawSql built
 * only from escaped or validated parts.
 */
import { type Bound, native, str } from "./args.ts";
import { errors } from "./errors.ts";
import { escapeIdentifier, quoteIdentifier, quoteString, sqlLiteral } from "./escape.ts";
import { plain } from "./operators.ts";
import { Callable, type CallSite, Missing, type NativeFunction, RawSql, type Value, isList, pyStr } from "./values.ts";

/** Typed parameters that were not sent count as unset here, not as errors. */
const unset = (v: Value | undefined): boolean => v === undefined || v === null || v instanceof Missing;

/** `a.b` → `` `a`.`b` ``: every part quoted on its own. */
function quotePath(name: string): string {
  return name.split(".").map((part) => quoteIdentifier(part)).join(".");
}

const column = native("column", ["x", "default?"], (a) => {
  const name = unset(a.x) ? a.default : a.x;
  if (unset(name)) throw errors.value("Missing column() default value, use `column(column_name, 'default_column_name')`");
  return new RawSql(quotePath(pyStr(plain(name!))));
}, true);

const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const columns = native("columns", ["x", "default?", "fn?"], (a) => {
  const value = unset(a.x) ? a.default : a.x;
  if (unset(value)) throw errors.value("Missing columns() default value, use `columns(cols, 'default_column_name')`");
  const p = plain(value!);
  const names = (isList(p) ? p.map((x) => pyStr(plain(x))) : pyStr(p).split(",")).map((s) => s.trim()).filter(Boolean);
  const fn = unset(a.fn) ? undefined : str("columns", plain(a.fn!), "fn");
  // The function name is written bare, so it must be a plain identifier.
  if (fn !== undefined && !FUNCTION_NAME.test(fn)) throw errors.value(`columns(): invalid function name '${fn}'`);
  return new RawSql(names.map((n) => (fn ? `${fn}(${quotePath(n)}) as ${quoteIdentifier(n)}` : quotePath(n))).join(", "));
}, true);

function symbolFn(name: string): Callable {
  return native(name, ["x", "quote?"], (a) => {
    const quote = a.quote === undefined ? "`" : a.quote;
    if (quote !== "`" && quote !== '"') throw errors.value(`${name}(): quote must be '\`' or '"'`);
    return new RawSql(quoteIdentifier(pyStr(plain(a.x!)), quote));
  });
}

// Upstream writes the name bare after escaping; we only accept names that cannot change the query.
const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

function tableFn(name: string): Callable {
  return native(name, ["x", "quote?"], (a) => {
    const table = pyStr(plain(a.x!));
    if (!TABLE_NAME.test(table)) throw errors.value(`Invalid table name '${escapeIdentifier(table)}'`);
    return new RawSql(table);
  });
}

const OPERATORS: Readonly<Record<string, string>> = { in: "in", not_in: "not in", gt: ">", lt: "<", gte: ">=", lte: "<=" };

/**
 * `sql_and(a=a, b__in=Array(b))` → `a = '1' and b in ['x']`. Keyword names come from the
 * template source, not the request, so they are written as-is. No condition at all gives
 * `1`, which keeps `WHERE {{sql_and(…)}}` valid.
 */
const sqlAnd = new Callable(
  "sql_and",
  ((args: Value[], kwargs: ReadonlyMap<string, Value>, site: CallSite) => {
    if (args.length) throw errors.type("sql_and() takes only keyword arguments");
    const conditions: string[] = [];
    for (const [key, value] of kwargs) {
      if (unset(value)) continue;
      const m = /^(.*?)__(in|not_in|gt|lt|gte|lte)$/.exec(key);
      const [columnName, op] = m ? [m[1]!, OPERATORS[m[2]!]!] : [key, "="];
      conditions.push(`${columnName} ${op} ${sqlLiteral(value, site.line)}`);
    }
    return new RawSql(conditions.length ? conditions.join(" and ") : "1");
  }) as NativeFunction<never>,
  true,
);

/** `sql_unescape(String(p), '%')`: the quoted literal with `%` left bare, for LIKE patterns. */
const sqlUnescape = native("sql_unescape", ["x", "what?"], (a: Bound) => {
  const value = plain(a.x!);
  if (typeof value !== "string") return value;
  const keep = new Set(Array.from(a.what === undefined ? "" : str("sql_unescape", a.what, "what")));
  return new RawSql(quoteString(value, keep));
});

export function sqlHelpers(): Callable[] {
  return [column, columns, symbolFn("symbol"), symbolFn("Symbol"), symbolFn("Column"), tableFn("table"), tableFn("TABLE"), sqlAnd, sqlUnescape];
}
