import { defineEndpoint, node, t } from "aviary/schema";
import { dashboardToken, tenantParams } from "../sql/params.ts";
import { currentFunnelsSql } from "../sql/funnels.ts";

/** The saved funnels as they are now: each one's latest version, deleted ones left out. */
export const funnelDefinitions = defineEndpoint("funnel_definitions", {
  description: "Saved funnels (current version of each; deleted ones left out), by domain and name",
  params: tenantParams,
  nodes: [
    node({
      name: "funnel_definitions",
      sql: `SELECT domain, funnel_id, name, steps, window_minutes, per, versions, last_updated_at AS updated_at
FROM (${currentFunnelsSql()})
WHERE deleted = 0
ORDER BY domain, name, funnel_id`,
    }),
  ],
  output: {
    domain: t.string(),
    funnel_id: t.string(),
    name: t.string(),
    steps: t.array(t.string()),
    window_minutes: t.uint32(),
    per: t.string(),
    versions: t.uint64(),
    updated_at: t.dateTime64(3),
  },
  tokens: dashboardToken,
});
