import { defineMaterializedView, node } from "aviary/schema";
import { tenantActionsMv } from "../datasources/tenant-actions-mv.ts";
import { domainSql } from "../sql/hits.ts";

/** All actions, not only page views, so it reads the landing table rather than analytics_hits. */
export const tenantActions = defineMaterializedView("tenant_actions", {
  description: "Fills tenant_actions_mv from every inserted event",
  datasource: tenantActionsMv,
  nodes: [
    node({
      name: "actions_per_tenant",
      sql: `
SELECT
    tenant_id,
    ${domainSql("event_domain", "JSONExtractString(payload, 'href')", "JSONExtractString(payload, 'domain')")} AS domain,
    action,
    argMaxState(payload, timestamp) AS last_payload,
    maxSimpleState(timestamp) AS last_seen,
    countState() AS total_occurrences
FROM (SELECT tenant_id, domain AS event_domain, action, payload, timestamp FROM analytics_events)
GROUP BY tenant_id, domain, action`,
    }),
  ],
});
