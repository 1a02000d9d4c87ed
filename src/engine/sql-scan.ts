/**
 * Just enough SQL lexing to find which names a query reads FROM or JOINs, so that
 * pipes used as tables can be inlined. String literals, quoted identifiers and
 * comments are skipped; this is not a parser and never rewrites the SQL.
 */
interface Token {
  readonly text: string;
  readonly kind: "word" | "ident" | "other";
}

function* tokens(sql: string): Generator<Token> {
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? sql.length : end;
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (c === "'" || c === '"' || c === "`") {
      let j = i + 1;
      while (j < sql.length && sql[j] !== c) j += sql[j] === "\\" ? 2 : 1;
      if (c !== "'") yield { text: sql.slice(i + 1, j), kind: "ident" };
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_.]/.test(sql[j]!)) j++;
      yield { text: sql.slice(i, j), kind: "word" };
      i = j;
    } else {
      if (!/\s/.test(c)) yield { text: c, kind: "other" };
      i++;
    }
  }
}

/** Names that follow FROM or JOIN (unqualified ones only: `db.t` is never a pipe). */
export function tableReferences(sql: string): Set<string> {
  const found = new Set<string>();
  let previous = "";
  for (const token of tokens(sql)) {
    if ((previous === "FROM" || previous === "JOIN") && token.kind !== "other" && !token.text.includes(".")) {
      found.add(token.text);
    }
    previous = token.kind === "word" ? token.text.toUpperCase() : "";
  }
  return found;
}

/** The first keyword of a statement, upper-cased (`WITH`, `SELECT`, …). */
export function firstKeyword(sql: string): string {
  for (const token of tokens(sql)) return token.kind === "word" ? token.text.toUpperCase() : "";
  return "";
}
