/**
 * Goals as SQL: the versions of the request's goals with the time each applies to, and
 * whether an event converts on one. Shared by the goal endpoints, funnels (`goal:ID`
 * steps) and property conversions.
 *
 * A goal's first version applies to all history (creating a goal is retroactive); each
 * later version applies from its `updated_at` on, so an edit never recounts earlier
 * events. A goal whose latest version is deleted leaves every report, all periods.
 */
import { node, t } from "aviary/schema";
import { sqlString } from "./literal.ts";
import { domainFilter, stringParam, tenantFilter } from "./template.ts";

/**
 * The longest event name or path pattern a version may have. A pattern becomes a regular
 * expression whose cost per page view grows with its length, and the Events API stores
 * whatever a tenant sends: a longer version is left out, as if it had not been written, so
 * one tenant's goal cannot hold the engine for everyone (the dashboard refuses it first).
 */
export const MAX_MATCH_CHARS = 500;

/**
 * The most goals of a tenant (in the domain asked for, else in all its domains) the reports
 * read, the first created first: each is matched against every pathname of the period, and a
 * tenant writes as many as it likes (5,000 held every tenant's queries 13 s).
 */
const MAX_GOALS = 200;

export const GOAL_VERSIONS_NODE = "goal_versions";

/** The columns that name a goal in every goal report, first. */
export const GOAL_COLUMNS = { domain: t.string(), goal_id: t.string(), name: t.string(), kind: t.string(), match: t.string() };

/** Actions of the tracker itself: never custom events, so an event goal never matches them. */
export const BUILTIN_ACTIONS = ["page_hit", "web_vital", "engagement"] as const;
/** BUILTIN_ACTIONS as an SQL list, for `action NOT IN (…)`. */
export const BUILTIN_ACTIONS_SQL = BUILTIN_ACTIONS.map(sqlString).join(", ");

/** The end of the last version's validity (well inside DateTime64's range in any server time zone). */
const FOREVER = "toDateTime64('2200-01-01 00:00:00', 3)";
const EPOCH = "toDateTime64(0, 3)";

/**
 * An anchored RE2 regex for a stored path pattern (an SQL expression): every regex
 * metacharacter of the pattern is escaped, then `**` becomes `.*` (anything) and `*`
 * becomes `[^/]*` (anything within one path segment). The whole pathname must match.
 * No lambda, so that a constant pattern gives a constant regex, folded while the query is
 * planned: `**` waits as a NUL byte while `*` is replaced (the pattern's own NULs are
 * escaped first).
 */
export function pathRegexSql(pattern: string): string {
  const escaped = String.raw`replaceAll(replaceRegexpAll(${pattern}, '([\\\\.^$|?+()\\[\\]{}])', '\\\\\\1'), '\0', '\\x00')`;
  return String.raw`concat('^(?:', replaceAll(replaceAll(replaceAll(${escaped}, '**', '\0'), '*', '[^/]*'), '\0', '.*'), ')$')`;
}

/** The analytics_goals rows of the request's goals (of its tenant and domain; of `goalParam` when that is given). */
export function goalRowsCondition(goalParam?: string): string {
  return `kind IN ('event', 'page') AND length(match) <= ${MAX_MATCH_CHARS} ${tenantFilter()} ${domainFilter()}
        ${goalParam ? `{% if defined(${goalParam}) %} AND goal_id = ${stringParam(goalParam)} {% end %}` : ""}`;
}

/**
 * Node `goal_versions`: one row per version in effect for the request's tenant_id/domain:
 * tenant_id, domain, goal_id, name, kind, match, path_regex, revenue_property, currency
 * (upper case), updated_at (when the version was written), valid_from, valid_to
 * (DateTime64(3); an event at `t` counts on the version with valid_from <= t < valid_to)
 * and is_current (the latest version: the goal as it is now).
 * Rows of an unknown kind, or a `match` over MAX_MATCH_CHARS, are left out, and so are
 * goals beyond the first MAX_GOALS of the tenant; versions
 * written in the same millisecond are ordered by their content, so every reader sees the same latest one. `goalParam` names a
 * request parameter that, when given, keeps that goal_id only (a report on one goal then
 * reads only the events that goal's kind converts on).
 */
