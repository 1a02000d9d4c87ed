/**
 * The reporting period of a request, as a node other nodes read with scalar subqueries.
 * Dates are days in the request's time zone (`tz`, UTC by default); the default period is
 * the last 7 days, today and the 6 before: what the dashboard's default "Last 7 days"
 * shows (today included, so a first visit shows at once). The period compared with is, by
 * default (`compare=previous`), the same number of days ending the day before the current
 * one starts; with `compare=year`, the same days one year earlier (29 February compares
 * with 28 February), so a gap may lie between the two. `*_from`/`*_to` are the instants
 * those days begin/end.
 */
import { node } from "aviary/schema";
import { COMPARE_YEAR, TZ } from "./template.ts";

export const PERIOD_NODE = "period";

/** `names`: the parameters holding the first and last day (`web_vitals_events` keeps the public kit's `from_date`/`to_date`). */
export function periodNode(names: { from: string; to: string } = { from: "date_from", to: "date_to" }) {
  return node({
    name: PERIOD_NODE,
    sql: `SELECT
    {% if defined(${names.from}) %}toDate({{Date(${names.from})}}){% else %}toDate(now(), ${TZ}) - 6{% end %} AS current_start,
    {% if defined(${names.to}) %}toDate({{Date(${names.to})}}){% else %}toDate(now(), ${TZ}){% end %} AS current_end,
    toUInt32(greatest(0, dateDiff('day', current_start, current_end) + 1)) AS days,
    {% if ${COMPARE_YEAR} %}addYears(current_start, -1){% else %}current_start - days{% end %} AS previous_start,
    toDateTime(current_start, ${TZ}) AS current_from,
    toDateTime(current_end + 1, ${TZ}) AS current_to,
    toDateTime(previous_start, ${TZ}) AS previous_from,
    toDateTime(previous_start + days, ${TZ}) AS previous_to`,
  });
}

export function periodValue(column: "current_start" | "current_end" | "days" | "previous_start" | "current_from" | "current_to" | "previous_from" | "previous_to"): string {
  return `(SELECT ${column} FROM ${PERIOD_NODE})`;
}

/** Whether `column` (an instant inside either period, see inPeriod) is in the current one. */
export function isCurrent(column: string): string {
  return `${column} >= ${periodValue("current_from")}`;
}

/**
 * `column` (an instant) inside the current period, or inside either period when asked for.
 * Readers tell the two apart by `column >= current_from`: the previous period always ends
 * before the current one starts.
 */
export function inPeriod(column: string, previousToo: string | undefined): string {
  const current = `${column} >= ${periodValue("current_from")} AND ${column} < ${periodValue("current_to")}`;
  if (!previousToo) return current;
  return `{% if ${previousToo} %}${column} >= ${periodValue("previous_from")} AND ${column} < ${periodValue("current_to")}
    AND (${column} >= ${periodValue("current_from")} OR ${column} < ${periodValue("previous_to")}){% else %}${current}{% end %}`;
}
