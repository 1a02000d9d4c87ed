import { defineEndpoint, node, t } from "aviary/schema";
import { type Reading, chooseReading, pagesView, pageViewsView, readingConditions } from "../sql/filters.ts";
import { inPeriod, isCurrent } from "../sql/period.ts";
import { dashboardToken } from "../sql/params.ts";
import { WITH_PREVIOUS, tenantAndDomain } from "../sql/template.ts";
import { currentCounts, previousCounts, rankedNode, topParams } from "../sql/top.ts";
import { visitTotalsSql } from "../sql/visit-top.ts";
import { withChecks } from "../sql/checks.ts";

/** Page views per page over the period, as top_pages counts them. */
function pageViews(r: Reading): string {
  const current = isCurrent(r.time);
  return `SELECT
    pathname AS dimension,
    ${r.hitsIf(current)} AS page_hits
    {% if ${WITH_PREVIOUS} %}, ${r.hitsIf(`NOT (${current})`)} AS prev_page_hits {% end %}
FROM ${r.from}
WHERE ${inPeriod(r.time, WITH_PREVIOUS)} ${tenantAndDomain()} ${readingConditions(r, WITH_PREVIOUS)}
GROUP BY dimension`;
}

/**
 * Pages visits ended on. `visits` are the visits that ended there, `hits` the page's page
 * views (as top_pages), `exit_rate` the share of its page views that ended a visit (0–1).
 */
export const topExitPages = defineEndpoint("top_exit_pages", withChecks({
  description: "Pages visits ended on: exits (visits), the page's page views (hits) and exit rate (0–1)",
  params: topParams,
  nodes: [
    node({ name: "exits", sql: `${visitTotalsSql("visit_exit_page", {}, {}, false)}` }),
    node({ name: "page_views", sql: `${chooseReading([pagesView, pageViewsView], pageViews)}` }),
    node({
      name: "totals",
      sql: `SELECT
    e.dimension AS dimension,
    e.current_visits AS current_visits,
    ifNull(v.page_hits, 0) AS current_hits,
    if(current_hits = 0, 0., least(1., current_visits / current_hits)) AS exit_rate
    {% if ${WITH_PREVIOUS} %}, e.prev_visits AS prev_visits, ifNull(v.prev_page_hits, 0) AS prev_hits {% end %}
FROM exits AS e
LEFT JOIN page_views AS v ON v.dimension = e.dimension`,
    }),
    rankedNode("top_exit_pages", "exit_page", ["exit_rate"]),
  ],
  output: {
    exit_page: t.string(),
    ...currentCounts,
    exit_rate: t.float64(),
    ...previousCounts,
  },
  tokens: dashboardToken,
}));
