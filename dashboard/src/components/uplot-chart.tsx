/**
 * uPlot in React: the chart is built when its data, options or the colour scheme change,
 * and resized (not rebuilt) when its box changes. `build` receives the width and theme.
 */
import { useEffect, useRef } from "preact/compat";
import uPlot from "uplot";
import { chartTheme, type ChartTheme } from "../lib/chart-theme.ts";
import { useColorScheme } from "../state/use-color-scheme.ts";

export interface UPlotChartProps {
  readonly data: uPlot.AlignedData;
  readonly build: (width: number, theme: ChartTheme) => uPlot.Options;
  /** What the chart shows, for screen readers (the numbers are also in the KPI cards/tables). */
  readonly label: string;
  readonly testId?: string;
  /** The plotted numbers as JSON, in a data attribute (as other widgets expose exact values). */
  readonly values?: unknown;
}

export function UPlotChart({ data, build, label, testId, values }: UPlotChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const scheme = useColorScheme();

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const chart = new uPlot(build(Math.max(200, element.clientWidth), chartTheme()), data, element);
    const observer = new ResizeObserver(() => {
      const width = Math.max(200, element.clientWidth);
      if (width !== chart.width) chart.setSize({ width, height: chart.height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [data, build, scheme]);

  return <div className="chart" ref={box} role="img" aria-label={label} data-testid={testId} data-values={values === undefined ? undefined : JSON.stringify(values)} />;
}

/** uPlot reads times as epoch seconds; our x values are wall-clock text placed in UTC. */
export const utcDate = (ts: number) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC");
