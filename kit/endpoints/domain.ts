import { defineEndpoint, node, t } from "aviary/schema";
import { hitsSql } from "../sql/hits.ts";
import { dashboardToken, tenantParams } from "../sql/params.ts";
import { domainFilter, eventDomainFilter, tenantFilter } from "../sql/template.ts";
import { withChecks } from "../sql/checks.ts";

/**
 * The site a dashboard should show: the page host with most hits in the last hour, else
 * the tenant's domain with most hits that is not a local one. No row when there is no data.
 */
export const domain = defineEndpoint("domain", withChecks({
  description: "The busiest page host in the last hour, else the busiest non-local domain",
  params: tenantParams,
  nodes: [
    node({
      name: "candidates",
      sql: `SELECT current_domain AS candidate, 0 AS priority, count() AS hits
FROM
(
${hitsSql({ eventFilter: `AND timestamp >= now() - INTERVAL 1 HOUR ${tenantFilter()} ${eventDomainFilter()}`, hitFilter: domainFilter(), audience: false })}
)
WHERE current_domain != ''
GROUP BY candidate
UNION ALL
SELECT domain AS candidate, 1 AS priority, countMerge(total_hits) AS hits
FROM tenant_domains_mv
WHERE domain != '' AND domain NOT IN ('localhost', '127.0.0.1') AND NOT startsWith(domain, 'http://localhost') ${tenantFilter()} ${domainFilter()}
GROUP BY candidate`,
    }),
    node({
      name: "domain",
      sql: `
SELECT candidate AS domain
FROM candidates
ORDER BY priority ASC, hits DESC, candidate ASC
LIMIT 1`,
    }),
  ],
  output: { domain: t.string() },
  tokens: dashboardToken,
}));
