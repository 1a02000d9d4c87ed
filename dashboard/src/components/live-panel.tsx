/**
 * The live view, opened from the header's "visitors online": visitors per minute over the
 * last 30 minutes, and the pages and sources of those minutes, from the same `realtime`
 * answer the badge shows (so it refreshes with it, every 10 s). A native modal <dialog>:
 * focus stays inside, Escape closes it.
 */
import { useEffect, useRef } from "preact/compat";
import type { ApiError } from "../api/api-error.ts";
import { formatInteger } from "../lib/format.ts";
import { localMinute, offlineMessage, type LiveItem, type LivePanelData } from "../lib/live-panel.ts";
import { sourceLabel } from "../lib/value-labels.ts";
import { Panel } from "./panel.tsx";

function Items({ id, title, header, items, label }: { id: string; title: string; header: string; items: readonly LiveItem[]; label: (name: string) => string }) {
  return (
    <div className="live-list" data-testid={id}>
      <h3>{title}</h3>
      {items.length === 0 ? (
        <p className="empty">Nothing in the last 30 minutes.</p>
      ) : (
        <table className="top-table">
          <thead>
            <tr>
              <th scope="col">{header}</th>
              <th scope="col" className="num">
                Visitors
              </th>
              <th scope="col" className="num">
                Page views
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.name} data-dimension={item.name} data-value={item.visitors}>
                <td className="dimension">{label(item.name)}</td>
                <td className="num">{formatInteger(item.visitors)}</td>
                <td className="num">{formatInteger(item.pageviews)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function LivePanel({ data, offline, onClose }: { data: LivePanelData; offline?: ApiError; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  const max = Math.max(1, ...data.minutes.map((m) => m.visitors));
  const first = data.minutes[0];
  const last = data.minutes[data.minutes.length - 1];
  return (
    <dialog ref={dialog} className="live-view" onClose={onClose} aria-label="Live view" data-testid="live-panel">
      <Panel
        title="Live: the last 30 minutes"
        id="live-view"
        note={offline ? <span className="live-offline">{offlineMessage(offline)}; the numbers below are from the last answer</span> : "Refreshed every 10 seconds"}
        actions={
          <button type="button" className="button quiet" onClick={() => dialog.current?.close()} aria-label="Close">
            ✕
          </button>
        }
        loading={false}
        hasData
      >
        <div className="live-totals">
          <span data-testid="live-current" data-value={data.current.visitors}>
            <strong>{formatInteger(data.current.visitors)}</strong> visitors in the last 5 minutes
          </span>
          <span data-testid="live-total" data-value={data.total.visitors}>
            <strong>{formatInteger(data.total.visitors)}</strong> visitors, <strong>{formatInteger(data.total.pageviews)}</strong> page views in 30 minutes
          </span>
        </div>
        <div className="minutes" role="list" aria-label="Visitors per minute, the last 30 minutes">
          {data.minutes.map((m) => (
            <div
              key={m.time}
              role="listitem"
              className="minute"
              style={{ height: `${(m.visitors / max) * 100}%` }}
              title={`${localMinute(m.time)}: ${formatInteger(m.visitors)} visitors, ${formatInteger(m.pageviews)} page views`}
              aria-label={`${localMinute(m.time)}, ${m.visitors} visitors`}
              data-minute={m.time}
              data-value={m.visitors}
            />
          ))}
        </div>
        <div className="minutes-axis" aria-hidden="true">
          <span>{first ? localMinute(first.time) : ""}</span>
          <span>{last ? localMinute(last.time) : ""}</span>
        </div>
        <div className="live-lists">
          <Items id="live-pages" title="Current pages" header="Page" items={data.pages} label={(name) => name} />
          <Items id="live-sources" title="Current sources" header="Source" items={data.sources} label={sourceLabel} />
        </div>
      </Panel>
    </dialog>
  );
}
