/**
 * Web vitals: a gauge per metric, the hourly percentile chart of the selected one, and
 * routes by score, all over the period. The endpoints keep the public kit's contracts;
 * `combined=true` (Aviary's) makes one row per metric for the tenant's domains together
 * when no single domain is chosen, where the public kit gives one per domain.
 */
import type { WebVitalCurrentRow, WebVitalDistributionRow, WebVitalSeriesRow } from "../api/pipe-rows.ts";
import { COMBINED, type VitalCategory } from "../lib/web-vitals.ts";
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
  const current = usePipe<WebVitalCurrentRow>("web_vitals_current", pipeParams(report, "web_vitals_current", COMBINED));
  const distribution = usePipe<WebVitalDistributionRow>("web_vitals_distribution", pipeParams(report, "web_vitals_distribution", COMBINED));
  const series = usePipe<WebVitalSeriesRow>("web_vitals_timeseries", pipeParams(report, "web_vitals_timeseries", { ...COMBINED, metric: view.vital }));

  const byMetric = new Map((current.data?.data ?? []).map((r) => [r.metric_name, r]));
  const shares = new Map<string, Partial<Record<VitalCategory, number>>>();
  for (const row of distribution.data?.data ?? []) shares.set(row.metric_name, { ...shares.get(row.metric_name), [row.performance_category]: Number(row.percentage) / 100 });

  // Empty up to today: most likely the pages do not send vitals yet, so show how to.
  const nothingEver = current.data?.rows === 0 && distribution.data?.rows === 0 && range.date_to >= today;
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
          <span className="panel-note">p75 over the period · bars: share of measurements per band</span>
        </div>
        {current.error ? (
          <ErrorNote error={current.error} pipe="web_vitals_current" onRetry={current.reload} />
        ) : !current.data ? (
          <Skeleton height={200} />
        ) : (
          <div className="vitals-gauges">
            {VITAL_METRICS.map((m) => (
              <VitalGauge key={m} metric={m} current={byMetric.get(m)} shares={shares.get(m) ?? {}} selected={view.vital === m} onSelect={() => select(m)} />
            ))}
          </div>
        )}
        {/* The bands only add to the gauges: without them the gauges still stand. */}
        {distribution.error && <ErrorNote error={distribution.error} pipe="web_vitals_distribution" onRetry={distribution.reload} />}
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
        pipe="web_vitals_timeseries"
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
