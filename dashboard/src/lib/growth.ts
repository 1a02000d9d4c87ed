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
