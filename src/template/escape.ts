/**
 * Escaping: the security boundary of the template engine. Every request value reaches the
 * SQL through one of these functions and nothing else.
 */
import { errors } from "./errors.ts";
import { Callable, Missing, RawSql, SqlFloat, SqlInt, isDict, isList, pyStr, type Value } from "./values.ts";

/**
 * Tinybird's string escape table (compat-api §2.4). ClickHouse decodes all of these except
 * `\%` and `\z`, which it keeps as two characters: `\%` is what makes a parameter match a
 * literal `%` in LIKE, and is why `sql_unescape` exists.
 */
const ESCAPES: Readonly<Record<string, string>> = {
  "\0": "\\0",
  "\r": "\\r",
  "\b": "\\b",
  "\t": "\\t",
  "\x1a": "\\z",
  "\n": "\\n",
  '"': '\\"',
  "'": "\\'",
  "\\": "\\\\",
  "%": "\\%",
  "`": "\\`",
};

// Built from the table so the pattern and the table cannot drift apart.
const NEEDS_ESCAPE = new RegExp(`[${Object.keys(ESCAPES).map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}]`, "g");

/** Characters `sql_unescape` may leave bare: none of them can end or alter a quoted literal. */
const UNESCAPABLE = new Set(["%", '"', "`"]);

/** Escape a string for use between single quotes (or backquotes). `keep` chars stay bare. */
export function escapeString(s: string, keep: ReadonlySet<string> = new Set()): string {
  return s.replace(NEEDS_ESCAPE, (ch) => (keep.has(ch) && UNESCAPABLE.has(ch) ? ch : (ESCAPES[ch] ?? ch)));
}

export function quoteString(s: string, keep?: ReadonlySet<string>): string {
  return `'${escapeString(s, keep)}'`;
}

/** Tinybird's `sqlescape` for identifiers drops double quotes, so `"` can also serve as the quote. */
export function escapeIdentifier(s: string): string {
  return escapeString(s.replaceAll('"', ""));
}

export function quoteIdentifier(s: string, quote: "`" | '"' = "`"): string {
  return `${quote}${escapeIdentifier(s)}${quote}`;
}

function literal(v: Value, source: string, line: number): string {
  if (v === null) return "NULL";
  if (typeof v === "string") return quoteString(v);
  if (v instanceof SqlInt || v instanceof SqlFloat || v instanceof RawSql) return v.sql;
  if (v instanceof Missing) throw errors.requiredParameter([v.name]);
  if (v instanceof Callable) throw errors.type(`expression "${source}" is a function, not a value`);
  // Lists print as ClickHouse arrays with every element escaped, never as Python repr.
  if (isList(v)) return `[${v.map((x) => literal(x, source, line)).join(",")}]`;
  if (isDict(v)) return `map(${[...v].flatMap(([k, x]) => [literal(k, source, line), literal(x, source, line)]).join(",")})`;
  // Remaining values are bool, int and float, whose str() is digits, a sign, nan/inf or True/False.
  return pyStr(v);
}

/** What `{{ expr }}` writes for a value (Tinybird's `expression_wrapper`). */
export function renderValue(v: Value, source: string, line: number): string {
  if (v === null) throw errors.nullExpression(source, line);
  return literal(v, source, line);
}

/** Render a value that must become a literal inside generated SQL (`sql_and`). */
export function sqlLiteral(v: Value, line: number): string {
  return literal(v, "sql_and", line);
}
