import { defineMaterializedView, node } from "aviary/schema";
import { analyticsVisitsMv } from "../datasources/analytics-visits-mv.ts";
import { landingTupleSql, visitOrderSql } from "../sql/landing.ts";

/**
 * A page view's order: its time (seconds), then its place in its insert, as one number
 * (time · 2³² + place), so a report compares one plain column. Of two page views of a session
 * in the same second (a redirect), the one sent first is the entry and the one sent last the
 * exit, as the tracker sent them, rather than whichever sorts first.
 */
const ORDER = `bitOr(${visitOrderSql("timestamp")}, least(rowNumberInAllBlocks(), 4294967295))`;

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
    minSimpleState(tupleConcat(tuple(${ORDER}), ${landingTupleSql()})) AS first_view,
    maxSimpleState(tuple(${ORDER}, pathname)) AS last_view
FROM analytics_hits
GROUP BY tenant_id, domain, date, session_id`,
    }),
  ],
});
