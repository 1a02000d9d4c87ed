/**
 * The selected KPI over the period, one point per bucket (hour for a single day, else
 * day), with the compared period's bucket at the same position drawn dashed behind it
 * (none when comparisons are off); the current, incomplete bucket is drawn apart
 * (lib/incomplete-bucket.ts).
 */
import { useCallback, useMemo } from "preact/compat";
import type uPlot from "uplot";
import type { KpiRow } from "../api/pipe-rows.ts";
import { wallClockSeconds, withAlpha, type ChartTheme } from "../lib/chart-theme.ts";
import { COMPARISON_LABELS, comparedBucket, type Comparison } from "../lib/comparison.ts";
import { COUNT_INCREMENTS, DAY_INCREMENTS, HOUR_INCREMENTS, tooltipPlugin } from "../lib/chart-tooltip.ts";
import { formatDay, formatHour } from "../lib/format.ts";
import { splitCurrentBucket } from "../lib/incomplete-bucket.ts";
import type { KpiMetricSpec } from "../lib/kpi-metrics.ts";
import type { DateRange } from "../state/date-range.ts";
import { UPlotChart, utcDate } from "./uplot-chart.tsx";

const PREVIOUS: Readonly<Record<string, keyof KpiRow>> = {
  visits: "previous_visits",
  pageviews: "previous_pageviews",
  bounce_rate: "previous_bounce_rate",
  avg_session_sec: "previous_avg_session_sec",
};

export interface KpiChartProps {
  readonly rows: readonly KpiRow[];
  readonly spec: KpiMetricSpec;
  readonly range: DateRange;
  readonly comparison: Comparison;
  /** The period reaches today: its last bucket is still filling up. */
  readonly lastIsCurrent: boolean;
}

export function KpiChart({ rows, spec, range, comparison, lastIsCurrent }: KpiChartProps) {
  const { hourly } = range;
  const compared = comparison !== "off";
  const data = useMemo<uPlot.AlignedData>(() => {
    const { complete, current } = splitCurrentBucket(rows.map((r) => Number(r[spec.id])), lastIsCurrent);
    const previous = rows.map((r) => (compared ? Number(r[PREVIOUS[spec.id]!] ?? 0) : null));
    return [rows.map((r) => wallClockSeconds(r.date)), complete, previous, current];
  }, [rows, spec, lastIsCurrent, compared]);

  const build = useCallback(
    (width: number, theme: ChartTheme): uPlot.Options => {
      const label = (ts: number) => {
        const text = new Date(ts * 1000).toISOString().replace("T", " ");
        return hourly ? formatHour(text) : formatDay(text);
      };
      const full = (ts: number) => {
        const text = new Date(ts * 1000).toISOString().replace("T", " ");
        return hourly ? `${formatDay(text)} ${formatHour(text)}` : formatDay(text, true);
      };
      const axis = { stroke: theme.text, grid: { stroke: theme.grid, width: 1 }, ticks: { show: false }, font: "12px system-ui, sans-serif" };
      return {
        width,
        height: 240,
        tzDate: utcDate,
        legend: { show: false },
        cursor: { drag: { x: false, y: false }, points: { size: 7 } },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
        axes: [
          { ...axis, incrs: hourly ? HOUR_INCREMENTS : DAY_INCREMENTS, space: 56, values: (_u, ticks) => ticks.map(label) },
          { ...axis, size: 60, ...(spec.count && { incrs: COUNT_INCREMENTS }), values: (_u, ticks) => ticks.map((t) => spec.axis(t)) },
        ],
        series: [
          {},
          { label: "This period", stroke: theme.current, width: 2, fill: withAlpha(theme.current, 0.12), points: { show: rows.length <= 2 } },
          { label: COMPARISON_LABELS[comparison], show: compared, stroke: theme.previous, width: 1.5, dash: [5, 4], points: { show: false } },
          { label: hourly ? "This hour so far" : "Today so far", stroke: theme.current, width: 2, dash: [2, 4], points: { show: true, size: 5 } },
        ],
        plugins: [
          tooltipPlugin((u, i) => {
            const x = u.data[0][i];
            if (x == null) return undefined;
            const value = (s: number) => {
              const v = u.data[s]?.[i];
              return v == null ? "–" : spec.format(v);
            };
            const sofar = lastIsCurrent && i === u.data[0].length - 1;
            const before = comparedBucket(x, range, comparison);
            return {
              title: spec.label,
              lines: [
                { label: sofar ? `${full(x)} (so far)` : full(x), value: value(sofar ? 3 : 1), color: theme.current },
                ...(before === undefined ? [] : [{ label: full(before), value: value(2), color: theme.previous }]),
              ],
            };
          }),
        ],
      };
    },
    [hourly, spec, rows.length, range, comparison, compared, lastIsCurrent],
  );

  const values = rows.map((r) => Number(r[spec.id]));
  return <UPlotChart data={data} build={build} label={`${spec.label} per ${hourly ? "hour" : "day"}, this period${compared ? ` and ${COMPARISON_LABELS[comparison].toLowerCase()}` : ""}`} testId="kpi-chart" values={{ current: values, previous: data[2], lastIsCurrent }} />;
}
