import { defineEndpoint, node, t } from "aviary/schema";
import { withChecks } from "../sql/checks.ts";
import { engagementsSql } from "../sql/engagement.ts";
import { visitsInScopeNode } from "../sql/goal-scope.ts";
import { roundHalfUp } from "../sql/literal.ts";
import { dashboardToken } from "../sql/params.ts";
import { WITH_PREVIOUS, paging } from "../sql/template.ts";
import { topParams } from "../sql/top.ts";

/** Averages over a period's page views (`cond`), one decimal: scroll depth in %, time on page in seconds. */
const averages = (cond: string, prefix: string) => `
    ${roundHalfUp(`avgIf(scroll_depth, ${cond})`, 1)} AS ${prefix}scroll_depth,
    ${roundHalfUp(`avgIf(engaged_ms, ${cond}) / 1000`, 1)} AS ${prefix}time_on_page`;

/**
 * Per pathname, over the page views that sent an engagement (data-engagement="true"):
 * visitors (sessions), scroll_depth (the average of each view's deepest scroll, %) and
 * time_on_page (the average engaged time per view, seconds). Values are bounded as
 * kit/sql/engagement.ts says; filters and the bot rule apply to the views' sessions.
 */
export const pageEngagement = defineEndpoint("page_engagement", withChecks({
  description: "Engagement per page: visitors, average scroll depth (%) and average engaged time on page (s)",
  params: topParams,
  nodes: [
    visitsInScopeNode(),
    node({
      name: "page_totals",
      sql: `SELECT
    pathname,
    uniqExactIf(session_id, current) AS current_visitors,
    ${averages("current", "current_")}
    {% if ${WITH_PREVIOUS} %}
    , uniqExactIf(session_id, NOT current) AS prev_visitors,
    ${averages("NOT current", "prev_")}
    {% end %}
FROM (${engagementsSql()})
GROUP BY pathname
HAVING current_visitors > 0`,
    }),
    node({
      name: "page_engagement",
      sql: `SELECT
    pathname,
    current_visitors AS visitors,
    current_scroll_depth AS scroll_depth,
    current_time_on_page AS time_on_page
    {% if ${WITH_PREVIOUS} %}
    , prev_visitors AS previous_visitors
    , if(prev_visitors = 0, NULL, prev_scroll_depth) AS previous_scroll_depth
    , if(prev_visitors = 0, NULL, prev_time_on_page) AS previous_time_on_page
    {% end %}
FROM page_totals
ORDER BY visitors DESC, pathname ASC
${paging()}`,
    }),
  ],
  output: {
    pathname: t.string(),
    visitors: t.uint64(),
    scroll_depth: t.float64(),
    time_on_page: t.float64(),
    previous_visitors: t.uint64().optional(),
    previous_scroll_depth: t.float64().nullable().optional(),
    previous_time_on_page: t.float64().nullable().optional(),
  },
  tokens: dashboardToken,
}));
