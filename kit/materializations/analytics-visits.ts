import { defineMaterializedView, node } from "aviary/schema";
import { analyticsVisitsMv } from "../datasources/analytics-visits-mv.ts";
import { firstViewSql } from "../sql/landing.ts";

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
    minSimpleState(${firstViewSql()}) AS first_view,
    maxSimpleState(tuple(timestamp, pathname)) AS last_view
FROM analytics_hits
GROUP BY tenant_id, domain, date, session_id`,
    }),
  ],
});
