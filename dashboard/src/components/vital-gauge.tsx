/**
 * One web vital as a half-dial: bands for excellent / good / poor at the kit's thresholds,
 * a needle at the 75th percentile (the value Core Web Vitals assess), and below it how
 * the period's measurements split between the three bands.
 */
import type { WebVitalCurrentRow } from "../api/pipe-rows.ts";
import { formatInteger, formatShare } from "../lib/format.ts";
import { CATEGORY_LABELS, VITALS, formatVital, vitalCategory, type VitalCategory } from "../lib/web-vitals.ts";
import type { VitalMetric } from "../state/view-state.ts";

const CX = 60;
const CY = 56;
const R = 46;

/** A point on the dial for a 0–1 fraction (0 left, 1 right). */
function point(fraction: number, radius = R): [number, number] {
  const angle = Math.PI * (1 - fraction);
  return [CX + radius * Math.cos(angle), CY - radius * Math.sin(angle)];
}

function arc(from: number, to: number): string {
  const [x1, y1] = point(from);
  const [x2, y2] = point(to);
  return `M ${x1.toFixed(2)} ${y1.toFixed(2)} A ${R} ${R} 0 0 1 ${x2.toFixed(2)} ${y2.toFixed(2)}`;
}

export interface VitalGaugeProps {
  readonly metric: VitalMetric;
  readonly current?: WebVitalCurrentRow;
  readonly shares: Partial<Record<VitalCategory, number>>;
  readonly selected: boolean;
  onSelect(): void;
}

export function VitalGauge({ metric, current, shares, selected, onSelect }: VitalGaugeProps) {
  const def = VITALS[metric];
  const [excellent, good] = def.thresholds;
  const max = good * 1.5;
  const value = current?.p75;
  const category = value === undefined ? undefined : vitalCategory(metric, value);
  const needle = value === undefined ? undefined : point(Math.min(1, value / max), R - 8);
  return (
    <button type="button" className="gauge" aria-pressed={selected} onClick={onSelect} data-vital={metric} title={`${def.name}: ${def.what}. Show it on the chart.`}>
      <span className="gauge-metric">{metric}</span>
      <span className="gauge-name">{def.name}</span>
      <svg viewBox="0 0 120 64" aria-hidden="true">
        <path d={arc(0, excellent / max)} stroke="var(--good)" strokeWidth="9" fill="none" />
        <path d={arc(excellent / max, good / max)} stroke="var(--warn)" strokeWidth="9" fill="none" />
        <path d={arc(good / max, 1)} stroke="var(--bad)" strokeWidth="9" fill="none" />
        {needle && (
          <>
            <line x1={CX} y1={CY} x2={needle[0]} y2={needle[1]} stroke="var(--text)" strokeWidth="2.5" strokeLinecap="round" />
            <circle cx={CX} cy={CY} r="4" fill="var(--text)" />
          </>
        )}
      </svg>
      {value === undefined ? (
        <span className="note">No measurements</span>
      ) : (
        <>
          <span className="gauge-value" data-value={value}>
            {formatVital(metric, value)}
          </span>
          <span className={`category ${category}`} data-status={current?.status}>
            {CATEGORY_LABELS[category!]}
          </span>
          <span className="note">
            p75 · {formatInteger(current!.measurements)} {current!.measurements === 1 ? "measurement" : "measurements"}
          </span>
        </>
      )}
      <span className="distribution" aria-label={(["excellent", "good", "poor"] as const).map((c) => `${CATEGORY_LABELS[c]} ${formatShare(shares[c] ?? 0)}`).join(", ")}>
        {(["excellent", "good", "poor"] as const).map((c) => (
          <span key={c} className={c} style={{ width: `${(shares[c] ?? 0) * 100}%` }} data-share={shares[c] ?? 0} />
        ))}
      </span>
    </button>
  );
}
