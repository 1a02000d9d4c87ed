/**
 * Template fragments shared by the endpoints (Tinybird's template language; request
 * values arrive as raw strings). Each returns text to splice into a node's SQL.
 */
import { roundHalfUp } from "./literal.ts";

/** The report time zone as a SQL string literal; ClickHouse rejects unknown zones. */
export const TZ = "{{String(tz, 'UTC')}}";

/** Request values are raw strings: the flag is on only for the exact text `true`. */
export const WITH_PREVIOUS = "include_previous_period == 'true'";

/** `compare=year`: the period compared with is the same days one year earlier. */
export const COMPARE_YEAR = "defined(compare) and compare == 'year'";

/** `date_from == date_to`: one day, reported by hour. */
export const SINGLE_DAY = "defined(date_from) and defined(date_to) and date_from == date_to";

/**
 * A request value as an SQL string literal, to compare with `=`. `String()` escapes `%` as
 * `\\%` (Tinybird's escape, for LIKE patterns), which ClickHouse keeps as two characters, so
 * a value holding `%` (a percent-encoded path, an event named `50%off`) would equal nothing.
 */
export function stringParam(name: string, fallback?: string): string {
  return `{{sql_unescape(String(${name}${fallback === undefined ? "" : `, ${fallback}`}), '%')}}`;
}

export function tenantFilter(column = "tenant_id"): string {
  return `{% if defined(tenant_id) %} AND ${column} = ${stringParam("tenant_id")} {% end %}`;
}

export function domainFilter(column = "domain"): string {
  return `{% if defined(domain) %} AND ${column} = ${stringParam("domain")} {% end %}`;
}

/**
 * On raw `analytics_events`: the parsed domain falls back to the page host only when the
 * envelope's is empty, so this keeps rows the sorting key can find; `domainFilter` on the
 * parsed column then decides.
 */
export function eventDomainFilter(column = "domain"): string {
  return `{% if defined(domain) %} AND (${column} = ${stringParam("domain")} OR ${column} = '') {% end %}`;
}

export function tenantAndDomain(): string {
  return `${tenantFilter()} ${domainFilter()}`;
}

/** `LIMIT skip, limit` with the kit's defaults. */
export function paging(defaultLimit = 50): string {
  return `LIMIT {{Int32(skip, 0)}}, {{Int32(limit, ${defaultLimit})}}`;
}

/**
 * Growth of `current` over `previous` in percent: 100 when only the current period has
 * any, 0 when neither has, else rounded to two decimals.
 */
export function growth(current: string, previous: string): string {
  return `multiIf(${previous} = 0 AND ${current} > 0, 100., ${previous} = 0, 0., ${roundHalfUp(`(${current} - ${previous}) * 100 / ${previous}`, 2)})`;
}
