import { defineMaterializedView, node } from "aviary/schema";
import { analyticsSessionsMv } from "../datasources/analytics-sessions-mv.ts";

export const analyticsSessions = defineMaterializedView("analytics_sessions", {
  description: "Fills analytics_sessions_mv from every inserted page view",
  datasource: analyticsSessionsMv,
  nodes: [
    node({
      name: "sessions_per_bucket",
      sql: `
SELECT
    tenant_id, domain, toStartOfFifteenMinutes(timestamp) AS date, session_id,
    anySimpleState(device) AS device,
    anySimpleState(browser) AS browser,
    anySimpleState(location) AS location,
    minSimpleState(timestamp) AS first_hit,
    maxSimpleState(timestamp) AS latest_hit,
    countState() AS hits
FROM analytics_hits
GROUP BY tenant_id, domain, date, session_id`,
    }),
  ],
});
