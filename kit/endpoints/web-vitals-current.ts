import { defineEndpoint, node, p, t } from "aviary/schema";
import { dashboardToken, tenantParams } from "../sql/params.ts";
import { domainFilter, eventDomainFilter, tenantFilter } from "../sql/template.ts";
import { categorySql, percentileColumns, vitalsSql } from "../sql/web-vitals.ts";
import { roundHalfUp } from "../sql/literal.ts";

/** Per metric over the last `days` days; `status` is the category of the 75th percentile (as Core Web Vitals assess). */
export const webVitalsCurrent = defineEndpoint("web_vitals_current", {
  description: "Per web vital: average, percentiles, measurements, score (0–100) and status over the last days",
  params: { ...tenantParams, days: p.int32().optional(1).describe("How many days back from now") },
  nodes: [
    node({
      name: "recent_vitals",
      sql: `%
${vitalsSql(`AND timestamp >= now() - INTERVAL {{Int32(days, 1)}} DAY ${tenantFilter()} ${eventDomainFilter()}`, domainFilter())}`,
    }),
    node({
      name: "metric_stats",
      sql: `
SELECT
    metric AS metric_name,
    avg(value) AS average,
    ${percentileColumns("value", "v_")},
    count() AS measured,
    ${roundHalfUp("avg(score)", 1)} AS metric_score
FROM recent_vitals
GROUP BY metric_name`,
    }),
    node({
      name: "web_vitals_current",
      sql: `
SELECT
    metric_name AS metric, average AS avg, v_p75 AS p75, v_p90 AS p90, v_p95 AS p95, v_p99 AS p99,
    measured AS measurements, metric_score AS score, ${categorySql("metric_name", "v_p75")} AS status
FROM metric_stats
ORDER BY metric`,
    }),
  ],
  output: {
    metric: t.string(),
    avg: t.float64(),
    p75: t.float64(),
    p90: t.float64(),
    p95: t.float64(),
    p99: t.float64(),
    measurements: t.uint64(),
    score: t.float64(),
    status: t.string(),
  },
  tokens: dashboardToken,
});
