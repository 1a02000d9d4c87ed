import { defineMaterializedView, node } from "aviary/schema";
import { analyticsVisitsMv } from "../datasources/analytics-visits-mv.ts";
import { landingTupleSql } from "../sql/landing.ts";

export const analyticsVisits = defineMaterializedView("analytics_visits", {
  description: "Fills analytics_visits_mv from every inserted page view",
  datasource: analyticsVisitsMv,
  nodes: [
    node({
      name: "visits_per_bucket",
      sql: `
SELECT
    tenant_id, domain, toStartOfFifteenMinutes(timestamp) AS date, session_id,
    argMinState(${landingTupleSql()}, timestamp) AS landing,
    argMaxState(pathname, timestamp) AS last_page,
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
    countState() AS hits
FROM analytics_hits
GROUP BY tenant_id, domain, date, session_id`,
    }),
  ],
});
