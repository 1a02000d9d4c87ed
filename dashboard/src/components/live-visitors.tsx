/**
 * "N visitors online" (distinct sessions in the last five minutes), from the one `realtime`
 * request the live panel shares, refreshed every 10 s. The dot is green while the server
 * answers and turns red, saying so, when it cannot be reached or fails; the next answer
 * turns it back. With `realtime` readable the badge opens the live panel.
 */
import { useState } from "preact/compat";
import { formatInteger } from "../lib/format.ts";
import { offlineMessage } from "../lib/live-panel.ts";
import { useLive } from "../state/use-live.ts";
import { LivePanel } from "./live-panel.tsx";

export function LiveVisitors() {
  const live = useLive();
  const [open, setOpen] = useState(false);
  const { visitors, offline } = live;
  const label =
    visitors === undefined ? (
      live.noAccess ? (
        <span data-missing-pipe="current_visitors" title="Visitors online: this link has no access to current_visitors">
          No access to <code>current_visitors</code>
        </span>
      ) : offline ? null : live.error ? (
        "Live count unavailable"
      ) : (
        "…"
      )
    ) : (
      <span>
        <strong data-value={visitors}>{formatInteger(visitors)}</strong> {visitors === 1 ? "visitor" : "visitors"} online
      </span>
    );
  const content = (
    <>
      <span className="live-dot" aria-hidden="true" />
      {offline ? (
        <span className="live-offline" title={`${offline.message}. Retrying every 10 seconds.`}>
          {offlineMessage(offline)}
        </span>
      ) : (
        label
      )}
    </>
  );
  const state = offline ? "offline" : "online";
  return (
    <>
      {live.panel ? (
        <button type="button" className={`live live-button ${state}`} data-state={state} data-testid="live-visitors" aria-haspopup="dialog" onClick={() => setOpen(true)} title="Open the live view: the last 30 minutes">
          <span role="status" aria-live="polite" className="live-status">
            {content}
          </span>
        </button>
      ) : (
        <span className={`live ${state}`} data-state={state} role="status" aria-live="polite" title="Distinct visits with a page view in the last 5 minutes" data-testid="live-visitors">
          {content}
        </span>
      )}
      {open && live.panel && <LivePanel data={live.panel} offline={offline} onClose={() => setOpen(false)} />}
    </>
  );
}
