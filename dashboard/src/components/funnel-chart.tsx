/**
 * The funnel as bars: one per step, its length the share of step 1's sessions (or visitors)
 * that got that far; beside it their count, the conversion from step 1 and from the step before,
 * the drop-off and the median time from the step before. Plain HTML, so it reads the same
 * to a screen reader (a list of steps) as on screen.
 */
import type { FunnelRow } from "../api/pipe-rows.ts";
import { formatDuration, formatInteger, formatShare } from "../lib/format.ts";
import type { FunnelUnit } from "../lib/funnel-steps.ts";

const COUNTED: Record<FunnelUnit, readonly [string, string]> = { session: ["visit", "visits"], visitor: ["visitor", "visitors"] };

export function FunnelChart({ rows, per }: { readonly rows: readonly FunnelRow[]; readonly per: FunnelUnit }) {
  return (
    <ol className="funnel-chart" data-testid="funnel-chart">
      {rows.map((row) => {
        const share = Number(row.conversion_rate);
        return (
          <li key={row.step} className="funnel-step" data-step={row.step} data-visitors={row.visitors}>
            <div className="funnel-step-head">
              <span className="funnel-step-number">{row.step}</span>
              <span className="funnel-step-label" title={row.label}>
                {row.label}
              </span>
              <span className="funnel-step-visitors">
                <strong>{formatInteger(Number(row.visitors))}</strong> {COUNTED[per][Number(row.visitors) === 1 ? 0 : 1]}
              </span>
            </div>
            <div className="funnel-track" role="presentation">
              <div className="funnel-bar" style={{ width: `${Math.max(0, Math.min(1, share)) * 100}%` }} />
            </div>
            <p className="funnel-step-facts">
              <span data-fact="conversion">{formatShare(share)} of step 1</span>
              {row.step > 1 && (
                <>
                  <span data-fact="step-conversion">{formatShare(Number(row.step_conversion))} of the step before</span>
                  <span data-fact="dropoff">{formatInteger(Number(row.dropoff))} dropped off</span>
                  {row.median_seconds_from_previous !== null && (
                    <span data-fact="median">median {formatDuration(Number(row.median_seconds_from_previous))} from the step before</span>
                  )}
                </>
              )}
            </p>
          </li>
        );
      })}
    </ol>
  );
}
