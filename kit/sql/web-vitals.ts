/**
 * Web vitals (`action = 'web_vital'`), parsed once for every vitals endpoint, with the
 * columns of the public kit's `web_vitals_events`: category, score, status, units,
 * description and thresholds by metric (vital-metrics.ts). Zero is a valid value (CLS is
 * often exactly 0, INP can be); missing, negative, non-finite and implausibly large
 * values, and unknown metric names, are dropped before anything is aggregated.
 */
import { domainSql } from "./hits.ts";
import { periodValue } from "./period.ts";
import { categorySql, descriptionSql, METRIC_TUPLE, plausibleSql, scoreSql, statusSql, thresholdsSql, unitsSql } from "./vital-metrics.ts";

const VITAL_TUPLE =
  "JSONExtract(payload, 'Tuple(name String, value Nullable(Float64), delta Nullable(Float64), rating String, id String, navigationType String, pathname String, href String, domain String)')";

/** The route of a pathname: its first segment without the slash (`/blog/post` → `blog`), `/` for the root, '' without one. */
export function routeSql(pathname: string): string {
  return `if(${pathname} = '/', '/', extract(${pathname}, '^/([^/]*)'))`;
}

/**
 * Parsed measurements; `eventFilter` (each condition starting with AND) applies to analytics_events.
 * It goes in PREWHERE, not WHERE: ClickHouse pushes the value check down beside it and would
 * parse the JSON of every row of the granules read (other tenants' too), which took more than
 * half of each web-vitals request at 10M events. Only endpoints use this; a materialized
 * view's source block could not take PREWHERE.
 */
export function vitalsSql(eventFilter: string, vitalFilter = ""): string {
  return `SELECT
    timestamp, action, version, session_id, tenant_id, domain, metric_name, value, delta, pathname, href,
    ${routeSql("pathname")} AS route,
    ${categorySql("metric_name", "value")} AS performance_category,
    ${scoreSql("performance_category")} AS score,
    ${unitsSql("metric_name")} AS units,
    ${descriptionSql("metric_name")} AS description,
    ${thresholdsSql("metric_name")} AS thresholds_text,
    ${statusSql("performance_category")} AS status,
    rating, id, navigation_type
FROM
(
    SELECT
        timestamp, action, version, tenant_id,
        ifNull(event_session_id, '0') AS session_id,
        tupleElement(p, 'href') AS href,
        ${domainSql("event_domain", "href", "tupleElement(p, 'domain')")} AS domain,
        upper(tupleElement(p, 'name')) AS metric_name,
        assumeNotNull(tupleElement(p, 'value')) AS value,
        ifNull(tupleElement(p, 'delta'), 0) AS delta,
        tupleElement(p, 'rating') AS rating,
        tupleElement(p, 'id') AS id,
        tupleElement(p, 'navigationType') AS navigation_type,
        tupleElement(p, 'pathname') AS pathname
    FROM
    (
        SELECT timestamp, action, version, session_id AS event_session_id, tenant_id, domain AS event_domain, ${VITAL_TUPLE} AS p
        FROM analytics_events
        PREWHERE action = 'web_vital' ${eventFilter}
    )
    WHERE tupleElement(p, 'value') IS NOT NULL
)
WHERE metric_name IN ${METRIC_TUPLE} AND ${plausibleSql("metric_name", "value")} ${vitalFilter}`;
}

/**
 * `timestamp` in the last `days` days (the public kit's window), or in the period when
 * the request gives `date_from` or `date_to` (Aviary's: the dashboard's exact range).
 */
export function recentOrPeriod(column = "timestamp"): string {
  return `{% if defined(date_from) or defined(date_to) %}
    ${column} >= ${periodValue("current_from")} AND ${column} < ${periodValue("current_to")}
    {% else %}
    ${column} >= now() - INTERVAL {{Int32(days, 1)}} DAY
    {% end %}`;
}

/** Request values are raw strings: merging is on only for the exact text `true`. */
const COMBINED = "combined == 'true'";

/**
 * The tenant or domain a row is counted under. As the public kit, aggregates are per
 * tenant and domain; with `combined=true` everything in scope is one group, labelled with
 * the filter's value, or '' when the request does not filter on it.
 */
export function siteKey(column: "tenant_id" | "domain"): string {
  return `{% if ${COMBINED} and not defined(${column}) %}''{% else %}${column}{% end %}`;
}

/** `quantilesExactInclusive`: exact, linearly interpolated (as numpy's default and Excel's PERCENTILE.INC). */
export const PERCENTILES = [0.75, 0.9, 0.95, 0.99] as const;

export function percentileColumns(value: string, prefix = "", condition?: string): string {
  const q = condition
    ? `quantilesExactInclusiveIf(${PERCENTILES.join(", ")})(${value}, ${condition})`
    : `quantilesExactInclusive(${PERCENTILES.join(", ")})(${value})`;
  return PERCENTILES.map((level, i) => `${q}[${i + 1}] AS ${prefix}p${Math.round(level * 100)}`).join(",\n    ");
}
