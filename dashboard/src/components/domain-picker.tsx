/**
 * The site on screen: all of the tenant's domains, or one (from the `domains` endpoint,
 * busiest first). A token without `domains` still reads every domain's reports together,
 * so the picker stays, disabled, and says which pipe it lacks.
 */
import type { PipeResponse } from "../api/api-client.ts";
import type { DomainRow } from "../api/pipe-rows.ts";
import { useReport } from "../state/report-context.ts";
import type { Loaded } from "../state/use-load.ts";

export function DomainPicker({ domains }: { domains: Loaded<PipeResponse<DomainRow>> }) {
  const { view, setView } = useReport();
  const list = domains.data?.data ?? [];
  const known = list.some((d) => d.domain === view.domain);
  const noAccess = domains.error?.isNoAccess === true && !domains.data;
  return (
    <label title={noAccess ? "This link has no access to domains, the list of sites" : undefined}>
      <span className="visually-hidden">Domain</span>
      <select
        className="select"
        data-testid="domain-picker"
        data-missing-pipe={noAccess ? "domains" : undefined}
        value={view.domain ?? ""}
        disabled={domains.data === undefined}
        onChange={(e) => setView({ domain: e.currentTarget.value || undefined, all: undefined, page: 0 })}
      >
        <option value="">All domains</option>
        {!known && view.domain && <option value={view.domain}>{view.domain}</option>}
        {list.map((d) => (
          <option key={d.domain} value={d.domain}>
            {d.domain || "(no domain)"}
          </option>
        ))}
      </select>
    </label>
  );
}
