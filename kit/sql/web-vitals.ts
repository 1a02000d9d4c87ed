/**
 * Web vitals (`action = 'web_vital'`), parsed once for every vitals endpoint. Each
 * measurement gets a category by the kit's thresholds (excellent up to the first, good up
 * to the second, else poor) and a score: 100, 50 or 0. Zero is a valid value (CLS is
 * often exactly 0, INP can be): only missing, negative or non-finite values are dropped.
 */
import { domainSql } from "./hits.ts";
import { sqlString } from "./literal.ts";

/** Metric → [excellent up to, good up to]; milliseconds, CLS unitless. */
export const THRESHOLDS: Readonly<Record<string, readonly [number, number]>> = {
  LCP: [2500, 4000],
  TTFB: [800, 1800],
  FCP: [1800, 3000],
  INP: [200, 500],
  CLS: [0.1, 0.25],
};

export const METRICS = Object.keys(THRESHOLDS);
export const CATEGORIES = ["excellent", "good", "poor"] as const;
export const CATEGORY_SCORE: Readonly<Record<(typeof CATEGORIES)[number], number>> = { excellent: 100, good: 50, poor: 0 };

const metricList = `[${METRICS.map(sqlString).join(", ")}]`;

function threshold(metric: string, index: 0 | 1): string {
  return `transform(${metric}, ${metricList}, [${METRICS.map((m) => `${THRESHOLDS[m]![index]}`).join(", ")}], 0.)`;
}

export function categorySql(metric: string, value: string): string {
  return `multiIf(${value} <= ${threshold(metric, 0)}, 'excellent', ${value} <= ${threshold(metric, 1)}, 'good', 'poor')`;
}

export function scoreSql(category: string): string {
  return `multiIf(${category} = 'excellent', ${CATEGORY_SCORE.excellent}, ${category} = 'good', ${CATEGORY_SCORE.good}, ${CATEGORY_SCORE.poor})`;
}

const VITAL_TUPLE =
  "JSONExtract(payload, 'Tuple(name String, value Nullable(Float64), delta Nullable(Float64), rating String, id String, navigationType String, pathname String, href String, domain String)')";

/**
 * Parsed measurements; `eventFilter` (each condition starting with AND) applies to analytics_events.
 * It goes in PREWHERE, not WHERE: ClickHouse pushes the value check down beside it and would
 * parse the JSON of every row of the granules read (other tenants' too), which took more than
 * half of each web-vitals request at 10M events. Only endpoints use this; a materialized
 * view's source block could not take PREWHERE.
 */
export function vitalsSql(eventFilter: string, vitalFilter = ""): string {
  return `SELECT
    timestamp, session_id, tenant_id, domain, metric, value, delta, rating, id, navigation_type, pathname, href,
    ${categorySql("metric", "value")} AS category,
    ${scoreSql("category")} AS score
FROM
(
    SELECT
        timestamp, tenant_id,
        ifNull(event_session_id, '0') AS session_id,
        tupleElement(p, 'href') AS href,
        ${domainSql("event_domain", "href", "tupleElement(p, 'domain')")} AS domain,
        upper(tupleElement(p, 'name')) AS metric,
        assumeNotNull(tupleElement(p, 'value')) AS value,
        ifNull(tupleElement(p, 'delta'), 0) AS delta,
        tupleElement(p, 'rating') AS rating,
        tupleElement(p, 'id') AS id,
        tupleElement(p, 'navigationType') AS navigation_type,
        tupleElement(p, 'pathname') AS pathname
    FROM
    (
        SELECT timestamp, session_id AS event_session_id, tenant_id, domain AS event_domain, ${VITAL_TUPLE} AS p
        FROM analytics_events
        PREWHERE action = 'web_vital' ${eventFilter}
    )
    WHERE tupleElement(p, 'value') IS NOT NULL
)
WHERE metric IN ${metricList.replace("[", "(").replace(/\]$/, ")")} AND isFinite(value) AND value >= 0 ${vitalFilter}`;
}

/** `quantilesExactInclusive`: exact, linearly interpolated (as numpy's default and Excel's PERCENTILE.INC). */
export const PERCENTILES = [0.75, 0.9, 0.95, 0.99] as const;

export function percentileColumns(value: string, prefix = "", condition?: string): string {
  const q = condition
    ? `quantilesExactInclusiveIf(${PERCENTILES.join(", ")})(${value}, ${condition})`
    : `quantilesExactInclusive(${PERCENTILES.join(", ")})(${value})`;
  return PERCENTILES.map((level, i) => `${q}[${i + 1}] AS ${prefix}p${Math.round(level * 100)}`).join(",\n    ");
}