export function goalVersionsNode(goalParam?: string) {
  const frame = "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING";
  return node({
    name: GOAL_VERSIONS_NODE,
    sql: `SELECT
    tenant_id, domain, goal_id, name, kind, match,
    if(kind = 'page', ${pathRegexSql("match")}, '') AS path_regex,
    revenue_property, currency, updated_at, valid_from, valid_to,
    valid_to = ${FOREVER} AS is_current
FROM
(
SELECT *, dense_rank() OVER (PARTITION BY tenant_id ORDER BY first_written, domain, goal_id) AS goal_rank
FROM
(
    SELECT
        tenant_id, domain, goal_id, name, kind, match, revenue_property, upper(currency) AS currency, deleted, updated_at,
        if(row_number() OVER version_order = 1, ${EPOCH}, updated_at) AS valid_from,
        leadInFrame(updated_at, 1, ${FOREVER}) OVER (version_order ${frame}) AS valid_to,
        last_value(deleted) OVER (version_order ${frame}) AS goal_deleted,
        first_value(updated_at) OVER (version_order ${frame}) AS first_written
    FROM analytics_goals
    WHERE ${goalRowsCondition(goalParam)}
    WINDOW version_order AS (PARTITION BY tenant_id, domain, goal_id ORDER BY updated_at, deleted, kind, match, name, revenue_property, currency)
)
WHERE deleted = 0 AND goal_deleted = 0 AND valid_from < valid_to
)
WHERE goal_rank <= ${MAX_GOALS}`,
  });
}

/** How SQL reaches a goal version's columns: a table alias (`g` for `g.kind`), or an accessor. */
export type GoalColumns = string | ((column: string) => string);

const columnsOf = (g: GoalColumns) => (typeof g === "string" ? (c: string) => `${g}.${c}` : g);

/**
 * Whether the event row `e` (an alias) converts on the goal version `g` (of goal_versions).
 * `e` needs tenant_id, domain, timestamp, action and pathname (the page's, for page hits).
 * With a join, join on tenant_id and domain and put this in WHERE (it repeats both).
 * `pathMatches` replaces the pattern match when the caller matched the pathname already
 * (goal-events.ts: once per pathname; a pattern that is not a constant is looked up for
 * every row it is applied to).
 */
export function goalMatchCondition(goal: GoalColumns, e: string, pathMatches?: string): string {
  const g = columnsOf(goal);
  return `(${g("tenant_id")} = ${e}.tenant_id AND ${g("domain")} = ${e}.domain
    AND ${e}.timestamp >= ${g("valid_from")} AND ${e}.timestamp < ${g("valid_to")}
    AND if(${g("kind")} = 'page',
        ${e}.action = 'page_hit' AND ${pathMatches ?? `match(${e}.pathname, ${g("path_regex")})`},
        ${e}.action = ${g("match")} AND ${e}.action NOT IN (${BUILTIN_ACTIONS_SQL})))`;
}

/**
 * The revenue an event's `payload` carries for a goal version `g`: its `revenue_property`
 * as a number (a JSON number, or a string of digits with an optional sign and decimals),
 * when the payload's `currency` is absent or empty or equals the goal's (case-insensitive);
 * else 0.
 */
export function revenueSql(goal: GoalColumns, payload = "payload"): string {
  const g = columnsOf(goal);
  const prop = g("revenue_property");
  const text = `JSONExtractString(${payload}, ${prop})`;
  const amount = `multiIf(JSONType(${payload}, ${prop}) IN ('Int64', 'UInt64', 'Double'), JSONExtractFloat(${payload}, ${prop}),
        JSONType(${payload}, ${prop}) = 'String' AND match(${text}, '^-?[0-9]+(\\\\.[0-9]+)?$'), toFloat64OrZero(${text}), 0.)`;
  const currency = `JSONExtractString(${payload}, 'currency')`;
  return `if(${prop} != '' AND (${currency} = '' OR upper(${currency}) = ${g("currency")}), ${amount}, 0.)`;
}
