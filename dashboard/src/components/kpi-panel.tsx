/** KPI cards (totals of `kpis` with the previous period) and the chart of the selected one. */
import type { KpiRow } from "../api/pipe-rows.ts";
import { formatDay } from "../lib/format.ts";
import { KPI_SPECS, kpiSpec } from "../lib/kpi-metrics.ts";
import { summarizeKpis } from "../lib/kpi-totals.ts";
import { COMPARISON_LABELS, comparedStart } from "../lib/comparison.ts";
import { addDays } from "../state/date-range.ts";
import { ignoredFilters, pipeParams, useReport } from "../state/report-context.ts";
import { usePipe } from "../state/use-load.ts";
import { BotNote } from "./bot-note.tsx";
import { IgnoredFiltersNote } from "./ignored-filters-note.tsx";
import { KpiCard } from "./kpi-card.tsx";
import { KpiChart } from "./kpi-chart.tsx";
import { Panel } from "./panel.tsx";

/** The year once, at the end, unless the days fall in two years ("Dec 7, 2025 – Dec 6, 2026"). */
function periodLabel(from: string, to: string): string {
  return from === to ? formatDay(from, true) : `${formatDay(from, from.slice(0, 4) !== to.slice(0, 4))} – ${formatDay(to, true)}`;
}

export function KpiPanel() {
  const report = useReport();
  const { view, setView, range } = report;
  const kpis = usePipe<KpiRow>("kpis", pipeParams(report, "kpis", { include_previous_period: true }));
  const rows = kpis.data?.data ?? [];
  const summary = summarizeKpis(rows);
  const spec = kpiSpec(view.chart);
  const compared = comparedStart(range, view.compare);
  const nothing = kpis.data !== undefined && summary.current.visits === 0 && summary.previous.visits === 0;
  return (
    <Panel
      title="Traffic"
      id="kpis"
      className="wide"
      note={<IgnoredFiltersNote filters={ignoredFilters(report, "kpis")} />}
      loading={kpis.loading}
      error={kpis.error}
      pipe="kpis"
      onRetry={kpis.reload}
      hasData={kpis.data !== undefined}
      skeletonHeight={320}
    >
      <div className="kpis">
        {KPI_SPECS.map((s) => (
          <KpiCard
            key={s.id}
            spec={s}
            value={summary.current[s.id]}
            previous={compared === undefined ? undefined : summary.previous[s.id]}
            growth={summary.growth[s.id]}
            visits={{ current: summary.current.visits, previous: summary.previous.visits }}
            selected={s.id === spec.id}
            onSelect={() => setView({ chart: s.id }, { replace: true })}
          />
        ))}
      </div>
      <BotNote />
      {nothing ? (
        <div className="empty">{compared === undefined ? "No visits in this period." : "No visits in this period or the one compared with."}</div>
      ) : (
        <>
          <div className="chart-legend" aria-hidden="true">
            <span>
              <span className="swatch" />
              {periodLabel(range.date_from, range.date_to)}
            </span>
            {compared !== undefined && (
              <span title={COMPARISON_LABELS[view.compare]}>
                <span className="swatch previous" />
                {periodLabel(compared, addDays(compared, range.days - 1))}
              </span>
            )}
          </div>
          <KpiChart rows={rows} spec={spec} range={range} comparison={view.compare} lastIsCurrent={range.date_to >= report.today} />
        </>
      )}
    </Panel>
  );
}
