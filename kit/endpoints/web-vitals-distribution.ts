import { defineEndpoint, node, t } from "aviary/schema";
import { combinedParam, dashboardToken, periodParams, previousPeriodParam, tenantParams } from "../sql/params.ts";
import { inPeriod, isCurrent } from "../sql/period.ts";
import { roundHalfUp } from "../sql/literal.ts";
import { WITH_PREVIOUS, domainFilter, eventDomainFilter, growth, tenantFilter } from "../sql/template.ts";
import { CATEGORIES, descriptionSql, scoreSql, thresholdsSql, unitsSql } from "../sql/vital-metrics.ts";
import { PERCENTILES, percentileColumns, siteKey, vitalsSql } from "../sql/web-vitals.ts";
import { withChecks } from "../sql/checks.ts";

const PCT = PERCENTILES.map((l) => `p${Math.round(l * 100)}`);
const CURRENT = isCurrent("timestamp");

/** `count` as a percentage (0–100, one decimal) of `total`; 0 when there is none. */
const percentage = (count: string, total: string) => `if(${total} = 0, 0., ${roundHalfUp(`${count} * 100 / ${total}`, 1)})`;

/**
 * Per metric, tenant and domain, and per category present in the period: how many
 * measurements, their share of the metric's, average and percentiles. With the previous
 * period, the same for the same-length period just before and the growth of average and count.
 */
export const webVitalsDistribution = defineEndpoint("web_vitals_distribution", withChecks({
  description: "How each web vital's measurements split into excellent / good / poor, with the average and percentiles of each band",
  params: { ...tenantParams, ...periodParams, ...previousPeriodParam, ...combinedParam },
  nodes: [
    node({
      name: "period_vitals",
      sql: `${vitalsSql(`AND ${inPeriod("timestamp", WITH_PREVIOUS)} ${tenantFilter()} ${eventDomainFilter()}`, domainFilter())}`,
    }),
    node({
      name: "category_stats",
      sql: `SELECT
    metric_name AS metric,
    performance_category AS category,
    ${siteKey("tenant_id")} AS site_tenant,
    ${siteKey("domain")} AS site_domain,
    countIf(${CURRENT}) AS current_count,
    countIf(NOT (${CURRENT})) AS prev_count,
    sum(current_count) OVER (PARTITION BY metric, site_tenant, site_domain) AS current_total,
    sum(prev_count) OVER (PARTITION BY metric, site_tenant, site_domain) AS prev_total,
    avgIf(value, ${CURRENT}) AS current_avg,
    if(prev_count = 0, 0., avgIf(value, NOT (${CURRENT}))) AS prev_avg,
    ${percentileColumns("value", "v_", CURRENT)},
    ${percentileColumns("value", "raw_prev_", `NOT (${CURRENT})`)}
FROM period_vitals
GROUP BY metric, category, site_tenant, site_domain`,
    }),
    node({
      name: "web_vitals_distribution",
      sql: `SELECT
    metric AS metric_name,
    category AS performance_category,
    current_avg AS avg_value,
    ${PCT.map((p) => `v_${p} AS ${p}`).join(", ")},
    current_count AS measurement_count,
    ${percentage("current_count", "current_total")} AS percentage,
    current_total AS total_measurements,
    {% if ${WITH_PREVIOUS} %}
    prev_avg AS previous_avg_value,
    ${PCT.map((p) => `if(prev_count = 0, 0., raw_prev_${p}) AS previous_${p}`).join(", ")},
    prev_count AS previous_measurement_count,
    prev_total AS previous_total_measurements,
    ${percentage("prev_count", "prev_total")} AS previous_percentage,
    ${growth("current_avg", "prev_avg")} AS avg_value_growth_percentage,
    ${growth("current_count", "prev_count")} AS measurement_count_growth_percentage,
    {% end %}
    ${scoreSql("category")} AS score,
    ${unitsSql("metric")} AS units,
    ${thresholdsSql("metric")} AS thresholds,
    ${descriptionSql("metric")} AS description,
    site_domain AS domain,
    site_tenant AS tenant_id
FROM category_stats
WHERE current_count > 0
ORDER BY metric_name ASC, tenant_id ASC, domain ASC, indexOf([${CATEGORIES.map((c) => `'${c}'`).join(", ")}], performance_category) ASC`,
    }),
  ],
  output: {
    metric_name: t.string(),
    performance_category: t.string(),
    avg_value: t.float64(),
    p75: t.float64(),
    p90: t.float64(),
    p95: t.float64(),
    p99: t.float64(),
    measurement_count: t.uint64(),
    percentage: t.float64(),
    total_measurements: t.uint64(),
    previous_avg_value: t.float64().optional(),
    previous_p75: t.float64().optional(),
    previous_p90: t.float64().optional(),
    previous_p95: t.float64().optional(),
    previous_p99: t.float64().optional(),
    previous_measurement_count: t.uint64().optional(),
    previous_total_measurements: t.uint64().optional(),
    previous_percentage: t.float64().optional(),
    avg_value_growth_percentage: t.float64().optional(),
    measurement_count_growth_percentage: t.float64().optional(),
    score: t.uint8(),
    units: t.string(),
    thresholds: t.string(),
    description: t.string(),
    domain: t.string(),
    tenant_id: t.string(),
  },
  tokens: dashboardToken,
}));
