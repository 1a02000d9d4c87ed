/**
 * The selected KPI over the period, one point per bucket (hour for a single day, else
 * day), with the previous period's bucket at the same position drawn dashed behind it; the
 * current, incomplete bucket is drawn apart (lib/incomplete-bucket.ts).
 */
import { useCallback, useMemo } from "react";
import type uPlot from "uplot";
import type { KpiRow } from "../api/pipe-rows.ts";
import { wallClockSeconds, withAlpha, type ChartTheme } from "../lib/chart-theme.ts";
import { COUNT_INCREMENTS, DAY_INCREMENTS, HOUR_INCREMENTS, tooltipPlugin } from "../lib/chart-tooltip.ts";
import { formatDay, formatHour } from "../lib/format.ts";
import { splitCurrentBucket } from "../lib/incomplete-bucket.ts";
import type { KpiMetricSpec } from "../lib/kpi-metrics.ts";
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
  readonly hourly: boolean;
  /** Length of the period in days: the previous bucket is this much earlier. */
  readonly days: number;
  /** The period reaches today: its last bucket is still filling up. */
  readonly lastIsCurrent: boolean;
}

export function KpiChart({ rows, spec, hourly, days, lastIsCurrent }: KpiChartProps) {
  const data = useMemo<uPlot.AlignedData>(() => {
    const { complete, current } = splitCurrentBucket(rows.map((r) => Number(r[spec.id])), lastIsCurrent);
    return [rows.map((r) => wallClockSeconds(r.date)), complete, rows.map((r) => Number(r[PREVIOUS[spec.id]!] ?? 0)), current];
  }, [rows, spec, lastIsCurrent]);

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
          { label: "Previous period", stroke: theme.previous, width: 1.5, dash: [5, 4], points: { show: false } },
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
            return {
              title: spec.label,
              lines: [
                { label: sofar ? `${full(x)} (so far)` : full(x), value: value(sofar ? 3 : 1), color: theme.current },
                { label: full(x - days * 86_400), value: value(2), color: theme.previous },
              ],
            };
          }),
        ],
      };
    },
    [hourly, spec, rows.length, days, lastIsCurrent],
  );

  const values = rows.map((r) => Number(r[spec.id]));
  return <UPlotChart data={data} build={build} label={`${spec.label} per ${hourly ? "hour" : "day"}, this period and the previous one`} testId="kpi-chart" values={{ current: values, previous: data[2], lastIsCurrent }} />;
}
