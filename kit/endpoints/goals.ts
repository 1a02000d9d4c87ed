import { defineEndpoint, node, t } from "aviary/schema";
import { withChecks } from "../sql/checks.ts";
import { filterParams } from "../sql/filters.ts";
import { goalConversionsNode, visitsInScopeNode } from "../sql/goal-scope.ts";
import { GOAL_COLUMNS, goalVersionsNode } from "../sql/goals.ts";
import { roundHalfUp } from "../sql/literal.ts";
import { LEAN_PLANNING } from "../sql/planning.ts";
import { dashboardToken, pagingParams, periodParams, previousPeriodParam, tenantParams } from "../sql/params.ts";
import { WITH_PREVIOUS, growth, paging } from "../sql/template.ts";

const COUNTS = ["uniques", "total", "revenue"] as const;

/**
 * Per current goal, over the period: uniques (visits that converted), total (converting
 * events), conversion_rate (uniques ÷ the domain's visits in scope) and revenue. Only the
 * visits in scope convert (goal-scope.ts): filters and the bot rule restrict goals as they
 * restrict visits. Every current goal is listed, converted or not.
 */
export const goals = defineEndpoint("goals", withChecks({
  description: "Conversions per goal: unique visits, events, conversion rate and revenue, with the previous period",
  params: { ...tenantParams, ...periodParams, ...previousPeriodParam, ...pagingParams, ...filterParams },
  nodes: [
    goalVersionsNode(),
    visitsInScopeNode(),
    goalConversionsNode(),
    node({
      name: "goal_totals",
      sql: `SELECT
    domain, goal_id,
    uniqExactIf(session_id, current) AS current_uniques,
    countIf(current) AS current_total,
    ${roundHalfUp("sumIf(revenue, current)", 2)} AS current_revenue
    {% if ${WITH_PREVIOUS} %}
    , uniqExactIf(session_id, NOT current) AS prev_uniques
    , countIf(NOT current) AS prev_total
    , ${roundHalfUp("sumIf(revenue, NOT current)", 2)} AS prev_revenue
    {% end %}
FROM goal_conversions
GROUP BY domain, goal_id`,
    }),
    node({
      name: "domain_visitors",
      sql: `
SELECT session_domain AS domain, countIf(current) AS current_visitors, countIf(NOT current) AS prev_visitors
FROM visits_in_scope
GROUP BY domain`,
    }),
    node({
      name: "goals",
      sql: `SELECT
    g.domain AS domain, g.goal_id AS goal_id, g.name AS name, g.kind AS kind, g.match AS match,
    t.current_uniques AS uniques,
    t.current_total AS total,
    if(v.current_visitors = 0, 0., t.current_uniques / v.current_visitors) AS conversion_rate,
    t.current_revenue AS revenue,
    g.currency AS currency,
    v.current_visitors AS visitors
    {% if ${WITH_PREVIOUS} %}
    , t.prev_uniques AS previous_uniques
    , t.prev_total AS previous_total
    , if(v.prev_visitors = 0, 0., t.prev_uniques / v.prev_visitors) AS previous_conversion_rate
    , t.prev_revenue AS previous_revenue
    , v.prev_visitors AS previous_visitors
    ${COUNTS.map((c) => `, ${growth(`t.current_${c}`, `t.prev_${c}`)} AS ${c}_growth_percentage`).join("\n    ")}
    {% end %}
FROM (SELECT * FROM goal_versions WHERE is_current) AS g
LEFT JOIN goal_totals AS t ON t.domain = g.domain AND t.goal_id = g.goal_id
LEFT JOIN domain_visitors AS v ON v.domain = g.domain
ORDER BY uniques DESC, total DESC, name ASC, goal_id ASC, domain ASC
${paging()}`,
    }),
  ],
  output: {
    ...GOAL_COLUMNS,
    uniques: t.uint64(),
    total: t.uint64(),
    conversion_rate: t.float64(),
    revenue: t.float64(),
    currency: t.string(),
    visitors: t.uint64(),
    previous_uniques: t.uint64().optional(),
    previous_total: t.uint64().optional(),
    previous_conversion_rate: t.float64().optional(),
    previous_revenue: t.float64().optional(),
    previous_visitors: t.uint64().optional(),
    uniques_growth_percentage: t.float64().optional(),
    total_growth_percentage: t.float64().optional(),
    revenue_growth_percentage: t.float64().optional(),
  },
  tokens: dashboardToken,
  settings: LEAN_PLANNING,
}));
