/** The change against the previous period, green when it is good news, red when not; "new" when there was none. */
import { formatGrowth } from "../lib/format.ts";
import { growthText, growthTone, type Polarity } from "../lib/growth.ts";

export interface GrowthBadgeProps {
  readonly value: number | undefined;
  /** The previous period's figure, when known: 0 makes the badge say "new". */
  readonly previous?: number;
  readonly polarity?: Polarity;
  readonly label?: string;
}

export function GrowthBadge({ value, previous, polarity = "up-is-good", label }: GrowthBadgeProps) {
  if (value === undefined || Number.isNaN(value)) return null;
  const text = growthText(value, previous, formatGrowth);
  const tone = text === "new" ? "flat" : growthTone(value, polarity);
  return (
    <span className={`growth ${tone}`} data-value={value} title={text === "new" ? "None in the previous period" : (label ?? "Change against the previous period")}>
      {text}
    </span>
  );
}
