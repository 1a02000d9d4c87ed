/**
 * Conversions for the goal reports, in two nodes after `period` and `goal_versions`.
 *
 * `visits_in_scope`: the visits the report is about, one row per session and period, with
 * the session's domain: sessions with a page view in the period that passes the request's
 * filters and is not a bot's (unless include_bots=true). Page-view filters (pathname,
 * location, device, browser) keep the sessions with a matching page view; visit filters
 * keep the visits that match, judged in each period apart (filters.ts). Its rows are the
 * visitors a conversion rate divides by.
 *
 * `goal_conversions`: one row per converting event and goal, from the visits in scope
 * only (so the rate never exceeds 1, and a bot's custom events never count). A custom
 * event carries no page URL: when nothing else names its domain it takes its session's.
 *
 * `goal_converters`: the sessions that converted in the current period, by the same rules,
 * for a report on one goal (property conversions).
 */
import { node } from "aviary/schema";
import { chooseReading, pageViewsView, readingConditions, sessionsView, type Reading } from "./filters.ts";
import { goalEventsSql, goalKeysSql } from "./goal-events.ts";
import { BUILTIN_ACTIONS_SQL, GOAL_VERSIONS_NODE, goalMatchCondition, revenueSql } from "./goals.ts";
import { inPeriod, isCurrent } from "./period.ts";
import { WITH_PREVIOUS, domainFilter, tenantAndDomain } from "./template.ts";

export const VISITS_IN_SCOPE_NODE = "visits_in_scope";
export const GOAL_CONVERSIONS_NODE = "goal_conversions";
export const GOAL_CONVERTERS_NODE = "goal_converters";

export function visitsInScopeNode() {
  // min, not any: a session seen on two domains (the '0' of events sent without a session id)
  // then counts under the same one at every request (any() gave 395 or 396 visitors in turn).
  const sql = (r: Reading) => `SELECT session_id, ${isCurrent(r.time)} AS current, min(domain) AS session_domain
FROM ${r.from}
WHERE ${inPeriod(r.time, WITH_PREVIOUS)} ${tenantAndDomain()} ${readingConditions(r, WITH_PREVIOUS)}
GROUP BY session_id, current`;
  return node({ name: VISITS_IN_SCOPE_NODE, sql: `${chooseReading([sessionsView, pageViewsView], sql)}` });
}

/**
 * Rows: domain, goal_id, session_id, current (1: the current period, 0: the previous), revenue.
 * Goal versions are found with a hash join on the event's key (goal-events.ts), not by
 * testing every version on every event.
 */
export function goalConversionsNode(goalParam?: string) {
  return node({
    name: GOAL_CONVERSIONS_NODE,
    sql: `SELECT k.domain AS domain, k.goal_id AS goal_id, e.session_id AS session_id, e.current AS current, ${revenueSql("k", "e.payload")} AS revenue
FROM
(
    SELECT raw.tenant_id AS tenant_id, if(raw.domain != '', raw.domain, s.session_domain) AS domain,
        raw.timestamp AS timestamp, raw.action AS action, raw.pathname AS pathname, raw.payload AS payload,
        raw.session_id AS session_id, raw.current AS current
    FROM (${goalEventsSql(goalParam)}) AS raw
    INNER JOIN ${VISITS_IN_SCOPE_NODE} AS s ON s.session_id = raw.session_id AND s.current = raw.current
    WHERE 1 ${domainFilter("domain")}
) AS e
INNER JOIN (${goalKeysSql(goalParam)}) AS k ON k.tenant_id = e.tenant_id AND k.domain = e.domain AND k.action = e.action AND k.pathname = e.pathname
WHERE ${goalMatchCondition("k", "e", "k.pathname = e.pathname")}`,
  });
}

/**
 * Rows: session_id, once per session that converted in the current period (as
 * goal_conversions counts a conversion). No joins: the request's goal versions are one
 * constant (a scalar subquery, run once while the query is planned) that each event is
 * tested against, and one GROUP BY over the current visits in scope and the converting
 * events gives each event its session's domain when it names none. For a report on one
 * goal: testing a pattern on every page view is cheap with a goal's few versions, and
 * planning the joins of goal_conversions was most of a small tenant's request.
 */
export function goalConvertersNode(goalParam: string) {
  const versions = `(SELECT groupArray((tenant_id, domain, kind, match, path_regex, valid_from, valid_to)) FROM ${GOAL_VERSIONS_NODE})`;
  // The event's own domain, else any (the session's is checked below); a version of the event's kind and time.
  // `versions` is written once: ClickHouse analyses a subquery again wherever its text appears.
  const converts = `v.1 = tenant_id AND (v.2 = domain OR domain = '') AND timestamp >= v.6 AND timestamp < v.7
            AND if(v.3 = 'page', action = 'page_hit' AND match(pathname, v.5), action = v.4 AND action NOT IN (${BUILTIN_ACTIONS_SQL}))`;
  return node({
    name: GOAL_CONVERTERS_NODE,
    sql: `SELECT session_id
FROM
(
    SELECT session_id, anyIf(domain, row = 0) AS session_domain, max(row = 0) AS in_scope, groupArrayIf((domain, goal_domains), notEmpty(goal_domains)) AS events
    FROM
    (
        SELECT 0 AS row, session_id, session_domain AS domain, [] AS goal_domains FROM ${VISITS_IN_SCOPE_NODE} WHERE current
        UNION ALL
        SELECT 1 AS row, session_id, domain, arrayMap(v -> v.2, arrayFilter(v -> ${converts}, ${versions})) AS goal_domains
        FROM (${goalEventsSql(goalParam)})
        WHERE current
    )
    GROUP BY session_id
    HAVING in_scope
)
WHERE arrayExists(e -> has(e.2, if(e.1 != '', e.1, session_domain)), events)`,
  });
}
