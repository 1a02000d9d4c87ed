import { defineMaterializedView, node } from "aviary/schema";
import { analyticsSourcesMv } from "../datasources/analytics-sources-mv.ts";

export const analyticsSources = defineMaterializedView("analytics_sources", {
  description: "Fills analytics_sources_mv; a referrer on the page's own host (an internal link) is not a source",
  datasource: analyticsSourcesMv,
  nodes: [
    node({
      name: "sources_per_bucket",
      sql: `
SELECT
    tenant_id, domain, toStartOfFifteenMinutes(timestamp) AS date, device, browser, location, referrer,
    uniqExactState(session_id) AS visits,
    countState() AS hits
FROM analytics_hits
WHERE referrer = '' OR domainWithoutWWW(referrer) != domainWithoutWWW(href)
GROUP BY tenant_id, domain, date, device, browser, location, referrer`,
    }),
  ],
});
