/** The four KPIs: label, formatting, and which direction is good news. */
import type { KpiMetric } from "../state/view-state.ts";
import { formatCount, formatDuration, formatInteger, formatShare } from "./format.ts";
import type { Polarity } from "./growth.ts";

export interface KpiMetricSpec {
  readonly id: KpiMetric;
  readonly label: string;
  format(value: number): string;
  /** Chart axis ticks. */
  axis(value: number): string;
  /** A count: the axis ticks only whole numbers. */
  readonly count?: boolean;
  /** The unabbreviated value, for tooltips. */
  exact(value: number): string;
  readonly polarity: Polarity;
  /** An average over visits: a period without visits has none (shown as a dash, not 0). */
  readonly perVisit?: boolean;
}

export const KPI_SPECS: readonly KpiMetricSpec[] = [
  { id: "visits", label: "Visitors", format: formatCount, axis: formatCount, count: true, exact: formatInteger, polarity: "up-is-good" },
  { id: "pageviews", label: "Page views", format: formatCount, axis: formatCount, count: true, exact: formatInteger, polarity: "up-is-good" },
  { id: "bounce_rate", label: "Bounce rate", format: formatShare, axis: formatShare, exact: (v) => `${(v * 100).toFixed(2)}%`, polarity: "down-is-good", perVisit: true },
  { id: "avg_session_sec", label: "Visit duration", format: formatDuration, axis: formatDuration, exact: (v) => `${v.toFixed(1)} s`, polarity: "up-is-good", perVisit: true },
];

export function kpiSpec(id: KpiMetric): KpiMetricSpec {
  return KPI_SPECS.find((s) => s.id === id)!;
}

/** Whether a period with `visits` visits has no value of this KPI: an average over no visits. */
export function hasNoValue(spec: KpiMetricSpec, visits: number): boolean {
  return spec.perVisit === true && visits === 0;
}

/** What a card shows for a period with `visits` visits: a dash where an average over no visits would read as a measured 0. */
export function kpiFigure(spec: KpiMetricSpec, value: number, visits: number): string {
  return hasNoValue(spec, visits) ? "—" : spec.format(value);
}
