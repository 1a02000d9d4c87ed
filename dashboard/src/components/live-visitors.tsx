/** "N visitors online": distinct sessions in the last five minutes (`current_visitors`), refreshed every 15 s. */
import type { CurrentVisitorsRow } from "../api/pipe-rows.ts";
import { formatInteger } from "../lib/format.ts";
import { useReport } from "../state/report-context.ts";
import { usePipe } from "../state/use-load.ts";

export const LIVE_REFRESH_MS = 15_000;

export function LiveVisitors() {
  const report = useReport();
  const { tenant_id, domain } = report.scope;
  const live = usePipe<CurrentVisitorsRow>("current_visitors", report.ready ? { tenant_id, domain } : null, { refreshMs: LIVE_REFRESH_MS });
  const visits = live.data?.data[0]?.visits;
  return (
    <span className="live" role="status" aria-live="polite" title="Distinct visits with a page view in the last 5 minutes" data-testid="live-visitors">
      <span className="live-dot" aria-hidden="true" />
      {visits === undefined ? (
        live.error?.isNoAccess ? (
          <span data-missing-pipe="current_visitors" title="Visitors online: this link has no access to current_visitors">
            No access to <code>current_visitors</code>
          </span>
        ) : live.error ? (
          "Live count unavailable"
        ) : (
          "…"
        )
      ) : (
        <span>
          <strong data-value={visits}>{formatInteger(visits)}</strong> {visits === 1 ? "visitor" : "visitors"} online
        </span>
      )}
    </span>
  );
}
