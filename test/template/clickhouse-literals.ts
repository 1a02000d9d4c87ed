/**
 * A small, independent reader for ClickHouse quoted literals, used to check escaping.
 * It follows ClickHouse's rules, not the template engine's: a backslash escapes the next
 * character (`\0 \b \f \n \r \t \a \v \xHH` decode, `\\ \' \" \`` drop the backslash,
 * any other pair such as `\%` or `\z` stays as both characters), and a doubled quote
 * inside the literal stands for one quote.
 */

const DECODED: Readonly<Record<string, string>> = {
  "0": "\0", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", a: "\x07", v: "\v", "\\": "\\", "'": "'", '"': '"', "`": "`",
};

export interface Literal {
  /** Decoded value. */
  readonly value: string;
  /** Index just past the closing quote. */
  readonly end: number;
}

/** Read the literal that opens at `sql[start]` (a `'` or `` ` ``). Throws if it never closes. */
export function readLiteral(sql: string, start: number): Literal {
  const quote = sql[start];
  if (quote !== "'" && quote !== "`" && quote !== '"') throw new Error(`no literal at ${start}: ${sql.slice(start, start + 10)}`);
  let value = "";
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === "\\") {
      const next = sql[i + 1];
      if (next === undefined) break;
      if (next === "x" && /^[0-9a-fA-F]{2}$/.test(sql.slice(i + 2, i + 4))) {
        value += String.fromCharCode(parseInt(sql.slice(i + 2, i + 4), 16));
        i += 4;
      } else {
        value += DECODED[next] ?? `\\${next}`;
        i += 2;
      }
    } else if (ch === quote) {
      if (sql[i + 1] === quote) {
        value += quote;
        i += 2;
      } else {
        return { value, end: i + 1 };
      }
    } else {
      value += ch;
      i++;
    }
  }
  throw new Error(`literal opened at ${start} never closes`);
}

/** What ClickHouse reads back from an escaped string: `%` and \x1a come back as `\%` and `\z`. */
export function clickhouseView(original: string): string {
  return original.replaceAll("%", "\\%").replaceAll("\x1a", "\\z");
}

/** Split a SQL array of string literals (`['a','b']`) into decoded values, checking its shape. */
export function readStringArray(sql: string, start: number): { values: string[]; end: number } {
  if (sql[start] !== "[") throw new Error(`no array at ${start}`);
  const values: string[] = [];
  let i = start + 1;
  if (sql[i] === "]") return { values, end: i + 1 };
  for (;;) {
    const lit = readLiteral(sql, i);
    values.push(lit.value);
    i = lit.end;
    if (sql[i] === "]") return { values, end: i + 1 };
    if (sql[i] !== ",") throw new Error(`unexpected ${JSON.stringify(sql[i])} at ${i} in array`);
    i++;
  }
}
