/** One KPI: the period's total, its change and the compared total (unless comparisons are off); a button that puts it on the chart. */
import { hasNoValue, kpiFigure, type KpiMetricSpec } from "../lib/kpi-metrics.ts";
import { GrowthBadge } from "./growth-badge.tsx";

export interface KpiCardProps {
  readonly spec: KpiMetricSpec;
  readonly value: number;
  /** Undefined when comparisons are off. */
  readonly previous: number | undefined;
  readonly growth: number;
  /** Visits in each period: an average over none is shown as a dash, without a change. */
  readonly visits: { readonly current: number; readonly previous: number };
  readonly selected: boolean;
  onSelect(): void;
}

export function KpiCard({ spec, value, previous, growth, visits, selected, onSelect }: KpiCardProps) {
  return (
    <button type="button" className="kpi" aria-pressed={selected} onClick={onSelect} data-kpi={spec.id} title={`Show ${spec.label.toLowerCase()} on the chart`}>
      <span className="kpi-label">{spec.label}</span>
      <span className="kpi-value" data-value={value} title={hasNoValue(spec, visits.current) ? "No visits in this period" : spec.exact(value)}>
        {kpiFigure(spec, value, visits.current)}
      </span>
      {previous !== undefined && (
        <span className="kpi-previous">
          <GrowthBadge value={hasNoValue(spec, visits.current) || hasNoValue(spec, visits.previous) ? undefined : growth} previous={previous} polarity={spec.polarity} />{" "}
          <span data-previous={previous}>vs {kpiFigure(spec, previous, visits.previous)}</span>
        </span>
      )}
    </button>
  );
}
