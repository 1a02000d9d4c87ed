/** The change against the previous period, green when it is good news, red when not. */
import { formatGrowth } from "../lib/format.ts";
import { growthTone, type Polarity } from "../lib/growth.ts";

export function GrowthBadge({ value, polarity = "up-is-good", label }: { value: number | undefined; polarity?: Polarity; label?: string }) {
  if (value === undefined || Number.isNaN(value)) return null;
  const tone = growthTone(value, polarity);
  return (
    <span className={`growth ${tone}`} data-value={value} title={label ?? "Change against the previous period"}>
      {value === 0 ? "0%" : formatGrowth(value)}
    </span>
  );
}
