/**
 * Growth between periods, by the kit's own rule (kit/sql/template.ts `growth`): 100 when
 * only the current period has any, 0 when neither has, else rounded to two decimals. The
 * dashboard needs it for totals it adds up itself, and must agree with the endpoints.
 */
export function growthPercentage(current: number, previous: number): number {
  if (previous === 0) return current > 0 ? 100 : 0;
  return Math.round(((current - previous) * 100) / previous * 100) / 100;
}

/** Whether a rise is good news: more visitors yes, a higher bounce rate no. */
export type Polarity = "up-is-good" | "down-is-good";

export function growthTone(pct: number, polarity: Polarity = "up-is-good"): "good" | "bad" | "flat" {
  if (pct === 0) return "flat";
  return pct > 0 === (polarity === "up-is-good") ? "good" : "bad";
}

/**
 * What a change badge says: "new" when only the current period has any (the kit's growth is
 * then 100, and "+100% vs 0" reads as a doubling), nothing when neither has ("0% vs 0" reads
 * as a measured standstill), else the percentage.
 */
export function growthText(pct: number, previous: number | undefined, format: (pct: number) => string): string {
  if (previous === 0) return pct > 0 ? "new" : "";
  return pct === 0 ? "0%" : format(pct);
}
