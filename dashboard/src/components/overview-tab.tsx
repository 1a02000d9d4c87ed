/** The overview: KPIs and chart, the breakdown panels, goals, traffic by hour. */
import { TOP_PANELS } from "../lib/top-panels.ts";
import { useReport } from "../state/report-context.ts";
import { GoalsPanel } from "./goals-panel.tsx";
import { KpiPanel } from "./kpi-panel.tsx";
import { TopTablePanel } from "./top-table-panel.tsx";
import { TrafficByHour } from "./traffic-by-hour.tsx";
import { ViewAllDialog } from "./view-all-dialog.tsx";

export function OverviewTab() {
  const { view } = useReport();
  return (
    <div className="grid">
      <KpiPanel />
      {TOP_PANELS.map((panel) => (
        <TopTablePanel key={panel.id} panel={panel} />
      ))}
      <GoalsPanel />
      <TrafficByHour />
      {view.all && <ViewAllDialog key={view.all} id={view.all} />}
    </div>
  );
}
