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
import { domainSql } from "./hits.ts";
import { inPeriod, periodValue } from "./period.ts";
import { domainFilter, eventDomainFilter, tenantFilter } from "./template.ts";

export const GOAL_VERSIONS_NODE = "goal_versions";

/** The columns that name a goal in every goal report, first. */
export const GOAL_COLUMNS = { domain: t.string(), goal_id: t.string(), name: t.string(), kind: t.string(), match: t.string() };

/** Actions of the tracker itself: never custom events, so an event goal never matches them. */
export const BUILTIN_ACTIONS = ["page_hit", "web_vital", "engagement"] as const;

/** The end of the last version's validity (well inside DateTime64's range in any server time zone). */
const FOREVER = "toDateTime64('2200-01-01 00:00:00', 3)";
const EPOCH = "toDateTime64(0, 3)";

/**
 * An anchored RE2 regex for a stored path pattern (an SQL expression): every regex
 * metacharacter of the pattern is escaped, then `**` becomes `.*` (anything) and `*`
 * becomes `[^/]*` (anything within one path segment). The whole pathname must match.
 */
export function pathRegexSql(pattern: string): string {
  const escaped = String.raw`replaceRegexpAll(${pattern}, '([\\\\.^$|?+()\\[\\]{}])', '\\\\\\1')`;
  return `concat('^(?:', arrayStringConcat(arrayMap(part -> replaceAll(part, '*', '[^/]*'), splitByString('**', ${escaped})), '.*'), ')$')`;
}

/**
 * Node `goal_versions`: one row per version in effect for the request's tenant_id/domain:
 * tenant_id, domain, goal_id, name, kind, match, path_regex, revenue_property, currency
 * (upper case), updated_at (when the version was written), valid_from, valid_to
 * (DateTime64(3); an event at `t` counts on the version with valid_from <= t < valid_to)
 * and is_current (the latest version: the goal as it is now).
 * Rows of an unknown kind are left out; versions written in the same millisecond are
 * ordered by their content, so every reader sees the same latest one.
 */
export function goalVersionsNode() {
  const frame = "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING";
  return node({
    name: GOAL_VERSIONS_NODE,
    sql: `%
SELECT
    tenant_id, domain, goal_id, name, kind, match,
    if(kind = 'page', ${pathRegexSql("match")}, '') AS path_regex,
    revenue_property, currency, updated_at, valid_from, valid_to,
    valid_to = ${FOREVER} AS is_current
FROM
(
    SELECT
        tenant_id, domain, goal_id, name, kind, match, revenue_property, upper(currency) AS currency, deleted, updated_at,
        if(row_number() OVER version_order = 1, ${EPOCH}, updated_at) AS valid_from,
        leadInFrame(updated_at, 1, ${FOREVER}) OVER (version_order ${frame}) AS valid_to,
        last_value(deleted) OVER (version_order ${frame}) AS goal_deleted
    FROM analytics_goals
    WHERE kind IN ('event', 'page') ${tenantFilter()} ${domainFilter()}
    WINDOW version_order AS (PARTITION BY tenant_id, domain, goal_id ORDER BY updated_at, deleted, kind, match, name, revenue_property, currency)
)
WHERE deleted = 0 AND goal_deleted = 0 AND valid_from < valid_to`,
  });
}

/** How SQL reaches a goal version's columns: a table alias (`g` for `g.kind`), or an accessor. */
export type GoalColumns = string | ((column: string) => string);

const columnsOf = (g: GoalColumns) => (typeof g === "string" ? (c: string) => `${g}.${c}` : g);

/** The goal_versions columns a conversion reads, in the order of goalVersionTuples. */
const TUPLE_FIELDS = ["tenant_id", "domain", "goal_id", "kind", "match", "path_regex", "valid_from", "valid_to", "revenue_property", "currency"];

/**
 * Every version in effect as one constant array of tuples (a scalar subquery), to match
 * events against with `arrayFilter` and ARRAY JOIN instead of a join: a join copied each
 * event, payload and all, once per goal of its domain (seconds for a large tenant).
 */
export function goalVersionTuples(): string {
  return `(SELECT groupArray(tuple(${TUPLE_FIELDS.join(", ")})) FROM ${GOAL_VERSIONS_NODE})`;
}

/** The accessor of goalVersionTuples' elements, for `v` one of them. */
export function tupleColumns(v: string): (column: string) => string {
  return (column) => {
    const index = TUPLE_FIELDS.indexOf(column);
    if (index < 0) throw new Error(`goal version tuples have no column ${column}`);
    return `tupleElement(${v}, ${index + 1})`;
  };
}

/**
 * Whether the event row `e` (an alias) converts on the goal version `g` (of goal_versions).
 * `e` needs tenant_id, domain, timestamp, action and pathname (the page's, for page hits).
 * With a join, join on tenant_id and domain and put this in WHERE (it repeats both).
 */
export function goalMatchCondition(goal: GoalColumns, e: string): string {
  const g = columnsOf(goal);
  return `(${g("tenant_id")} = ${e}.tenant_id AND ${g("domain")} = ${e}.domain
    AND ${e}.timestamp >= ${g("valid_from")} AND ${e}.timestamp < ${g("valid_to")}
    AND if(${g("kind")} = 'page',
        ${e}.action = 'page_hit' AND match(${e}.pathname, ${g("path_regex")}),
        ${e}.action = ${g("match")} AND ${e}.action NOT IN (${BUILTIN_ACTIONS.map((a) => `'${a}'`).join(", ")})))`;
}

/**
 * `AND …` keeping only the raw events that can convert on some goal of the request:
 * page hits, and custom events named by an event goal. The names are one scalar array:
 * `action IN (subquery)` made a small tenant's scan of analytics_events 4 times slower.
 */
export function goalEventsCondition(action = "action"): string {
  return `AND (${action} = 'page_hit' OR has((SELECT groupArray(match) FROM ${GOAL_VERSIONS_NODE} WHERE kind = 'event'), ${action}))`;
}

/** Longest pathname read, as hits.ts cuts it. */
const MAX_URL = 2048;

/**
 * Raw events of the request's tenant (and domain) over the period (both periods when
 * `previousToo`, a template condition, holds) that can convert on some goal, with what
 * goalMatchCondition reads: tenant_id, domain ('' for a custom event whose envelope, href
 * and payload name none), timestamp, action, pathname (page hits), payload, session_id,
 * current (1 in the current period, 0 in the previous one). Needs the period and
 * goal_versions nodes.
 */
export function goalEventsSql(previousToo?: string): string {
  const href = "JSONExtractString(payload, 'href')";
  return `SELECT tenant_id, timestamp, action, payload, ifNull(session_id, '0') AS session_id,
    timestamp >= ${periodValue("current_from")} AS current,
    ${domainSql("event_domain", href, "JSONExtractString(payload, 'domain')")} AS domain,
    if(action = 'page_hit', substringUTF8(JSONExtractString(payload, 'pathname'), 1, ${MAX_URL}), '') AS pathname
FROM (SELECT tenant_id, timestamp, action, payload, session_id, domain AS event_domain FROM analytics_events
    WHERE ${inPeriod("timestamp", previousToo)} ${tenantFilter()} ${eventDomainFilter()} ${goalEventsCondition()})`;
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
