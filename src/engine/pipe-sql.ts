/**
 * Assembles a rendered pipe into one statement: each node becomes a CTE named after it,
 * each pipe read as a table becomes a CTE named after the pipe, and the last node is
 * the result. Nested WITH keeps node names of inlined pipes in their own scope.
 */
import type { RenderedPipe } from "../query/render-pipe.ts";
import { quoteIdent } from "./ddl.ts";
import { firstKeyword } from "./sql-scan.ts";

export function pipeSql(pipe: RenderedPipe): string {
  const ctes = [
    ...pipe.inlined.map((sub) => `${quoteIdent(sub.name)} AS (\n${pipeSql(sub)}\n)`),
    ...pipe.nodes.map((n) => `${quoteIdent(n.name)} AS (\n${n.sql}\n)`),
  ];
  const last = pipe.nodes[pipe.nodes.length - 1];
  if (!last) throw new Error(`pipe "${pipe.name}" has no nodes`);
  return `WITH ${ctes.join(",\n")}\nSELECT * FROM ${quoteIdent(last.name)}`;
}

/** A `q=` query over the pipe's result, which it calls `_`. */
export function querySql(pipe: RenderedPipe, q: string): string {
  const source = `${quoteIdent("_")} AS (\n${pipeSql(pipe)}\n)`;
  const trimmed = q.trim().replace(/;+\s*$/, "");
  if (firstKeyword(trimmed) === "WITH") return `WITH ${source},\n${trimmed.replace(/^\s*with\s/i, "")}`;
  return `WITH ${source}\n${trimmed}`;
}
