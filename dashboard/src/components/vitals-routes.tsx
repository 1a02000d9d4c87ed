/**
 * Routes (a path's first segment: `/blog` holds `/blog/…`) by web-vitals score, worst
 * first (`web_vitals_routes`): where to look for slow pages.
 */
import type { WebVitalRouteRow } from "../api/pipe-rows.ts";
import { formatInteger } from "../lib/format.ts";
import { COMBINED, scoreCategory } from "../lib/web-vitals.ts";
import { pipeParams, useReport } from "../state/report-context.ts";
import { usePipe } from "../state/use-load.ts";
import { VITAL_METRICS } from "../state/view-state.ts";
import { CsvButton } from "./csv-button.tsx";
import { Panel } from "./panel.tsx";
import { EXPORT_LIMIT } from "./top-table-panel.tsx";

const ROUTE_ROWS = 10;

function Score({ value }: { value: number | null }) {
  if (value === null) return <span className="note">–</span>;
  return (
    <span className={`category ${scoreCategory(value)}`} data-value={value}>
      {Math.round(value)}
    </span>
  );
}

export function VitalsRoutes() {
  const report = useReport();
  const result = usePipe<WebVitalRouteRow>("web_vitals_routes", pipeParams(report, "web_vitals_routes", { ...COMBINED, sort_order: "asc", skip: 0, limit: ROUTE_ROWS }));
  const rows = result.data?.data ?? [];
  return (
    <Panel
      title="Routes, worst first"
      id="vitals-routes"
      className="wide"
      note="score 0–100 per metric; routes with 3 measurements or more"
      actions={<CsvButton pipe="web_vitals_routes" params={pipeParams(report, "web_vitals_routes", { ...COMBINED, sort_order: "asc", skip: 0, limit: EXPORT_LIMIT })} filename={`web_vitals_routes-${report.range.date_from}-${report.range.date_to}`} />}
      loading={result.loading}
      error={result.error}
      pipe="web_vitals_routes"
      onRetry={result.reload}
      hasData={result.data !== undefined}
      empty={rows.length === 0 ? "No route has enough measurements in this period." : undefined}
    >
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Route</th>
              <th scope="col" className="num">
                Measurements
              </th>
              <th scope="col" className="num">
                Overall
              </th>
              {VITAL_METRICS.map((m) => (
                <th scope="col" className="num hide-phone" key={m}>
                  {m}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.route} data-route={row.route}>
                <td>{row.route === "/" ? "/" : `/${row.route}`}</td>
                <td className="num" data-value={row.measurements}>
                  {formatInteger(Number(row.measurements))}
                </td>
                <td className="num">
                  <Score value={row.overall_score} />
                </td>
                {VITAL_METRICS.map((m) => (
                  <td className="num hide-phone" key={m}>
                    <Score value={row[`${m.toLowerCase()}_score` as keyof WebVitalRouteRow] as number | null} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}
