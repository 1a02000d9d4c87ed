/**
 * The reporting period of a request, as a node other nodes read with scalar subqueries.
 * Dates are days in the request's time zone (`tz`, UTC by default); the default period is
 * the last 7 days, today and the 6 before: what the dashboard's default "Last 7 days"
 * shows (today included, so a first visit shows at once). The previous period has the same length and ends the day
 * before the current one starts. `*_from`/`*_to` are the instants those days begin/end.
 */
import { node } from "aviary/schema";
import { TZ } from "./template.ts";

export const PERIOD_NODE = "period";

/** `names`: the parameters holding the first and last day (`web_vitals_events` keeps the public kit's `from_date`/`to_date`). */
export function periodNode(names: { from: string; to: string } = { from: "date_from", to: "date_to" }) {
  return node({
    name: PERIOD_NODE,
    sql: `%
SELECT
    {% if defined(${names.from}) %}toDate({{Date(${names.from})}}){% else %}toDate(now(), ${TZ}) - 6{% end %} AS current_start,
    {% if defined(${names.to}) %}toDate({{Date(${names.to})}}){% else %}toDate(now(), ${TZ}){% end %} AS current_end,
    toUInt32(greatest(0, dateDiff('day', current_start, current_end) + 1)) AS days,
    current_start - days AS previous_start,
    toDateTime(current_start, ${TZ}) AS current_from,
    toDateTime(current_end + 1, ${TZ}) AS current_to,
    toDateTime(previous_start, ${TZ}) AS previous_from`,
  });
}

export function periodValue(column: "current_start" | "current_end" | "days" | "previous_start" | "current_from" | "current_to" | "previous_from"): string {
  return `(SELECT ${column} FROM ${PERIOD_NODE})`;
}

/** `column` (an instant) inside the current period, or inside previous + current when asked for. */
export function inPeriod(column: string, previousToo: string | undefined): string {
  const from = previousToo
    ? `{% if ${previousToo} %}${periodValue("previous_from")}{% else %}${periodValue("current_from")}{% end %}`
    : periodValue("current_from");
  return `${column} >= ${from} AND ${column} < ${periodValue("current_to")}`;
}
