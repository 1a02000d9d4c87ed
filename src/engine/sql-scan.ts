/**
 * What a rendered statement reads, as far as Aviary needs to know before ClickHouse
 * does: the plain names after FROM or JOIN (so pipes used as tables can be inlined) and
 * its first keyword. Built on the one SQL tokenizer, `sql-tokens.ts`.
 */
import { tableReferences as references, tokenizeSql } from "./sql-tokens.ts";

/** Unqualified names read FROM or JOINed at query level (`db.t` and table functions are never pipes). */
export function tableReferences(sql: string): Set<string> {
  return new Set(references(tokenizeSql(sql)).flatMap((r) => (r.database === undefined ? [r.name] : [])));
}

/**
 * `select` with each table in `names` it reads (FROM or JOIN, subqueries included) written as
 * `replacement(name)`. A CTE (`name AS (…)`) may shadow a table's name; then it is not the table.
 */
export function replaceReads(select: string, names: ReadonlySet<string>, replacement: (name: string) => string): string {
  const tokens = tokenizeSql(select);
  const ctes = new Set(tokens.flatMap((t, i) => (tokens[i + 1]?.text.toUpperCase() === "AS" && tokens[i + 2]?.text === "(" ? [t.text] : [])));
  const reads = references(tokens).filter((r) => r.database === undefined && names.has(r.name) && !ctes.has(r.name));
  let sql = select;
  for (const read of reads.sort((a, b) => b.offset - a.offset)) {
    // Datasource names are plain identifiers: as written, or quoted with one character either side.
    const length = read.name.length + (/[`"]/.test(select[read.offset]!) ? 2 : 0);
    sql = `${sql.slice(0, read.offset)}${replacement(read.name)}${sql.slice(read.offset + length)}`;
  }
  return sql;
}
