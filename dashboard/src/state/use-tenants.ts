/**
 * The tenants an operator can pick, busiest first, from the data itself (the tenant
 * domains view; static tokens may query it through /v0/sql). Rows without a tenant id
 * are not a tenant one can pick: they show up only when no tenant is chosen.
 */
import type { Loaded } from "./use-load.ts";
import { useLoad } from "./use-load.ts";

export interface TenantOption {
  readonly id: string;
  readonly hits: number;
}

const TENANTS_SQL = "SELECT tenant_id, countMerge(total_hits) AS hits FROM tenant_domains_mv WHERE tenant_id != '' GROUP BY tenant_id ORDER BY hits DESC, tenant_id ASC";

export function useTenants(enabled: boolean): Loaded<TenantOption[]> {
  return useLoad(enabled ? "tenants" : null, async (client) => {
    const result = await client.sql<{ tenant_id: string; hits: number }>(TENANTS_SQL);
    return result.data.map((row) => ({ id: row.tenant_id, hits: Number(row.hits) }));
  }, { auxiliary: true });
}
