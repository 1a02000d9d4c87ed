/**
 * The SQL tokenizer behind project validation and pipe inlining: which tables a node reads and which
 * names it defines itself. It skips string literals, comments and template tags
 * (`{{ }}`, `{% %}`, `{# #}`), and it is deliberately timid: anything it can not be sure
 * is a table name (table functions, subqueries, templated names) is not reported.
 * ClickHouse still has the last word at deploy time.
 */

export interface SqlToken {
  readonly kind: "word" | "ident" | "string" | "number" | "punct" | "template";
  /** Words and quoted identifiers without their quotes; other tokens as written. */
  readonly text: string;
  readonly offset: number;
}

const TEMPLATE_END: Readonly<Record<string, string>> = { "{{": "}}", "{%": "%}", "{#": "#}" };

function endOfQuoted(sql: string, start: number): number {
  const quote = sql[start];
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === "\\") i += 2;
    else if (sql[i] === quote && sql[i + 1] === quote) i += 2;
    else if (sql[i] === quote) return i + 1;
    else i++;
  }
  return sql.length;
}

export function tokenizeSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const two = sql.slice(i, i + 2);
    const templateEnd = TEMPLATE_END[two];
    if (templateEnd !== undefined) {
      const end = sql.indexOf(templateEnd, i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      tokens.push({ kind: "template", text: sql.slice(i, stop), offset: i });
      i = stop;
    } else if (two === "--" || two === "#!" || two === "# ") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? sql.length : end;
    } else if (two === "/*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (c === "'" || c === '"' || c === "`") {
      const end = endOfQuoted(sql, i);
      tokens.push({ kind: c === "'" ? "string" : "ident", text: c === "'" ? sql.slice(i, end) : sql.slice(i + 1, end - 1), offset: i });
      i = end;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i))!;
      tokens.push({ kind: "word", text: m[0], offset: i });
      i += m[0].length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9][A-Za-z0-9_.]*/.exec(sql.slice(i))!;
      tokens.push({ kind: "number", text: m[0], offset: i });
      i += m[0].length;
    } else {
      if (!/\s/.test(c)) tokens.push({ kind: "punct", text: c, offset: i });
      i++;
    }
  }
  return tokens;
}

const isName = (t: SqlToken | undefined): t is SqlToken => t?.kind === "word" || t?.kind === "ident";
const isWord = (t: SqlToken | undefined, word: string): boolean => t?.kind === "word" && t.text.toUpperCase() === word;

export interface TableReference {
  readonly name: string;
  /** `db` of `FROM db.name`. */
  readonly database?: string;
  readonly offset: number;
}

/** Table names, plain or qualified, that follow FROM or JOIN at query level. */
export function tableReferences(tokens: readonly SqlToken[]): TableReference[] {
  const found: TableReference[] = [];
  // One entry per open parenthesis: is it a subquery, a plain expression, or not known yet?
  const parens: ("query" | "expr" | "pending")[] = [];
  tokens.forEach((t, i) => {
    if (t.kind === "template") return;
    const top = parens.length - 1;
    if (parens[top] === "pending") parens[top] = isWord(t, "SELECT") || isWord(t, "WITH") ? "query" : "expr";
    if (t.text === "(" && t.kind === "punct") return void parens.push("pending");
    if (t.text === ")" && t.kind === "punct") return void parens.pop();
    // FROM inside `EXTRACT(DAY FROM d)` or `trim(BOTH ' ' FROM s)` is not a table.
    if (parens.length > 0 && parens[parens.length - 1] !== "query") return;
    const previous = tokens[i - 1];
    const isFrom = isWord(t, "FROM") && !isWord(previous, "DISTINCT");
    const isJoin = isWord(t, "JOIN") && !isWord(previous, "ARRAY");
    if (!isFrom && !isJoin) return;
    const name = tokens[i + 1];
    const after = tokens[i + 2];
    if (!isName(name) || after?.text === "(") return;
    if (after?.text !== ".") return void found.push({ name: name.text, offset: name.offset });
    const table = tokens[i + 3];
    if (isName(table) && tokens[i + 4]?.text !== "(") found.push({ name: table.text, database: name.text, offset: name.offset });
  });
  return found;
}

/** Names the SQL defines itself: CTEs (`x AS (…)`) and aliases (`… AS x`). */
export function definedNames(tokens: readonly SqlToken[]): Set<string> {
  const names = new Set<string>();
  tokens.forEach((t, i) => {
    if (!isWord(t, "AS")) return;
    const before = tokens[i - 1];
    const after = tokens[i + 1];
    if (isName(after)) names.add(after.text);
    if (isName(before) && tokens[i + 1]?.text === "(") names.add(before.text);
  });
  return names;
}
