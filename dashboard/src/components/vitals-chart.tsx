/**
 * One vital's hourly percentile (p75/p90/p95/p99, chosen by the user) over the period,
 * with the excellent and good thresholds as dashed lines. Hours with too few
 * measurements (the endpoint leaves them out) are gaps, not straight lines across.
 */
import { useCallback, useMemo } from "preact/compat";
import type uPlot from "uplot";
import type { WebVitalSeriesRow } from "../api/pipe-rows.ts";
import { wallClockSeconds, type ChartTheme } from "../lib/chart-theme.ts";
import { HOUR_INCREMENTS, tooltipPlugin } from "../lib/chart-tooltip.ts";
import { formatDay, formatHour } from "../lib/format.ts";
import { VITALS, formatVital } from "../lib/web-vitals.ts";
import type { Percentile, VitalMetric } from "../state/view-state.ts";
import { UPlotChart, utcDate } from "./uplot-chart.tsx";

const HOUR = 3600;

export function VitalsChart({ rows, metric, pct }: { rows: readonly WebVitalSeriesRow[]; metric: VitalMetric; pct: Percentile }) {
  const [excellent, good] = VITALS[metric].thresholds;

  const data = useMemo<uPlot.AlignedData>(() => {
    const byHour = new Map(rows.filter((r) => r.metric_name === metric).map((r) => [wallClockSeconds(r.hour), Number(r[pct])]));
    const hours = [...byHour.keys()].sort((a, b) => a - b);
    const xs: number[] = [];
    // Every hour between the first and last measured one, so missing hours break the line.
    if (hours.length > 0) for (let t = hours[0]!; t <= hours[hours.length - 1]!; t += HOUR) xs.push(t);
    return [xs, xs.map((t) => byHour.get(t) ?? null), xs.map(() => excellent), xs.map(() => good)];
  }, [rows, metric, pct, excellent, good]);

  const build = useCallback(
    (width: number, theme: ChartTheme): uPlot.Options => {
      const label = (ts: number) => {
        const text = new Date(ts * 1000).toISOString().replace("T", " ");
        return `${formatDay(text)} ${formatHour(text)}`;
      };
      const axis = { stroke: theme.text, grid: { stroke: theme.grid, width: 1 }, ticks: { show: false }, font: "12px system-ui, sans-serif" };
      const tick = (ts: number) => {
        const text = new Date(ts * 1000).toISOString().replace("T", " ");
        return text.slice(11, 16) === "00:00" ? formatDay(text) : formatHour(text);
      };
      return {
        width,
        height: 260,
        tzDate: utcDate,
        legend: { show: false },
        cursor: { drag: { x: false, y: false }, points: { size: 7 } },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(max ?? 0, good) * 1.1] } },
        axes: [
          { ...axis, incrs: HOUR_INCREMENTS, space: 60, values: (_u, ticks) => ticks.map(tick) },
          { ...axis, size: 64, values: (_u, ticks) => ticks.map((t) => formatVital(metric, t)) },
        ],
        series: [
          {},
          { label: `${metric} ${pct}`, stroke: theme.current, width: 2, spanGaps: false, points: { show: true, size: 4 } },
          { label: "Excellent up to", stroke: theme.good, width: 1.5, dash: [6, 4], points: { show: false } },
          { label: "Good up to", stroke: theme.bad, width: 1.5, dash: [6, 4], points: { show: false } },
        ],
        plugins: [
          tooltipPlugin((u, i) => {
            const x = u.data[0][i];
            const v = u.data[1]?.[i];
            if (x == null) return undefined;
            return { title: label(x), lines: [{ label: `${metric} ${pct}`, value: v == null ? "too few measurements" : formatVital(metric, v), color: theme.current }] };
          }),
        ],
      };
    },
    [metric, pct, good],
  );

  return (
    <>
      <div className="chart-legend" aria-hidden="true">
        <span>
          <span className="swatch" />
          {metric} {pct}
        </span>
        <span>
          <span className="swatch good" />
          excellent up to {formatVital(metric, excellent)}
        </span>
        <span>
          <span className="swatch bad" />
          poor above {formatVital(metric, good)}
        </span>
      </div>
      <UPlotChart data={data} build={build} label={`${metric} ${pct} per hour, with thresholds at ${formatVital(metric, excellent)} and ${formatVital(metric, good)}`} testId="vitals-chart" values={rows.filter((r) => r.metric_name === metric).map((r) => [r.hour, Number(r[pct])])} />
    </>
  );
}
