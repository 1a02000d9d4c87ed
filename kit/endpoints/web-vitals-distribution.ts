import { defineEndpoint, node, t } from "aviary/schema";
import { dashboardToken, periodParams, previousPeriodParam, tenantParams } from "../sql/params.ts";
import { periodNode, periodValue } from "../sql/period.ts";
import { WITH_PREVIOUS, domainFilter, eventDomainFilter, tenantFilter } from "../sql/template.ts";
import { percentileColumns, vitalsSql } from "../sql/web-vitals.ts";

/** Per metric and category present in the period: measurements, share of the metric's measurements, percentiles. */
export const webVitalsDistribution = defineEndpoint("web_vitals_distribution", {
  description: "How each web vital's measurements split into excellent / good / poor",
  params: { ...tenantParams, ...periodParams, ...previousPeriodParam },
  nodes: [
    periodNode(),
    node({
      name: "period_vitals",
      sql: `%
${vitalsSql(`AND timestamp >= {% if ${WITH_PREVIOUS} %}${periodValue("previous_from")}{% else %}${periodValue("current_from")}{% end %} AND timestamp < ${periodValue("current_to")} ${tenantFilter()} ${eventDomainFilter()}`, domainFilter())}`,
    }),
    node({
      name: "category_stats",
      sql: `
SELECT
    metric AS metric_name,
    category AS category_name,
    countIf(timestamp >= ${periodValue("current_from")}) AS current_count,
    countIf(timestamp < ${periodValue("current_from")}) AS prev_count,
    current_count / sum(current_count) OVER (PARTITION BY metric_name) AS current_share,
    if(sum(prev_count) OVER (PARTITION BY metric_name) = 0, 0., prev_count / sum(prev_count) OVER (PARTITION BY metric_name)) AS prev_share,
    ${percentileColumns("value", "v_", `timestamp >= ${periodValue("current_from")}`)}
FROM period_vitals
GROUP BY metric_name, category_name`,
    }),
    node({
      name: "web_vitals_distribution",
      sql: `%
SELECT
    metric_name AS metric,
    category_name AS category,
    current_count AS count,
    current_share AS share,
    v_p75 AS p75, v_p90 AS p90, v_p95 AS p95, v_p99 AS p99
    {% if ${WITH_PREVIOUS} %},
    prev_count AS previous_count,
    prev_share AS previous_share
    {% end %}
FROM category_stats
WHERE current_count > 0
ORDER BY metric ASC, indexOf(['excellent', 'good', 'poor'], category) ASC`,
    }),
  ],
  output: {
    metric: t.string(),
    category: t.string(),
    count: t.uint64(),
    share: t.float64(),
    p75: t.float64(),
    p90: t.float64(),
    p95: t.float64(),
    p99: t.float64(),
    previous_count: t.uint64().optional(),
    previous_share: t.float64().optional(),
  },
  tokens: dashboardToken,
});
