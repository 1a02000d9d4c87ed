/**
 * The `top_*` endpoints share one shape: a dimension, visits (distinct sessions) and hits
 * over the period, ordered by visits, with optional previous-period columns. One scan
 * covers both periods; `-MergeIf` splits the states by bucket.
 */
import { defineEndpoint, node, t } from "aviary/schema";
import { periodNode, periodValue, inPeriod } from "./period.ts";
import { dashboardToken, pagingParams, periodParams, previousPeriodParam, tenantParams } from "./params.ts";
import { WITH_PREVIOUS, growth, paging, tenantAndDomain } from "./template.ts";

export interface TopOptions<D extends string> {
  readonly name: string;
  readonly description: string;
  readonly table: string;
  /** Output column name of the dimension. */
  readonly dimension: D;
  /** SQL for the dimension over `table`. */
  readonly dimensionSql: string;
  /** Visits from the views' exact states, or by counting session rows of the sessions view. */
  readonly visits: "states" | "sessions";
}

/** `{ [dimension]: String }`, typed by the literal name: a computed key alone widens to an index signature, losing every column's type. */
function dimensionColumn<D extends string>(dimension: D) {
  return { [dimension]: t.string() } as { [K in D]: ReturnType<typeof t.string> };
}

export function defineTopEndpoint<D extends string>(options: TopOptions<D>) {
  const current = `date >= ${periodValue("current_from")}`;
  const visitsIf = (cond: string) => (options.visits === "states" ? `uniqExactMergeIf(visits, ${cond})` : `uniqExactIf(session_id, ${cond})`);
  const hitsIf = (cond: string) => `countMergeIf(hits, ${cond})`;
  const dim = options.dimension;
  return defineEndpoint(options.name, {
    description: options.description,
    params: { ...tenantParams, ...periodParams, ...previousPeriodParam, ...pagingParams },
    nodes: [
      periodNode(),
      node({
        name: "totals",
        sql: `%
SELECT
    ${options.dimensionSql} AS dimension,
    ${visitsIf(current)} AS current_visits,
    ${hitsIf(current)} AS current_hits
    {% if ${WITH_PREVIOUS} %}
    , ${visitsIf(`NOT (${current})`)} AS prev_visits
    , ${hitsIf(`NOT (${current})`)} AS prev_hits
    {% end %}
FROM ${options.table}
WHERE ${inPeriod("date", WITH_PREVIOUS)} ${tenantAndDomain()}
GROUP BY dimension
HAVING current_hits > 0`,
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
  });
}
