/**
 * Top endpoints over visits (acquisition and audience reports): each visit counts once,
 * under its source, channel, campaign, entry or exit page, OS, screen, language or place;
 * hits are its page views in the period. The visits view answers every visit filter; a
 * page-view filter decides which page views count, so it reads raw page views.
 */
import { defineEndpoint, node } from "aviary/schema";
import { ANY_PAGE_FILTER, botCondition, pageConditions, visitConditions } from "./filters.ts";
import { inPeriod } from "./period.ts";
import { dashboardToken } from "./params.ts";
import { WITH_PREVIOUS } from "./template.ts";
import { currentCounts, floatColumns, previousCounts, rankedNode, stringColumns, topParams } from "./top.ts";
import { visitsPerSession } from "./visits.ts";
import { withChecks } from "./checks.ts";

export interface VisitTopOptions<D extends string, L extends string, M extends string> {
  readonly name: string;
  readonly description: string;
  /** Output column name of the dimension. */
  readonly dimension: D;
  /** SQL over the per-visit columns (visits.ts: `visit_source`, `visit_os`, …). */
  readonly dimensionSql: string;
  /** Columns shown beside the dimension and grouped with it (a region's country), name → SQL. */
  readonly labels?: Readonly<Record<L, string>>;
  /** Figures over the row's visits in the current period, name → SQL aggregate (Float64). */
  readonly measures?: Readonly<Record<M, string>>;
  /** Leave out visits without a value (campaigns, regions, cities). */
  readonly knownOnly?: boolean;
}

/** Per-visit rows for a top report: the visits view, or raw page views under a page-view filter. */
export function visitRows(): string {
  return `{% if not (${ANY_PAGE_FILTER}) %}
${visitsPerSession({ from: "view", dateCondition: inPeriod("date", WITH_PREVIOUS), split: true })}
{% else %}
${visitsPerSession({ from: "raw", previousToo: WITH_PREVIOUS, split: true, hitCondition: `1 ${pageConditions()}` })}
{% end %}`;
}

/** `totals` over per-visit rows: dimension, labels, current_/prev_ counts and measures. */
export function visitTotalsSql(dimensionSql: string, labels: Readonly<Record<string, string>>, measures: Readonly<Record<string, string>>, knownOnly: boolean): string {
  const labelNames = Object.keys(labels);
  return `SELECT
    ${dimensionSql} AS dimension,
    ${Object.entries(labels).map(([n, sql]) => `${sql} AS ${n},`).join(" ")}
    countIf(current) AS current_visits,
    sumIf(visit_hits, current) AS current_hits
    ${Object.entries(measures).map(([n, sql]) => `, ${sql} AS ${n}`).join(" ")}
    {% if ${WITH_PREVIOUS} %}
    , countIf(NOT current) AS prev_visits
    , sumIf(visit_hits, NOT current) AS prev_hits
    {% end %}
FROM (
${visitRows()}
)
WHERE 1 ${visitConditions()} ${botCondition("visit_device")} ${knownOnly ? `AND ${dimensionSql} != ''` : ""}
GROUP BY dimension${labelNames.map((n) => `, ${n}`).join("")}
HAVING current_visits > 0`;
}

export function defineVisitTopEndpoint<D extends string, L extends string = never, M extends string = never>(options: VisitTopOptions<D, L, M>) {
  const labels: Readonly<Record<string, string>> = options.labels ?? {};
  const measures: Readonly<Record<string, string>> = options.measures ?? {};
  const extras = [...Object.keys(labels), ...Object.keys(measures)];
  return defineEndpoint(options.name, withChecks({
    description: options.description,
    params: topParams,
    nodes: [
      node({ name: "totals", sql: `${visitTotalsSql(options.dimensionSql, labels, measures, options.knownOnly ?? false)}` }),
      rankedNode(options.name, options.dimension, extras),
    ],
    output: {
      ...stringColumns([options.dimension]),
      ...currentCounts,
      ...stringColumns(Object.keys(labels) as L[]),
      ...floatColumns(Object.keys(measures) as M[]),
      ...previousCounts,
    },
    tokens: dashboardToken,
  }));
}
