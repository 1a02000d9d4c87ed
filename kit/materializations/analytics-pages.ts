import { defineMaterializedView, node } from "aviary/schema";
import { analyticsPagesMv } from "../datasources/analytics-pages-mv.ts";

export const analyticsPages = defineMaterializedView("analytics_pages", {
  description: "Fills analytics_pages_mv from every inserted page view",
  datasource: analyticsPagesMv,
  nodes: [
    node({
      name: "pages_per_bucket",
      sql: `
SELECT
    tenant_id, domain, toStartOfFifteenMinutes(timestamp) AS date, device, browser, location, pathname,
    uniqExactState(session_id) AS visits,
    countState() AS hits
FROM analytics_hits
GROUP BY tenant_id, domain, date, device, browser, location, pathname`,
    }),
  ],
});
