/**
 * The `top_*` endpoints share one shape: a dimension, visits (distinct sessions) and hits
 * over the period, ordered by visits, with optional previous-period columns. One scan
 * covers both periods; `-MergeIf` splits the states by bucket. Filters pick the reading
 * (see filters.ts); single page views answer any combination the views cannot.
 */
import { defineEndpoint, node, t } from "aviary/schema";
import { type Reading, chooseReading, filterParams, pageViewsView, readingConditions } from "./filters.ts";
import { isCurrent, inPeriod } from "./period.ts";
import { dashboardToken, pagingParams, periodParams, previousPeriodParam, tenantParams } from "./params.ts";
import { WITH_PREVIOUS, growth, paging, tenantAndDomain } from "./template.ts";
import { withChecks } from "./checks.ts";

/** Every top endpoint's parameters. */
export const topParams = { ...tenantParams, ...periodParams, ...previousPeriodParam, ...pagingParams, ...filterParams };

export interface TopOptions<D extends string> {
  readonly name: string;
  readonly description: string;
  /** Views to read, preferred first (the first without filters); single page views come last. */
  readonly views: readonly Reading[];
  /** Output column name of the dimension. */
  readonly dimension: D;
  /** SQL for the dimension over any of the readings (the views and single page views share the column names). */
  readonly dimensionSql: string;
}

/** `{ [name]: String }` for each name, typed by the literal names: a computed key alone widens to an index signature, losing every column's type. */
export function stringColumns<K extends string>(names: readonly K[]) {
  return Object.fromEntries(names.map((n) => [n, t.string()])) as { [N in K]: ReturnType<typeof t.string> };
}

/** `{ [name]: Float64 }` for each name, typed as stringColumns. */
export function floatColumns<K extends string>(names: readonly K[]) {
  return Object.fromEntries(names.map((n) => [n, t.float64()])) as { [N in K]: ReturnType<typeof t.float64> };
}

/** The counts every top endpoint returns after its dimension. */
export const currentCounts = { visits: t.uint64(), hits: t.uint64() };

/** The previous-period columns, last (with `include_previous_period=true`). */
export const previousCounts = {
  previous_visits: t.uint64().optional(),
  previous_hits: t.uint64().optional(),
  visits_growth_percentage: t.float64().optional(),
  hits_growth_percentage: t.float64().optional(),
};

/**
 * The last node: `totals` (dimension, current_/prev_ counts and the `extras` columns) as
 * `dim, visits, hits, extras… [, previous…]`, ranked and paged (the extras break ties, so
 * that paging is stable when one name has several rows: London in England and in Ontario).
 */
export function rankedNode(name: string, dim: string, extras: readonly string[] = []) {
  return node({
    name,
    sql: `SELECT
    dimension AS ${dim},
    current_visits AS visits,
    current_hits AS hits
    ${extras.map((e) => `, ${e}`).join(" ")}
    {% if ${WITH_PREVIOUS} %}
    , prev_visits AS previous_visits
    , prev_hits AS previous_hits
    , ${growth("current_visits", "prev_visits")} AS visits_growth_percentage
    , ${growth("current_hits", "prev_hits")} AS hits_growth_percentage
    {% end %}
FROM totals
ORDER BY visits DESC, hits DESC, ${dim} ASC${extras.map((e) => `, ${e} ASC`).join("")}
${paging()}`,
  });
}

export function defineTopEndpoint<D extends string>(options: TopOptions<D>) {
  const dim = options.dimension;
  const totals = (r: Reading) => {
    const current = isCurrent(r.time);
    return `SELECT
    ${options.dimensionSql} AS dimension,
    ${r.visitsIf(current)} AS current_visits,
    ${r.hitsIf(current)} AS current_hits
    {% if ${WITH_PREVIOUS} %}
    , ${r.visitsIf(`NOT (${current})`)} AS prev_visits
    , ${r.hitsIf(`NOT (${current})`)} AS prev_hits
    {% end %}
FROM ${r.from}
WHERE ${inPeriod(r.time, WITH_PREVIOUS)} ${tenantAndDomain()} ${readingConditions(r, WITH_PREVIOUS)}
GROUP BY dimension
HAVING current_hits > 0`;
  };
  const readings = [...options.views, pageViewsView];
  return defineEndpoint(options.name, withChecks({
    description: options.description,
    params: topParams,
    nodes: [
      node({
        name: "totals",
        sql: `${chooseReading(readings, totals)}`,
      }),
      rankedNode(options.name, dim),
    ],
    output: { ...stringColumns([dim]), ...currentCounts, ...previousCounts },
    tokens: dashboardToken,
  }));
}
