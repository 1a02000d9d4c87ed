import { defineEndpoint, node, t } from "aviary/schema";
import { dashboardToken, tenantParams } from "../sql/params.ts";
import { botCondition, filterParams } from "../sql/filters.ts";
import { withChecks } from "../sql/checks.ts";

/** The seed's example, read from the sessions view, with exact counting, bots left out, and an output for typed clients. */
export const currentVisitors = defineEndpoint("current_visitors", withChecks({
  description: "Distinct sessions with a page view in the last 5 minutes",
  nodes: [
    node({
      // A session has a page view in the last 5 minutes iff one of its rows' latest hit does
      // (the rows of merged and unmerged parts alike): exact, from the sessions view.
      sql: `
SELECT uniqExact(session_id) AS visits
FROM analytics_sessions_mv
WHERE date >= toStartOfFifteenMinutes(now() - interval 5 minute)
AND latest_hit >= (now() - interval 5 minute)
{% if defined(tenant_id) %}
AND tenant_id = {{ sql_unescape(String(tenant_id, description="Filter by tenant ID"), '%') }}
{% end %}
{% if defined(domain) %}
AND domain = {{ sql_unescape(String(domain, description="Filter by domain"), '%') }}
{% end %}
${botCondition()}
`,
    }),
  ],
  params: { ...tenantParams, include_bots: filterParams.include_bots },
  output: { visits: t.uint64() },
  tokens: dashboardToken,
}));
