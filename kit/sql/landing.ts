/**
 * What a visit came from: its first page view's path, source, channel and campaign, as one
 * tuple in this order (the SDK's tuples are positional), read back by position. The visits
 * view keeps them after the page view's time (`first_view`).
 */
import { UTM_KEYS } from "./hits.ts";

export const LANDING_FIELDS = ["entry_page", "source", "channel", ...UTM_KEYS] as const;
export type LandingField = (typeof LANDING_FIELDS)[number];

/** The hit column each landing field is taken from. */
export function landingColumn(field: LandingField): string {
  return field === "entry_page" ? "pathname" : field;
}

/** SQL: the tuple the visits view stores, from a page view's columns. */
export function landingTupleSql(): string {
  return `tuple(${LANDING_FIELDS.map(landingColumn).join(", ")})`;
}

/** SQL: one field of a landing tuple, or of a tuple holding `before` other elements first. */
export function landingFieldSql(tuple: string, field: LandingField, before = 0): string {
  return `tupleElement(${tuple}, ${before + LANDING_FIELDS.indexOf(field) + 1})`;
}

/** SQL: a page view's order in the visits view (`first_view`, `last_view`): its time, in seconds. */
export function visitOrderSql(time: string): string {
  return `toUInt64(toUnixTimestamp(${time}))`;
}
