/**
 * What a statement may have changed, judged from its first words: nothing (a read), these
 * tables (`INSERT INTO t`, `ALTER TABLE t …`, `TRUNCATE t`, `EXCHANGE TABLES a AND b`,
 * `CREATE TABLE t`, `DROP TABLE t`, …),
 * or anything (every other statement: DDL, SYSTEM, a form not recognised). Used to keep
 * cached answers honest (query/data-versions.ts); an unknown statement costs a full
 * invalidation, never a stale answer.
 */

export type Written = { readonly kind: "none" } | { readonly kind: "tables"; readonly tables: readonly string[] } | { readonly kind: "anything" };

const READS = /^(?:SELECT|WITH|EXPLAIN|DESCRIBE|DESC|SHOW|EXISTS|CHECK)\b/i;
const NAME = String.raw`((?:\`[^\`]+\`|"[^"]+"|[A-Za-z_][\w$]*)(?:\.(?:\`[^\`]+\`|"[^"]+"|[A-Za-z_][\w$]*))?)`;
const ONE_TABLE = [
  new RegExp(String.raw`^INSERT\s+INTO\s+(?:TABLE\s+)?${NAME}`, "i"),
  new RegExp(String.raw`^ALTER\s+TABLE\s+${NAME}`, "i"),
  new RegExp(String.raw`^TRUNCATE\s+(?:TABLE\s+)?(?:IF\s+EXISTS\s+)?${NAME}`, "i"),
  new RegExp(String.raw`^DELETE\s+FROM\s+${NAME}`, "i"),
  new RegExp(String.raw`^OPTIMIZE\s+TABLE\s+${NAME}`, "i"),
  new RegExp(String.raw`^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?${NAME}`, "i"),
  new RegExp(String.raw`^DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?${NAME}`, "i"),
];
const EXCHANGE = new RegExp(String.raw`^EXCHANGE\s+TABLES\s+${NAME}\s+AND\s+${NAME}`, "i");

/** A table name as written, without its database and quotes. */
function bare(name: string): string {
  const last = name.match(/(?:`[^`]+`|"[^"]+"|[^.]+)$/)?.[0] ?? name;
  return last.replace(/^[`"]|[`"]$/g, "");
}

/** Leading comments and blank lines are not part of the statement's first word. */
function body(sql: string): string {
  return sql.replace(/^(?:\s+|--[^\n]*\n|\/\*[\s\S]*?\*\/)*/, "");
}

export function writtenTables(sql: string): Written {
  const text = body(sql);
  if (READS.test(text)) return { kind: "none" };
  const exchange = EXCHANGE.exec(text);
  if (exchange) return { kind: "tables", tables: [bare(exchange[1]!), bare(exchange[2]!)] };
  for (const pattern of ONE_TABLE) {
    const match = pattern.exec(text);
    if (match) return { kind: "tables", tables: [bare(match[1]!)] };
  }
  return { kind: "anything" };
}
