/**
 * Which datasources a principal reads directly, and with which row filter. A
 * DATASOURCES:READ scope grants its datasource; a materialized (or copy) target inherits
 * the grant when every datasource that feeds it is granted, with their filters ANDed, so a
 * tenant filter on the landing table also holds on the aggregates built from it. That
 * relies on the target carrying the filter's columns with the same meaning (the kit's
 * targets keep `tenant_id`); if it lacks them ClickHouse refuses the query, never widens it.
 */
import { quoteString as quote } from "../engine/ddl.ts";
import type { Settings } from "../engine/engine.ts";
import { tableReferences } from "../engine/sql-scan.ts";
import type { Project } from "../project/model.ts";
import type { Principal } from "./principal.ts";

/** Datasource → its filter; `undefined` means every row. */
export type Readable = ReadonlyMap<string, string | undefined>;

/** Every table and pipe name a pipe's nodes read (not its own nodes), and those the pipes it reads read in turn. */
export function namesReadBy(project: Project, pipeName: string, seen: ReadonlySet<string> = new Set()): Set<string> {
  const found = new Set<string>();
  const pipe = project.pipes.get(pipeName);
  if (!pipe || seen.has(pipeName)) return found;
  const nodes = new Set(pipe.nodes.map((n) => n.name));
  for (const ref of pipe.nodes.flatMap((n) => [...tableReferences(n.sql)]).filter((r) => !nodes.has(r))) {
    found.add(ref);
    for (const inner of namesReadBy(project, ref, new Set([...seen, pipeName]))) found.add(inner);
  }
  return found;
}

/** Datasources a pipe reads, directly or through the pipes it reads (SQL of every node, every branch). */
export function datasourcesReadBy(project: Project, pipeName: string): Set<string> {
  return new Set([...namesReadBy(project, pipeName)].filter((name) => project.datasources.has(name)));
}

/** One condition from several: as is when alone, each parenthesized otherwise. */
function combine(filters: readonly string[], operator: "AND" | "OR"): string {
  return filters.length === 1 ? filters[0]! : filters.map((f) => `(${f})`).join(` ${operator} `);
}

function granted(principal: Principal): Map<string, string | undefined> {
  const byDatasource = new Map<string, (string | undefined)[]>();
  for (const read of principal.datasourceReads) byDatasource.set(read.datasource, [...(byDatasource.get(read.datasource) ?? []), read.filter]);
  // Several scopes on one datasource each grant their rows; one without a filter grants them all.
  return new Map([...byDatasource].map(([ds, filters]) => [ds, filters.includes(undefined) ? undefined : combine(filters as string[], "OR")]));
}

const memo = new WeakMap<Principal, { project: Project; readable: Readable }>();

export function readableDatasources(project: Project, principal: Principal): Readable {
  const known = memo.get(principal);
  if (known?.project === project) return known.readable;
  const readable = granted(principal);
  const feeders = [...project.pipes.values()].filter((p) => (p.type === "materialized" || p.type === "copy") && p.targetDatasource !== undefined);
  for (let grew = true; grew; ) {
    grew = false;
    for (const target of project.datasources.keys()) {
      if (readable.has(target)) continue;
      const sources = feeders.filter((p) => p.targetDatasource === target).flatMap((p) => [...datasourcesReadBy(project, p.name)]);
      if (sources.length === 0 || !sources.every((ds) => readable.has(ds))) continue;
      const filters = [...new Set(sources)].flatMap((ds) => readable.get(ds) ?? []);
      readable.set(target, filters.length === 0 ? undefined : combine(filters, "AND"));
      grew = true;
    }
  }
  memo.set(principal, { project, readable });
  return readable;
}

/** ClickHouse `additional_table_filters` for every filtered datasource: applied to each read of it. */
export function rowFilterSettings(database: string, readable: Readable): Settings {
  const entries = [...readable].filter((e): e is [string, string] => e[1] !== undefined).map(([ds, filter]) => `${quote(`${database}.${ds}`)}:${quote(filter)}`);
  return entries.length === 0 ? {} : { additional_table_filters: `{${entries.join(", ")}}` };
}
