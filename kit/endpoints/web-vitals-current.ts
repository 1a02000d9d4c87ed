import { defineEndpoint, node, t } from "aviary/schema";
import { combinedParam, dashboardToken, recentOrPeriodParams, tenantParams } from "../sql/params.ts";
import { domainFilter, eventDomainFilter, tenantFilter } from "../sql/template.ts";
import { categorySql, descriptionSql, scoreSql, statusSql, thresholdsSql, unitsSql } from "../sql/vital-metrics.ts";
import { percentileColumns, recentOrPeriod, siteKey, vitalsSql } from "../sql/web-vitals.ts";
import { withChecks } from "../sql/checks.ts";

/**
 * Per metric, tenant and domain over the last `days` days (or the period): average,
 * percentiles and measurements. `status` and `score` rate the 75th percentile, the value
 * Core Web Vitals assess (the public kit rates the average, which one slow outlier moves).
 */
export const webVitalsCurrent = defineEndpoint("web_vitals_current", withChecks({
  description: "Per web vital: average, p75/p90/p95/p99, measurements, and the p75's score and status, with units, description and thresholds",
  params: { ...tenantParams, ...recentOrPeriodParams, ...combinedParam },
  nodes: [
    node({
      name: "recent_vitals",
      sql: `${vitalsSql(`AND ${recentOrPeriod()} ${tenantFilter()} ${eventDomainFilter()}`, domainFilter())}`,
    }),
    node({
      name: "metric_stats",
      sql: `SELECT
    metric_name AS metric,
    ${siteKey("tenant_id")} AS site_tenant,
    ${siteKey("domain")} AS site_domain,
    avg(value) AS average,
    ${percentileColumns("value", "v_")},
    count() AS measured,
    ${categorySql("metric", "v_p75")} AS p75_category
FROM recent_vitals
GROUP BY metric, site_tenant, site_domain`,
    }),
    node({
      name: "web_vitals_current",
      sql: `
SELECT
    metric AS metric_name,
    average AS avg_value,
    v_p75 AS p75, v_p90 AS p90, v_p95 AS p95, v_p99 AS p99,
    measured AS measurements,
    ${scoreSql("p75_category")} AS score,
    ${statusSql("p75_category")} AS status,
    ${unitsSql("metric")} AS units,
    ${descriptionSql("metric")} AS description,
    ${thresholdsSql("metric")} AS thresholds,
    site_domain AS domain,
    site_tenant AS tenant_id
FROM metric_stats
ORDER BY metric_name ASC, tenant_id ASC, domain ASC`,
    }),
  ],
  output: {
    metric_name: t.string(),
    avg_value: t.float64(),
    p75: t.float64(),
    p90: t.float64(),
    p95: t.float64(),
    p99: t.float64(),
    measurements: t.uint64(),
    score: t.uint8(),
    status: t.string(),
    units: t.string(),
    description: t.string(),
    thresholds: t.string(),
    domain: t.string(),
    tenant_id: t.string(),
  },
  tokens: dashboardToken,
}));
