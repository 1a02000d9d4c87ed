/** What the period is compared with (lib/comparison.ts), kept in the URL as `compare=`. */
import { COMPARISONS, COMPARISON_LABELS, type Comparison } from "../lib/comparison.ts";
import { useReport } from "../state/report-context.ts";

export function ComparePicker() {
  const { view, setView } = useReport();
  return (
    <label className="field compare-picker">
      Compare with
      <select className="select" value={view.compare} onChange={(e) => setView({ compare: e.currentTarget.value as Comparison })} data-testid="compare-picker">
        {COMPARISONS.map((c) => (
          <option key={c} value={c}>
            {COMPARISON_LABELS[c]}
          </option>
        ))}
      </select>
    </label>
  );
}
