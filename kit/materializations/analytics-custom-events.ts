import { defineMaterializedView, node } from "aviary/schema";
import { analyticsCustomEventsMv } from "../datasources/analytics-custom-events-mv.ts";
import { BUILTIN_ACTIONS_SQL } from "../sql/goals.ts";
import { domainSql } from "../sql/hits.ts";

/** Reads the landing table: custom events are no page views, so analytics_hits never has them. */
export const analyticsCustomEvents = defineMaterializedView("analytics_custom_events", {
  description: "Fills analytics_custom_events_mv from every inserted custom event",
  datasource: analyticsCustomEventsMv,
  nodes: [
    node({
      name: "custom_events",
      sql: `
SELECT
    timestamp,
    ifNull(event_session_id, '0') AS session_id,
    tenant_id,
    ${domainSql("event_domain", "JSONExtractString(payload, 'href')", "JSONExtractString(payload, 'domain')")} AS domain,
    action,
    payload,
    visitor_id
FROM
(
    SELECT timestamp, session_id AS event_session_id, tenant_id, domain AS event_domain, action, payload, visitor_id
    FROM analytics_events
    WHERE action NOT IN (${BUILTIN_ACTIONS_SQL})
)`,
    }),
  ],
});
