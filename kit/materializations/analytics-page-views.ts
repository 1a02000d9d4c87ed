import { defineMaterializedView, node } from "aviary/schema";
import { analyticsPageViewsMv } from "../datasources/analytics-page-views-mv.ts";
import { hitsSql } from "../sql/hits.ts";

/**
 * The parser of analytics_hits without its audience columns: ClickHouse plans every
 * expression of a subquery on each insert, used or not, and the source and channel rules
 * are most of that work; this view needs none of them.
 */
export const analyticsPageViews = defineMaterializedView("analytics_page_views", {
  description: "Fills analytics_page_views_mv from every inserted page view",
  datasource: analyticsPageViewsMv,
  nodes: [
    node({
      name: "page_views",
      sql: `
SELECT tenant_id, domain, timestamp, session_id, pathname, device, browser, location, visitor_id
FROM (${hitsSql({ audience: false, visitor: true })})`,
    }),
  ],
});
