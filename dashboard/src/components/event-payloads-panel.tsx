/**
 * The latest payload of each custom event and when it was last seen, from `actions`
 * (all time: it takes no period), so a site owner can see what an event carries. Page
 * hits, web vitals and engagement have their own reports and are left out.
 */
import type { ActionRow } from "../api/pipe-rows.ts";
import { formatInteger, formatRelative, utcIso } from "../lib/format.ts";
import { pipeParams, useReport } from "../state/report-context.ts";
import { usePipe } from "../state/use-load.ts";
import { CsvButton } from "./csv-button.tsx";
import { Panel } from "./panel.tsx";
import { BUILT_IN_ACTIONS } from "../lib/event-labels.ts";


function prettyPayload(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

export function EventPayloadsPanel() {
  const report = useReport();
  const params = pipeParams(report, "actions", {}, { range: false });
  const result = usePipe<ActionRow>("actions", params);
  const rows = (result.data?.data ?? []).filter((r) => !BUILT_IN_ACTIONS.has(r.action));
  const showDomain = !report.view.domain;
  return (
    <Panel
      title="Latest payloads"
      id="custom-events"
      className="wide"
      note="all time, bots included"
      actions={<CsvButton pipe="actions" params={params} filename="actions" />}
      loading={result.loading}
      error={result.error}
      pipe="actions"
      onRetry={result.reload}
      hasData={result.data !== undefined}
      empty={
        rows.length === 0 ? (
          <>
            <p>No custom events yet. Send one from your pages with</p>
            <pre className="snippet">
              <code>{`window.Tinybird.trackEvent("signup", { plan: "pro" })`}</code>
            </pre>
          </>
        ) : undefined
      }
    >
      <div className="table-scroll">
        <table className="data-table" data-testid="events-table">
          <thead>
            <tr>
              <th scope="col">Event</th>
              {showDomain && (
                <th scope="col" className="hide-phone">
                  Domain
                </th>
              )}
              <th scope="col" className="num">
                Count
              </th>
              <th scope="col">Last seen</th>
              <th scope="col">Sample payload</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={`${row.domain}\n${row.action}`} data-action={row.action} data-domain={row.domain}>
                <td>
                  <code>{row.action}</code>
                </td>
                {showDomain && <td className="hide-phone">{row.domain}</td>}
                <td className="num" data-value={row.total_occurrences}>
                  {formatInteger(Number(row.total_occurrences))}
                </td>
                <td>
                  <time dateTime={utcIso(row.last_seen)} title={new Date(utcIso(row.last_seen)).toLocaleString()}>
                    {formatRelative(row.last_seen)}
                  </time>
                </td>
                <td>
                  <details className="payload">
                    <summary>Show</summary>
                    <pre>{prettyPayload(row.last_payload)}</pre>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}
