/**
 * What a visit came from: its first page view's path, source, channel and campaign. The
 * visits view keeps them as one `argMin` tuple in this order (the SDK's tuples are
 * positional), and the reports read them back by position.
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

/** SQL: one field of a merged landing tuple. */
export function landingFieldSql(tuple: string, field: LandingField): string {
  return `tupleElement(${tuple}, ${LANDING_FIELDS.indexOf(field) + 1})`;
}
