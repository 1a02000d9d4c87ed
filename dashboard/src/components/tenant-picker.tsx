/**
 * Operators only: which tenant's data to show. Switching tenant resets domain and filters,
 * which belong to a tenant. Each tenant is labelled with every page hit stored for it (bots
 * included): what ranks them busiest first, not a figure of the period on screen.
 */
import { formatCount } from "../lib/format.ts";
import { useReport } from "../state/report-context.ts";
import type { TenantOption } from "../state/use-tenants.ts";

export function TenantPicker({ tenants }: { tenants: readonly TenantOption[] }) {
  const { view, setView } = useReport();
  const known = tenants.some((t) => t.id === view.tenant);
  return (
    <label>
      <span className="visually-hidden">Tenant</span>
      <select
        className="select"
        data-testid="tenant-picker"
        value={view.tenant ?? ""}
        onChange={(e) => setView({ tenant: e.currentTarget.value, domain: undefined, filters: {}, all: undefined, page: 0 })}
      >
        {!known && view.tenant && <option value={view.tenant}>{view.tenant}</option>}
        {tenants.map((t) => (
          <option key={t.id} value={t.id}>
            {t.id} · {formatCount(t.hits)} {t.hits === 1 ? "hit" : "hits"} all time
          </option>
        ))}
      </select>
    </label>
  );
}
