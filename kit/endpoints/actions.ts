import { defineEndpoint, node, p, t } from "aviary/schema";
import { dashboardToken, tenantParams } from "../sql/params.ts";
import { tenantAndDomain } from "../sql/template.ts";
import { withChecks } from "../sql/checks.ts";

/**
 * The seed's "List All Actions for a Tenant": every tracked action (page_hit, web_vital,
 * custom events), most frequent first; `last_seen` a DateTime in UTC, as in `domains`.
 */
export const actions = defineEndpoint("actions", withChecks({
  description: "Actions tracked per domain: last payload, last seen and total occurrences, most frequent first",
  params: {
    ...tenantParams,
    action_filter: p.string().optional().describe("Only actions matching this LIKE pattern (e.g. click%)"),
  },
  nodes: [
    node({
      name: "action_totals",
      sql: `SELECT
    domain AS domain_name,
    action AS action_name,
    argMaxMerge(last_payload) AS payload,
    max(last_seen) AS seen,
    countMerge(total_occurrences) AS occurrences
FROM tenant_actions_mv
WHERE 1 ${tenantAndDomain()}
{% if defined(action_filter) %} AND action LIKE {{sql_unescape(String(action_filter), '%')}} {% end %}
GROUP BY domain_name, action_name`,
    }),
    node({
      name: "actions",
      sql: `
SELECT
    domain_name AS domain,
    action_name AS action,
    payload AS last_payload,
    toDateTime(seen, 'UTC') AS last_seen,
    occurrences AS total_occurrences
FROM action_totals
ORDER BY total_occurrences DESC, domain ASC, action ASC`,
    }),
  ],
  output: { domain: t.string(), action: t.string(), last_payload: t.string(), last_seen: t.dateTime(), total_occurrences: t.uint64() },
  tokens: dashboardToken,
}));
