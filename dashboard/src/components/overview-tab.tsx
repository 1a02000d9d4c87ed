/** The overview: KPIs and chart, the five breakdowns, traffic by hour. */
import { TOP_TABLES } from "../lib/top-tables.ts";
import { useReport } from "../state/report-context.ts";
import { KpiPanel } from "./kpi-panel.tsx";
import { TopTablePanel } from "./top-table-panel.tsx";
import { TrafficByHour } from "./traffic-by-hour.tsx";
import { ViewAllDialog } from "./view-all-dialog.tsx";

export function OverviewTab() {
  const { view } = useReport();
  return (
    <div className="grid">
      <KpiPanel />
      {TOP_TABLES.map((table) => (
        <TopTablePanel key={table.id} table={table} />
      ))}
      <TrafficByHour />
      {view.all && <ViewAllDialog key={view.all} id={view.all} />}
    </div>
  );
}
