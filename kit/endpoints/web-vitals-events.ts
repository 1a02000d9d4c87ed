import { defineEndpoint, node, p, t } from "aviary/schema";
import { dashboardToken, periodParams, tenantParams } from "../sql/params.ts";
import { periodNode, periodValue } from "../sql/period.ts";
import { TZ, domainFilter, eventDomainFilter, paging, tenantFilter } from "../sql/template.ts";
import { vitalsSql } from "../sql/web-vitals.ts";

/** The measurements themselves, newest first, each with its category and score. */
export const webVitalsEvents = defineEndpoint("web_vitals_events", {
  description: "Parsed web vitals measurements with category (excellent/good/poor) and score",
  params: {
    ...tenantParams,
    ...periodParams,
    metric: p.string().optional().describe("Only this metric (LCP, FCP, TTFB, INP, CLS)"),
    pathname: p.string().optional().describe("Only this pathname"),
    skip: p.int32().optional(0).describe("Rows to skip"),
    limit: p.int32().optional(100).describe("Rows to return"),
  },
  nodes: [
    periodNode(),
    node({
      name: "web_vitals_events",
      sql: `%
SELECT
    toDateTime(timestamp, ${TZ}) AS timestamp,
    session_id, tenant_id, domain, metric, value, delta, rating, id, navigation_type, pathname, href, category, score
FROM
(
${vitalsSql(
  `AND timestamp >= ${periodValue("current_from")} AND timestamp < ${periodValue("current_to")} ${tenantFilter()} ${eventDomainFilter()}`,
  `${domainFilter()}
   {% if defined(metric) %} AND metric = upper({{String(metric)}}) {% end %}
   {% if defined(pathname) %} AND pathname = {{String(pathname)}} {% end %}`,
)}
)
ORDER BY timestamp DESC, id ASC, metric ASC
${paging(100)}`,
    }),
  ],
  output: {
    timestamp: t.dateTime(),
    session_id: t.string(),
    tenant_id: t.string(),
    domain: t.string(),
    metric: t.string(),
    value: t.float64(),
    delta: t.float64(),
    rating: t.string(),
    id: t.string(),
    navigation_type: t.string(),
    pathname: t.string(),
    href: t.string(),
    category: t.string(),
    score: t.uint8(),
  },
  tokens: dashboardToken,
});
