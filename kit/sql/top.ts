/**
 * The `top_*` endpoints share one shape: a dimension, visits (distinct sessions) and hits
 * over the period, ordered by visits, with optional previous-period columns. One scan
 * covers both periods; `-MergeIf` splits the states by bucket. Filters pick the reading
 * (see filters.ts); raw page views answer any combination the views cannot.
 */
import { defineEndpoint, node, t } from "aviary/schema";
import { type Reading, chooseReading, filterConditions, filterParams, rawHits } from "./filters.ts";
import { periodNode, periodValue, inPeriod } from "./period.ts";
import { dashboardToken, pagingParams, periodParams, previousPeriodParam, tenantParams } from "./params.ts";
import { WITH_PREVIOUS, growth, paging, tenantAndDomain } from "./template.ts";
import { withChecks } from "./checks.ts";

export interface TopOptions<D extends string> {
  readonly name: string;
  readonly description: string;
  /** Views to read, preferred first (the first without filters); raw page views come last. */
  readonly views: readonly Reading[];
  /** Only page views from another site count (internal links are not sources). */
  readonly sourcesOnly?: boolean;
  /** Output column name of the dimension. */
  readonly dimension: D;
  /** SQL for the dimension over any of the readings (views and raw page views share the column names). */
  readonly dimensionSql: string;
}

/** `{ [dimension]: String }`, typed by the literal name: a computed key alone widens to an index signature, losing every column's type. */
function dimensionColumn<D extends string>(dimension: D) {
  return { [dimension]: t.string() } as { [K in D]: ReturnType<typeof t.string> };
}

export function defineTopEndpoint<D extends string>(options: TopOptions<D>) {
  const dim = options.dimension;
  const totals = (r: Reading) => {
    const current = `${r.time} >= ${periodValue("current_from")}`;
    return `SELECT
    ${options.dimensionSql} AS dimension,
    ${r.visitsIf(current)} AS current_visits,
    ${r.hitsIf(current)} AS current_hits
    {% if ${WITH_PREVIOUS} %}
    , ${r.visitsIf(`NOT (${current})`)} AS prev_visits
    , ${r.hitsIf(`NOT (${current})`)} AS prev_hits
    {% end %}
FROM ${r.from}
WHERE ${inPeriod(r.time, WITH_PREVIOUS)} ${tenantAndDomain()} ${filterConditions(r.filters)}
GROUP BY dimension
HAVING current_hits > 0`;
  };
  const readings = [...options.views, rawHits(WITH_PREVIOUS, options.sourcesOnly)];
  return defineEndpoint(options.name, withChecks({
    description: options.description,
    params: { ...tenantParams, ...periodParams, ...previousPeriodParam, ...pagingParams, ...filterParams },
    nodes: [
      periodNode(),
      node({
        name: "totals",
        sql: `%
${chooseReading(readings, totals)}`,
      }),
      node({
        name: options.name,
        sql: `%
SELECT
    dimension AS ${dim},
    current_visits AS visits,
    current_hits AS hits
    {% if ${WITH_PREVIOUS} %}
    , prev_visits AS previous_visits
    , prev_hits AS previous_hits
    , ${growth("current_visits", "prev_visits")} AS visits_growth_percentage
    , ${growth("current_hits", "prev_hits")} AS hits_growth_percentage
    {% end %}
FROM totals
ORDER BY visits DESC, hits DESC, ${dim} ASC
${paging()}`,
      }),
    ],
    output: {
      ...dimensionColumn(dim),
      visits: t.uint64(),
      hits: t.uint64(),
      previous_visits: t.uint64().optional(),
      previous_hits: t.uint64().optional(),
      visits_growth_percentage: t.float64().optional(),
      hits_growth_percentage: t.float64().optional(),
    },
    tokens: dashboardToken,
  }));
}
