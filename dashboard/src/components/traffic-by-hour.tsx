/** When visitors come: visits for each hour of the day over the period (`traffic_by_hour`), hours in the report's zone. */
import type { TrafficByHourRow } from "../api/pipe-rows.ts";
import { formatInteger } from "../lib/format.ts";
import { ignoredFilters, pipeParams, useReport } from "../state/report-context.ts";
import { usePipe } from "../state/use-load.ts";
import { CsvButton } from "./csv-button.tsx";
import { IgnoredFiltersNote } from "./ignored-filters-note.tsx";
import { Panel } from "./panel.tsx";

export function TrafficByHour() {
  const report = useReport();
  const params = pipeParams(report, "traffic_by_hour");
  const result = usePipe<TrafficByHourRow>("traffic_by_hour", params);
  const rows = result.data?.data ?? [];
  const max = Math.max(1, ...rows.map((r) => Number(r.visits)));
  const total = rows.reduce((sum, r) => sum + Number(r.visits), 0);
  return (
    <Panel
      title="Visits by hour of day"
      id="traffic-by-hour"
      className="wide"
      note={<IgnoredFiltersNote filters={ignoredFilters(report, "traffic_by_hour")} />}
      actions={<CsvButton pipe="traffic_by_hour" params={params} filename={`traffic_by_hour-${report.range.date_from}-${report.range.date_to}`} />}
      loading={result.loading}
      error={result.error}
      pipe="traffic_by_hour"
      onRetry={result.reload}
      hasData={result.data !== undefined}
      empty={total === 0 ? "No visits in this period." : undefined}
    >
      <div className="hours" role="list" aria-label={`Visits by hour of day (${report.tz})`}>
        {rows.map((r) => (
          <div
            key={r.hour}
            role="listitem"
            className="hour"
            style={{ height: `${(Number(r.visits) / max) * 100}%` }}
            title={`${String(r.hour).padStart(2, "0")}:00 — ${formatInteger(Number(r.visits))} visits, ${formatInteger(Number(r.pageviews))} page views`}
            aria-label={`${r.hour}:00, ${r.visits} visits`}
            data-hour={r.hour}
            data-value={r.visits}
          />
        ))}
      </div>
      <div className="hours-axis" aria-hidden="true">
        <span>00:00</span>
        <span>06:00</span>
        <span>12:00</span>
        <span>18:00</span>
      </div>
    </Panel>
  );
}
