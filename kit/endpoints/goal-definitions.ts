import { defineEndpoint, node, t } from "aviary/schema";
import { dashboardToken, tenantParams } from "../sql/params.ts";
import { GOAL_COLUMNS, goalVersionsNode } from "../sql/goals.ts";
import { withChecks } from "../sql/checks.ts";

/**
 * The goals as they are now (deleted ones left out), with how many versions each has had
 * and when the current one was written: what the dashboard's goal editor lists.
 */
export const goalDefinitions = defineEndpoint("goal_definitions", withChecks({
  description: "Current goals per domain: name, kind (event or page), what they match, revenue property and currency, versions",
  params: tenantParams,
  nodes: [
    goalVersionsNode(),
    node({
      name: "goal_definitions",
      sql: `
SELECT
    domain, goal_id,
    argMax(name, valid_to) AS name,
    argMax(kind, valid_to) AS kind,
    argMax(match, valid_to) AS match,
    argMax(revenue_property, valid_to) AS revenue_property,
    argMax(currency, valid_to) AS currency,
    count() AS versions,
    max(updated_at) AS updated_at
FROM goal_versions
GROUP BY tenant_id, domain, goal_id
ORDER BY domain ASC, name ASC, goal_id ASC`,
    }),
  ],
  output: {
    ...GOAL_COLUMNS,
    revenue_property: t.string(),
    currency: t.string(),
    versions: t.uint64(),
    updated_at: t.dateTime64(3),
  },
  tokens: dashboardToken,
}));
