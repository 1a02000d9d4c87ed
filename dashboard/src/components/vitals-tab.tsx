/**
 * Web vitals: a gauge per metric, the hourly percentile chart of the selected one, and
 * routes by score. The gauges come from `web_vitals_current`, which looks back a number
 * of days from now (it takes no date range): they cover the days from the period's start
 * until now and say so. The band split under each gauge and the chart use the exact period.
 */
import type { WebVitalCurrentRow, WebVitalDistributionRow, WebVitalSeriesRow } from "../api/pipe-rows.ts";
import type { VitalCategory } from "../lib/web-vitals.ts";
import { daysBetween } from "../state/date-range.ts";
import { pipeParams, useReport } from "../state/report-context.ts";
import { usePipe } from "../state/use-load.ts";
import { PERCENTILES, VITAL_METRICS, type VitalMetric } from "../state/view-state.ts";
import { Panel } from "./panel.tsx";
import { Skeleton } from "./skeleton.tsx";
import { TrackingSnippet } from "./tracking-snippet.tsx";
import { VitalGauge } from "./vital-gauge.tsx";
import { VitalsChart } from "./vitals-chart.tsx";
import { VitalsRoutes } from "./vitals-routes.tsx";
import { ErrorNote } from "./error-note.tsx";

export function VitalsTab() {
  const report = useReport();
  const { view, setView, range, today } = report;
  const days = Math.max(1, daysBetween(range.date_from, today));
  const current = usePipe<WebVitalCurrentRow>("web_vitals_current", pipeParams(report, "web_vitals_current", { days }, { range: false }));
  const distribution = usePipe<WebVitalDistributionRow>("web_vitals_distribution", pipeParams(report, "web_vitals_distribution"));
  const series = usePipe<WebVitalSeriesRow>("web_vitals_timeseries", pipeParams(report, "web_vitals_timeseries", { metric: view.vital }));

  const byMetric = new Map((current.data?.data ?? []).map((r) => [r.metric, r]));
  const shares = new Map<string, Partial<Record<VitalCategory, number>>>();
  for (const row of distribution.data?.data ?? []) shares.set(row.metric, { ...shares.get(row.metric), [row.category]: Number(row.share) });

  const nothingEver = current.data?.rows === 0 && distribution.data?.rows === 0 && days >= range.days;
  if (nothingEver) {
    return (
      <div className="panel empty-state">
        <h2>No web vitals yet</h2>
        <p className="note">Web vitals are measured in your visitors' browsers when the tracking script is told to collect them:</p>
        <TrackingSnippet webVitals />
      </div>
    );
  }

  const select = (metric: VitalMetric) => setView({ vital: metric }, { replace: true });
  return (
    <div className="grid">
      <section className="wide" aria-label="Web vitals at the 75th percentile" data-testid="vitals-gauges">
        <div className="panel-head">
          <h2>Core web vitals</h2>
          <span className="panel-note">p75 over the last {days === 1 ? "24 hours" : `${days} days`} · bars: share of measurements per band in the period</span>
        </div>
        {current.error ? (
          <ErrorNote error={current.error} onRetry={current.reload} />
        ) : !current.data ? (
          <Skeleton height={200} />
        ) : (
          <div className="vitals-gauges">
            {VITAL_METRICS.map((m) => (
              <VitalGauge key={m} metric={m} current={byMetric.get(m)} shares={shares.get(m) ?? {}} selected={view.vital === m} onSelect={() => select(m)} />
            ))}
          </div>
        )}
      </section>
      <Panel
        title={`${view.vital} per hour`}
        id="vitals-series"
        className="wide"
        actions={
          <div className="segmented" role="group" aria-label="Percentile">
            {PERCENTILES.map((p) => (
              <button key={p} type="button" aria-pressed={view.pct === p} onClick={() => setView({ pct: p }, { replace: true })}>
                {p}
              </button>
            ))}
          </div>
        }
        loading={series.loading}
        error={series.error}
        onRetry={series.reload}
        hasData={series.data !== undefined}
        empty={series.data?.rows === 0 ? `No hour of this period has 5 or more ${view.vital} measurements.` : undefined}
      >
        <VitalsChart rows={series.data?.data ?? []} metric={view.vital} pct={view.pct} />
      </Panel>
      <VitalsRoutes />
    </div>
  );
}
