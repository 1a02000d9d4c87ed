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

/** The first keyword of a statement, upper-cased (`WITH`, `SELECT`, …). */
export function firstKeyword(sql: string): string {
  const first = tokenizeSql(sql)[0];
  return first?.kind === "word" ? first.text.toUpperCase() : "";
}
