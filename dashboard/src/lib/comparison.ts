/**
 * What the period is compared with: the same number of days just before (the default),
 * the same days a year earlier, or nothing. The kit computes both periods (`compare=year`);
 * the dashboard only needs the compared days for labels and tooltips.
 */
import type { Params } from "../api/api-client.ts";
import { addDays, type DateRange } from "../state/date-range.ts";

export const COMPARISONS = ["previous", "year", "off"] as const;
export type Comparison = (typeof COMPARISONS)[number];

export const COMPARISON_LABELS: Readonly<Record<Comparison, string>> = {
  previous: "Previous period",
  year: "Same period last year",
  off: "No comparison",
};

/** The words after "Change against …" in titles. */
export const COMPARED_WITH: Readonly<Record<Comparison, string>> = {
  previous: "the previous period",
  year: "the same period last year",
  off: "",
};

/** The endpoint parameters that ask for the comparison; none when it is off. */
export function comparisonParams(comparison: Comparison): Params {
  if (comparison === "off") return {};
  return comparison === "year" ? { include_previous_period: true, compare: "year" } : { include_previous_period: true };
}

/** The same day a year earlier; 29 February becomes the 28th, as the kit's ClickHouse `addYears` does. */
export function yearEarlier(date: string): string {
  const year = Number(date.slice(0, 4)) - 1;
  const monthDay = date.slice(5);
  const leap = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
  return `${String(year).padStart(4, "0")}-${monthDay === "02-29" && !leap ? "02-28" : monthDay}`;
}

/** The first day compared with, undefined when off; the compared days run as many days as the range. */
export function comparedStart(range: DateRange, comparison: Comparison): string | undefined {
  if (comparison === "off") return undefined;
  return comparison === "year" ? yearEarlier(range.date_from) : addDays(range.date_from, -range.days);
}

/**
 * The start of the bucket compared with the one starting at `seconds` (wall-clock seconds,
 * as the charts plot them): the bucket at the same position in the compared days.
 */
export function comparedBucket(seconds: number, range: DateRange, comparison: Comparison): number | undefined {
  const start = comparedStart(range, comparison);
  if (start === undefined) return undefined;
  const offset = Date.parse(`${range.date_from}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`);
  return seconds - offset / 1000;
}
