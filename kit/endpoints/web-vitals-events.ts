import { defineEndpoint, node, p, t } from "aviary/schema";
import { dashboardToken, periodParams, tenantParams } from "../sql/params.ts";
import { inPeriod } from "../sql/period.ts";
import { domainFilter, eventDomainFilter, stringParam, tenantFilter, TZ } from "../sql/template.ts";
import { vitalsSql } from "../sql/web-vitals.ts";
import { withChecks } from "../sql/checks.ts";

/**
 * The measurements themselves, newest first, each with its category, score, status and
 * the metric's units, description and thresholds. Days are `from_date`/`to_date` (the
 * public kit's names), both inclusive, in `tz`. `limit`/`skip` page the rows when given.
 */
export const webVitalsEvents = defineEndpoint("web_vitals_events", withChecks({
  description: "Parsed web vitals measurements with route, category (excellent/good/poor), score and status",
  params: {
    ...tenantParams,
    from_date: p.date().optional().describe("First day (YYYY-MM-DD) in `tz`, inclusive; default: 6 days before today (the last 7 days)"),
    to_date: p.date().optional().describe("Last day (YYYY-MM-DD) in `tz`, inclusive; default: today"),
    tz: periodParams.tz,
    metric: p.string().optional().describe("Only this metric (LCP, FCP, TTFB, INP, CLS)"),
    pathname: p.string().optional().describe("Only this pathname"),
    skip: p.int32().optional(0).describe("Rows to skip (with limit)"),
    limit: p.int32().optional().describe("At most this many rows; all when not given"),
  },
  nodes: [
    node({
      name: "web_vitals_events",
      sql: `SELECT
    toDateTime(timestamp, ${TZ}) AS timestamp,
    action, version, session_id, tenant_id, domain, metric_name, value, delta, pathname, href, route,
    performance_category, score, units, description, thresholds_text, status,
    rating, id, navigation_type
FROM
(
${vitalsSql(
  `AND ${inPeriod("timestamp", undefined, { from: "from_date", to: "to_date" })} ${tenantFilter()} ${eventDomainFilter()}`,
  `${domainFilter()}
   {% if defined(metric) %} AND metric_name = upper(${stringParam("metric")}) {% end %}
   {% if defined(pathname) %} AND pathname = ${stringParam("pathname")} {% end %}`,
)}
)
ORDER BY timestamp DESC, id ASC, metric_name ASC
{% if defined(limit) %} LIMIT {{Int32(skip, 0)}}, {{Int32(limit)}} {% end %}`,
    }),
  ],
  output: {
    timestamp: t.dateTime(),
    action: t.string(),
    version: t.string(),
    session_id: t.string(),
    tenant_id: t.string(),
    domain: t.string(),
    metric_name: t.string(),
    value: t.float64(),
    delta: t.float64(),
    pathname: t.string(),
    href: t.string(),
    route: t.string(),
    performance_category: t.string(),
    score: t.uint8(),
    units: t.string(),
    description: t.string(),
    thresholds_text: t.string(),
    status: t.string(),
    rating: t.string(),
    id: t.string(),
    navigation_type: t.string(),
  },
  tokens: dashboardToken,
}));
