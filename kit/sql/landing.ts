/**
 * What a visit came from: its first page view's path, source, channel and campaign. The
 * visits view keeps them in this order after the page view's time, as one tuple whose
 * smallest value is the first page view (the SDK's tuples are positional), and the reports
 * read them back by position.
 */
import { UTM_KEYS } from "./hits.ts";

export const LANDING_FIELDS = ["entry_page", "source", "channel", ...UTM_KEYS] as const;
export type LandingField = (typeof LANDING_FIELDS)[number];

/** The hit column each landing field is taken from. */
export function landingColumn(field: LandingField): string {
  return field === "entry_page" ? "pathname" : field;
}

/** SQL: a page view's time and landing fields, the tuple the visits view keeps the smallest of (`first_view`). */
export function firstViewSql(): string {
  return `tuple(timestamp, ${LANDING_FIELDS.map(landingColumn).join(", ")})`;
}

/** SQL: one landing field of a `first_view` tuple (its first element is the time). */
export function firstViewFieldSql(tuple: string, field: LandingField): string {
  return `tupleElement(${tuple}, ${LANDING_FIELDS.indexOf(field) + 2})`;
}
