import { defineEndpoint, node, t } from "aviary/schema";
import { dashboardToken, tenantParams } from "../sql/params.ts";
import { tenantAndDomain } from "../sql/template.ts";
import { withChecks } from "../sql/checks.ts";

/**
 * The seed's "List All Domains for a Tenant", most hits first. Times are DateTime in UTC,
 * which JSON shows as ClickHouse prints them (`2024-01-31 23:59:59`), as the public kit
 * returns them (the seed's example shows ISO 8601; clients written for the kit read this form).
 */
export const domains = defineEndpoint("domains", withChecks({
  description: "Every domain of a tenant with its first and last page view and total hits",
  params: tenantParams,
  nodes: [
    node({
      name: "domain_totals",
      sql: `SELECT domain AS name, min(first_seen) AS first_at, max(last_seen) AS last_at, countMerge(total_hits) AS hits
FROM tenant_domains_mv
WHERE 1 ${tenantAndDomain()}
GROUP BY name`,
    }),
    node({
      name: "domains",
      sql: `
SELECT
    name AS domain,
    toDateTime(first_at, 'UTC') AS first_seen,
    toDateTime(last_at, 'UTC') AS last_seen,
    hits AS total_hits
FROM domain_totals
ORDER BY total_hits DESC, domain ASC`,
    }),
  ],
  output: { domain: t.string(), first_seen: t.dateTime(), last_seen: t.dateTime(), total_hits: t.uint64() },
  tokens: dashboardToken,
}));
