/** The change against the compared period, green when it is good news, red when not; "new" when there was none, nothing when neither period had any. */
import { COMPARED_WITH } from "../lib/comparison.ts";
import { formatGrowth } from "../lib/format.ts";
import { growthText, growthTone, type Polarity } from "../lib/growth.ts";
import { useReport } from "../state/report-context.ts";

export interface GrowthBadgeProps {
  readonly value: number | undefined;
  /** The compared period's figure, when known: 0 makes the badge say "new". */
  readonly previous?: number;
  readonly polarity?: Polarity;
}

export function GrowthBadge({ value, previous, polarity = "up-is-good" }: GrowthBadgeProps) {
  const compared = COMPARED_WITH[useReport().view.compare];
  if (value === undefined || Number.isNaN(value) || compared === "") return null;
  const text = growthText(value, previous, formatGrowth);
  if (text === "") return null;
  const tone = text === "new" ? "flat" : growthTone(value, polarity);
  return (
    <span className={`growth ${tone}`} data-value={value} title={text === "new" ? `None in ${compared}` : `Change against ${compared}`}>
      {text}
    </span>
  );
}
