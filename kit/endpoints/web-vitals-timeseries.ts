import { defineEndpoint, node, p, t } from "aviary/schema";
import { dashboardToken, periodParams, tenantParams } from "../sql/params.ts";
import { periodNode, periodValue } from "../sql/period.ts";
import { TZ, domainFilter, eventDomainFilter, tenantFilter } from "../sql/template.ts";
import { percentileColumns, vitalsSql } from "../sql/web-vitals.ts";

/** Hourly percentiles per metric (hours in `tz`); hours with fewer than 5 measurements of a metric are left out. */
export const webVitalsTimeseries = defineEndpoint("web_vitals_timeseries", {
  description: "Hourly p75/p90/p95/p99 per web vital",
  params: { ...tenantParams, ...periodParams, metric: p.string().optional().describe("Only this metric (LCP, FCP, TTFB, INP, CLS)") },
  nodes: [
    periodNode(),
    node({
      name: "series_vitals",
      sql: `%
${vitalsSql(
  `AND timestamp >= ${periodValue("current_from")} AND timestamp < ${periodValue("current_to")} ${tenantFilter()} ${eventDomainFilter()}`,
  `${domainFilter()} {% if defined(metric) %} AND metric = upper({{String(metric)}}) {% end %}`,
)}`,
    }),
    node({
      name: "web_vitals_timeseries",
      sql: `%
SELECT
    toStartOfHour(timestamp, ${TZ}) AS t,
    metric,
    count() AS measurements,
    ${percentileColumns("value")}
FROM series_vitals
GROUP BY t, metric
HAVING measurements >= 5
ORDER BY t ASC, metric ASC`,
    }),
  ],
  output: {
    t: t.dateTime(),
    metric: t.string(),
    measurements: t.uint64(),
    p75: t.float64(),
    p90: t.float64(),
    p95: t.float64(),
    p99: t.float64(),
  },
  tokens: dashboardToken,
});
