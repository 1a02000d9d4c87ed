import { defineEndpoint, node, p, t } from "aviary/schema";
import { roundHalfUp } from "../sql/literal.ts";
import { combinedParam, dashboardToken, recentOrPeriodParams, tenantParams } from "../sql/params.ts";
import { domainFilter, eventDomainFilter, paging, stringParam, tenantFilter } from "../sql/template.ts";
import { METRIC_UNITS } from "../sql/vital-metrics.ts";
import { recentOrPeriod, siteKey, vitalsSql } from "../sql/web-vitals.ts";
import { withChecks } from "../sql/checks.ts";

/** Output order of the public kit: averages, then scores, each LCP, TTFB, FCP, INP, CLS. */
const COLUMNS = ["LCP", "TTFB", "FCP", "INP", "CLS"].map((m) => [m, m.toLowerCase()] as const);
const PATHNAMES = "analysis_type == 'pathnames'";

/**
 * Per route (first path segment, `blog`) or, with `analysis_type=pathnames`, per
 * pathname, and per tenant and domain: each metric's average and score (the mean of its
 * measurements' 100 / 75 / 25, one decimal) and the overall score, the mean of the metric
 * scores (averaged in whole tenths, so that a mean such as 85.45 rounds the same in any
 * summation order). A metric counts on a path from 3 measurements (null below); a path
 * without any such metric is left out. Ordered by overall score, `sort_order` asc (worst
 * first) or desc.
 */
export const webVitalsRoutes = defineEndpoint("web_vitals_routes", withChecks({
  description: "Web vitals per route or pathname: average and score per metric and an overall score",
  params: {
    ...tenantParams,
    ...recentOrPeriodParams,
    analysis_type: p.string().optional("routes").describe("routes: by first path segment; pathnames: by full pathname"),
    route: p.string().optional().describe("Only this route (first path segment without its slash, e.g. blog)"),
    sort_order: p.string().optional("asc").describe("asc: worst overall score first; desc: best first"),
    skip: p.int32().optional(0).describe("Rows to skip"),
    limit: p.int32().optional(10).describe("Rows to return"),
    ...combinedParam,
  },
  nodes: [
    node({
      name: "route_vitals",
      sql: `${vitalsSql(`AND ${recentOrPeriod()} ${tenantFilter()} ${eventDomainFilter()}`, `${domainFilter()} {% if defined(route) %} AND route = ${stringParam("route")} {% end %}`)}`,
    }),
    node({
      name: "path_metric_stats",
      sql: `SELECT
    ${siteKey("tenant_id")} AS site_tenant,
    ${siteKey("domain")} AS site_domain,
    {% if ${PATHNAMES} %}pathname{% else %}route{% end %} AS path_key,
    any(route) AS path_route,
    metric_name AS metric,
    count() AS measured,
    avg(value) AS average,
    ${roundHalfUp("avg(score)", 1)} AS metric_score
FROM route_vitals
WHERE path_key != ''
GROUP BY site_tenant, site_domain, path_key, metric
HAVING measured >= 3`,
    }),
    node({
      name: "path_stats",
      sql: `
SELECT
    site_tenant, site_domain, path_key,
    any(path_route) AS key_route,
    sum(measured) AS measured_total,
    ${COLUMNS.map(([m, c]) => `if(countIf(metric = '${m}') = 0, NULL, anyIf(average, metric = '${m}')) AS ${c}_average,
    if(countIf(metric = '${m}') = 0, NULL, anyIf(metric_score, metric = '${m}')) AS ${c}_metric_score`).join(",\n    ")},
    floor(avg(round(metric_score * 10)) + 0.5) / 10 AS overall
FROM path_metric_stats
GROUP BY site_tenant, site_domain, path_key`,
    }),
    node({
      name: "web_vitals_routes",
      sql: `SELECT
    key_route AS route,
    overall AS overall_score,
    ${COLUMNS.map(([, c]) => `${c}_average AS ${c}_avg`).join(", ")},
    ${COLUMNS.map(([, c]) => `${c}_metric_score AS ${c}_score`).join(", ")},
    '${METRIC_UNITS}' AS metric_units,
    site_domain AS domain,
    {% if ${PATHNAMES} %}'pathnames'{% else %}'routes'{% end %} AS analysis_type,
    measured_total AS measurements,
    site_tenant AS tenant_id
    {% if ${PATHNAMES} %}, path_key AS pathname, path_key AS full_pathname, key_route AS route_part{% end %}
FROM path_stats
ORDER BY overall_score {% if sort_order == 'desc' %}DESC{% else %}ASC{% end %}, measurements DESC, path_key ASC, tenant_id ASC, domain ASC
${paging(10)}`,
    }),
  ],
  output: {
    route: t.string(),
    overall_score: t.float64(),
    lcp_avg: t.float64().nullable(),
    ttfb_avg: t.float64().nullable(),
    fcp_avg: t.float64().nullable(),
    inp_avg: t.float64().nullable(),
    cls_avg: t.float64().nullable(),
    lcp_score: t.float64().nullable(),
    ttfb_score: t.float64().nullable(),
    fcp_score: t.float64().nullable(),
    inp_score: t.float64().nullable(),
    cls_score: t.float64().nullable(),
    metric_units: t.string(),
    domain: t.string(),
    analysis_type: t.string(),
    measurements: t.uint64(),
    tenant_id: t.string(),
    pathname: t.string().optional(),
    full_pathname: t.string().optional(),
    route_part: t.string().optional(),
  },
  tokens: dashboardToken,
}));
