import { defineEndpoint, node, p, t } from "aviary/schema";
import { dashboardToken, pagingParams, periodParams, tenantParams } from "../sql/params.ts";
import { periodNode, periodValue } from "../sql/period.ts";
import { domainFilter, eventDomainFilter, paging, tenantFilter } from "../sql/template.ts";
import { vitalsSql } from "../sql/web-vitals.ts";
import { roundHalfUp } from "../sql/literal.ts";

const METRIC_COLUMNS = [
  ["LCP", "lcp"],
  ["FCP", "fcp"],
  ["TTFB", "ttfb"],
  ["INP", "inp"],
  ["CLS", "cls"],
] as const;

/**
 * Per route (pathname) with at least 3 measurements: each metric's average and score
 * (null when the route has none of that metric) and an overall score, the mean of the
 * metric scores it has. Ordered by overall score, `sort_order` asc (worst first) or desc.
 */
export const webVitalsRoutes = defineEndpoint("web_vitals_routes", {
  description: "Web vitals per route: average and score per metric and an overall score",
  params: {
    ...tenantParams,
    ...periodParams,
    ...pagingParams,
    sort_order: p.string().optional("asc").describe("asc: worst overall score first; desc: best first"),
  },
  nodes: [
    periodNode(),
    node({
      name: "route_vitals",
      sql: `%
${vitalsSql(`AND timestamp >= ${periodValue("current_from")} AND timestamp < ${periodValue("current_to")} ${tenantFilter()} ${eventDomainFilter()}`, domainFilter())}`,
    }),
    node({
      name: "route_stats",
      sql: `
SELECT
    pathname AS route_name,
    count() AS measured,
    ${METRIC_COLUMNS.map(([m, c]) => `if(countIf(metric = '${m}') = 0, NULL, avgIf(value, metric = '${m}')) AS ${c}_average,
    if(countIf(metric = '${m}') = 0, NULL, ${roundHalfUp(`avgIf(score, metric = '${m}')`, 1)}) AS ${c}_metric_score`).join(",\n    ")}
FROM route_vitals
GROUP BY route_name
HAVING measured >= 3`,
    }),
    node({
      name: "web_vitals_routes",
      sql: `%
SELECT
    route_name AS route,
    measured AS measurements,
    ${METRIC_COLUMNS.map(([, c]) => `${c}_average AS ${c}_avg, ${c}_metric_score AS ${c}_score`).join(",\n    ")},
    ${roundHalfUp(`arrayAvg(arrayMap(x -> assumeNotNull(x), arrayFilter(x -> isNotNull(x), [${METRIC_COLUMNS.map(([, c]) => `${c}_metric_score`).join(", ")}])))`, 1)} AS overall_score
FROM route_stats
ORDER BY overall_score {% if sort_order == 'desc' %}DESC{% else %}ASC{% end %}, measurements DESC, route ASC
${paging()}`,
    }),
  ],
  output: {
    route: t.string(),
    measurements: t.uint64(),
    lcp_avg: t.float64().nullable(),
    lcp_score: t.float64().nullable(),
    fcp_avg: t.float64().nullable(),
    fcp_score: t.float64().nullable(),
    ttfb_avg: t.float64().nullable(),
    ttfb_score: t.float64().nullable(),
    inp_avg: t.float64().nullable(),
    inp_score: t.float64().nullable(),
    cls_avg: t.float64().nullable(),
    cls_score: t.float64().nullable(),
    overall_score: t.float64(),
  },
  tokens: dashboardToken,
});
