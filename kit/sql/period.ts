/**
 * The reporting period of a request: constant expressions of its parameters, and a node
 * holding them as one row.
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

type PeriodColumn = "current_start" | "current_end" | "days" | "previous_start" | "current_from" | "current_to" | "previous_from" | "previous_to";

/** The parameters holding the first and last day (`web_vitals_events` keeps the public kit's `from_date`/`to_date`). */
interface PeriodNames {
  readonly from: string;
  readonly to: string;
}

const DATE_PARAMS: PeriodNames = { from: "date_from", to: "date_to" };

/**
 * Each value as a constant expression of the request's parameters. Readers inline these
 * instead of reading the period node through scalar subqueries: ClickHouse folds a
 * constant while it analyses the query, but plans and runs every scalar subquery
 * (a dozen of them were 13% of a goals request for a small tenant).
 */
function periodExpressions(names: PeriodNames): Record<PeriodColumn, string> {
  const currentStart = `{% if defined(${names.from}) %}toDate({{Date(${names.from})}}){% else %}(toDate(now(), ${TZ}) - 6){% end %}`;
  const currentEnd = `{% if defined(${names.to}) %}toDate({{Date(${names.to})}}){% else %}toDate(now(), ${TZ}){% end %}`;
  const days = `toUInt32(greatest(0, dateDiff('day', ${currentStart}, ${currentEnd}) + 1))`;
  const previousStart = `{% if ${COMPARE_YEAR} %}addYears(${currentStart}, -1){% else %}(${currentStart} - ${days}){% end %}`;
  return {
    current_start: currentStart,
    current_end: currentEnd,
    days,
    previous_start: previousStart,
    current_from: `toDateTime(${currentStart}, ${TZ})`,
    current_to: `toDateTime(${currentEnd} + 1, ${TZ})`,
    previous_from: `toDateTime(${previousStart}, ${TZ})`,
    previous_to: `toDateTime(${previousStart} + ${days}, ${TZ})`,
  };
}

/** The period as one row, for nodes that select it whole (kpis' days). */
export function periodNode(names: PeriodNames = DATE_PARAMS) {
  const values = periodExpressions(names);
  return node({
    name: PERIOD_NODE,
    sql: `SELECT
    ${Object.entries(values).map(([column, sql]) => `${sql} AS ${column}`).join(",\n    ")}`,
  });
}

export function periodValue(column: PeriodColumn, names: PeriodNames = DATE_PARAMS): string {
  return `(${periodExpressions(names)[column]})`;
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
export function inPeriod(column: string, previousToo: string | undefined, names: PeriodNames = DATE_PARAMS): string {
  const value = (c: PeriodColumn) => periodValue(c, names);
  const current = `${column} >= ${value("current_from")} AND ${column} < ${value("current_to")}`;
  if (!previousToo) return current;
  return `{% if ${previousToo} %}${column} >= ${value("previous_from")} AND ${column} < ${value("current_to")}
    AND (${column} >= ${value("current_from")} OR ${column} < ${value("previous_to")}){% else %}${current}{% end %}`;
}
