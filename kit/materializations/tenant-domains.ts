import { defineMaterializedView, node } from "aviary/schema";
import { tenantDomainsMv } from "../datasources/tenant-domains-mv.ts";

export const tenantDomains = defineMaterializedView("tenant_domains", {
  description: "Fills tenant_domains_mv from every inserted page view",
  datasource: tenantDomainsMv,
  nodes: [
    node({
      name: "domains_per_tenant",
      sql: `
SELECT
    tenant_id, domain,
    minSimpleState(timestamp) AS first_seen,
    maxSimpleState(timestamp) AS last_seen,
    countState() AS total_hits
FROM analytics_hits
GROUP BY tenant_id, domain`,
    }),
  ],
});
