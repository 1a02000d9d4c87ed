import { defineMaterializedView, node } from "aviary/schema";
import { analyticsVisitsMv } from "../datasources/analytics-visits-mv.ts";
import { landingTupleSql, visitOrderSql } from "../sql/landing.ts";

/**
 * Of a session's page views in one insert, the first is the one with the earliest time, and
 * of two in the same second (a redirect) the one sent first: argMin keeps the first smallest
 * it meets, in the insert's order. The last is the one sent last among the latest: arrayLast
 * over them in that order (argMax would keep the first). Nothing here depends on other
 * tenants' rows of the insert: a place in the insert would count them.
 */
const FIRST_VIEW = `tupleConcat(tuple(${visitOrderSql("min(timestamp)")}), argMin(${landingTupleSql()}, timestamp))`;
const LAST_VIEW = `tuple(${visitOrderSql("max(timestamp)")}, arrayLast(v -> v.1 = max(timestamp), groupArray((timestamp, pathname))).2)`;

export const analyticsVisits = defineMaterializedView("analytics_visits", {
  description: "Fills analytics_visits_mv from every inserted page view",
  datasource: analyticsVisitsMv,
  nodes: [
    node({
      name: "visits_per_bucket",
      sql: `
SELECT
    tenant_id, domain, toStartOfFifteenMinutes(timestamp) AS date, session_id,
    anySimpleState(device) AS device,
    anySimpleState(browser) AS browser,
    anySimpleState(location) AS location,
    anySimpleState(os) AS os,
    anySimpleState(os_version) AS os_version,
    anySimpleState(screen) AS screen,
    anySimpleState(language) AS language,
    anySimpleState(region) AS region,
    anySimpleState(city) AS city,
    minSimpleState(timestamp) AS first_hit,
    maxSimpleState(timestamp) AS latest_hit,
    countState() AS hits,
    ${FIRST_VIEW} AS first_view,
    ${LAST_VIEW} AS last_view
FROM analytics_hits
GROUP BY tenant_id, domain, date, session_id`,
    }),
  ],
});
