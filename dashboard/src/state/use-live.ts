/**
 * The header's live data: one `realtime` request every 10 s serves both the "N visitors
 * online" badge and the live panel (the server answers it from its cache, so dashboards
 * refreshing together cost one query per tenant). Links minted before `realtime` existed
 * carry `current_visitors` only: for them the badge polls that instead, without a panel.
 */
import { useEffect, useState } from "preact/compat";
import type { CurrentVisitorsRow, RealtimeRow } from "../api/pipe-rows.ts";
import type { ApiError } from "../api/api-error.ts";
import { isOffline, livePanelData, type LivePanelData } from "../lib/live-panel.ts";
import { useReport } from "./report-context.ts";
import { usePipe } from "./use-load.ts";

const LIVE_REFRESH_MS = 10_000;

export interface Live {
  /** Visitors online now; undefined until known. */
  readonly visitors?: number;
  /** The whole panel, when the token reads `realtime`. */
  readonly panel?: LivePanelData;
  /** The last request failed because the server is unreachable or failing; cleared by the next success. */
  readonly offline?: ApiError;
  /** Neither endpoint is readable with this token (the badge names `current_visitors`). */
  readonly noAccess: boolean;
  /** Any other failure (a parameter, a 4xx). */
  readonly error?: ApiError;
}

export function useLive(): Live {
  const report = useReport();
  const { tenant_id, domain } = report.scope;
  const params = report.ready ? { tenant_id, domain } : null;
  // A token refused realtime is not asked again every 10 s (a new scope asks once more).
  const [refused, setRefused] = useState(false);
  const realtime = usePipe<RealtimeRow>("realtime", params, { refreshMs: refused ? undefined : LIVE_REFRESH_MS });
  const fallback = realtime.error?.isNoAccess === true;
  useEffect(() => setRefused(fallback), [fallback]);
  const legacy = usePipe<CurrentVisitorsRow>("current_visitors", fallback ? params : null, { refreshMs: LIVE_REFRESH_MS });
  const used = fallback ? legacy : realtime;
  const panel = !fallback && realtime.data ? livePanelData(realtime.data.data) : undefined;
  const visitors = panel ? panel.current.visitors : legacy.data?.data[0]?.visits;
  const offline = isOffline(used.error) ? used.error : undefined;
  return {
    visitors: visitors === undefined ? undefined : Number(visitors),
    panel,
    offline,
    noAccess: fallback && legacy.error?.isNoAccess === true,
    error: offline ? undefined : used.error,
  };
}
