/** One KPI: the period's total, its change and the compared total (unless comparisons are off); a button that puts it on the chart. */
import type { KpiMetricSpec } from "../lib/kpi-metrics.ts";
import { GrowthBadge } from "./growth-badge.tsx";

export interface KpiCardProps {
  readonly spec: KpiMetricSpec;
  readonly value: number;
  /** Undefined when comparisons are off. */
  readonly previous: number | undefined;
  readonly growth: number;
  readonly selected: boolean;
  onSelect(): void;
}

export function KpiCard({ spec, value, previous, growth, selected, onSelect }: KpiCardProps) {
  return (
    <button type="button" className="kpi" aria-pressed={selected} onClick={onSelect} data-kpi={spec.id} title={`Show ${spec.label.toLowerCase()} on the chart`}>
      <span className="kpi-label">{spec.label}</span>
      <span className="kpi-value" data-value={value} title={spec.exact(value)}>
        {spec.format(value)}
      </span>
      {previous !== undefined && (
        <span className="kpi-previous">
          <GrowthBadge value={growth} previous={previous} polarity={spec.polarity} />{" "}
          <span data-previous={previous}>vs {spec.format(previous)}</span>
        </span>
      )}
    </button>
  );
}
