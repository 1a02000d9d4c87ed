/** The site on screen: all of the tenant's domains, or one (from the `domains` endpoint, busiest first). */
import type { DomainRow } from "../api/pipe-rows.ts";
import { useReport } from "../state/report-context.ts";

export function DomainPicker({ domains }: { domains?: readonly DomainRow[] }) {
  const { view, setView } = useReport();
  const list = domains ?? [];
  const known = list.some((d) => d.domain === view.domain);
  return (
    <label>
      <span className="visually-hidden">Domain</span>
      <select
        className="select"
        data-testid="domain-picker"
        value={view.domain ?? ""}
        disabled={domains === undefined}
        onChange={(e) => setView({ domain: e.target.value || undefined, all: undefined, page: 0 })}
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
