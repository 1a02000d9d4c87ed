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
 */
import { node } from "aviary/schema";
import { chooseReading, pageViewsView, readingConditions, sessionsView, type Reading } from "./filters.ts";
import { goalEventsSql, goalKeysSql } from "./goal-events.ts";
import { goalMatchCondition, revenueSql } from "./goals.ts";
import { inPeriod, isCurrent } from "./period.ts";
import { WITH_PREVIOUS, domainFilter, tenantAndDomain } from "./template.ts";

export const VISITS_IN_SCOPE_NODE = "visits_in_scope";
export const GOAL_CONVERSIONS_NODE = "goal_conversions";

export function visitsInScopeNode() {
  const sql = (r: Reading) => `SELECT session_id, ${isCurrent(r.time)} AS current, any(domain) AS session_domain
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
