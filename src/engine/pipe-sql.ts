/**
 * Assembles a rendered pipe into one statement: each node becomes a CTE named after it,
 * each pipe read as a table becomes a CTE named after the pipe, and the last node is
 * the result. Nested WITH keeps node names of inlined pipes in their own scope.
 */
import type { RenderedPipe } from "../query/render-pipe.ts";
import { quoteIdent } from "./ddl.ts";

export function pipeSql(pipe: RenderedPipe): string {
  const ctes = [
    ...pipe.inlined.map((sub) => `${quoteIdent(sub.name)} AS (\n${pipeSql(sub)}\n)`),
    ...pipe.nodes.map((n) => `${quoteIdent(n.name)} AS (\n${n.sql}\n)`),
  ];
  const last = pipe.nodes[pipe.nodes.length - 1];
  if (!last) throw new Error(`pipe "${pipe.name}" has no nodes`);
  return `WITH ${ctes.join(",\n")}\nSELECT * FROM ${quoteIdent(last.name)}`;
}

/**
 * `sql` inside `WITH ctes SELECT * FROM (…)`, so that every part of it sees them: merged into its
 * own WITH list instead, they would be out of sight of a later UNION branch with a WITH of its own.
 */
export function wrapInCtes(ctes: readonly string[], sql: string): string {
  return ctes.length === 0 ? sql : `WITH ${ctes.join(",\n")}\nSELECT * FROM (\n${sql.trim().replace(/;+\s*$/, "")}\n)`;
}

/** A `q=` query over `source` (the pipe's SELECT), which it calls `_`. */
export function querySql(source: string, q: string): string {
  return wrapInCtes([`${quoteIdent("_")} AS (\n${source}\n)`], q);
}
