import { defineEndpoint, node, p, t } from "aviary/schema";
import { combinedParam, dashboardToken, periodParams, tenantParams } from "../sql/params.ts";
import { inPeriod } from "../sql/period.ts";
import { domainFilter, eventDomainFilter, stringParam, tenantFilter, TZ } from "../sql/template.ts";
import { percentileColumns, siteKey, vitalsSql } from "../sql/web-vitals.ts";
import { withChecks } from "../sql/checks.ts";

/**
 * Hourly percentiles per metric, tenant and domain (hours in `tz`); an hour with fewer
 * than 5 measurements of a metric is left out, as its percentiles would say little.
 */
export const webVitalsTimeseries = defineEndpoint("web_vitals_timeseries", withChecks({
  description: "Hourly p75/p90/p95/p99 per web vital",
  params: {
    ...tenantParams,
    ...periodParams,
    metric: p.string().optional().describe("Only this metric (LCP, FCP, TTFB, INP, CLS)"),
    ...combinedParam,
  },
  nodes: [
    node({
      name: "series_vitals",
      sql: `${vitalsSql(
  `AND ${inPeriod("timestamp", undefined)} ${tenantFilter()} ${eventDomainFilter()}`,
  `${domainFilter()} {% if defined(metric) %} AND metric_name = upper(${stringParam("metric")}) {% end %}`,
)}`,
    }),
    node({
      name: "hourly_stats",
      sql: `SELECT
    toStartOfHour(timestamp, ${TZ}) AS hour_start,
    metric_name AS metric,
    ${siteKey("tenant_id")} AS site_tenant,
    ${siteKey("domain")} AS site_domain,
    count() AS measured,
    ${percentileColumns("value", "v_")}
FROM series_vitals
GROUP BY hour_start, metric, site_tenant, site_domain
HAVING measured >= 5`,
    }),
    node({
      name: "web_vitals_timeseries",
      sql: `
SELECT
    hour_start AS hour,
    metric AS metric_name,
    v_p75 AS p75, v_p90 AS p90, v_p95 AS p95, v_p99 AS p99,
    measured AS measurements,
    site_domain AS domain,
    site_tenant AS tenant_id
FROM hourly_stats
ORDER BY hour ASC, metric_name ASC, tenant_id ASC, domain ASC`,
    }),
  ],
  output: {
    hour: t.dateTime(),
    metric_name: t.string(),
    p75: t.float64(),
    p90: t.float64(),
    p95: t.float64(),
    p99: t.float64(),
    measurements: t.uint64(),
    domain: t.string(),
    tenant_id: t.string(),
  },
  tokens: dashboardToken,
}));
