/**
 * The events a goal can convert on, over the request's period, and the goal versions
 * each can convert on. Page views are read for page goals and custom events for event
 * goals, each from its own view, and only when some goal version of the request is of
 * that kind (the other read is planned with a false condition and reads no granule).
 * Needs the period and goal_versions nodes.
 *
 * Path patterns are matched once per pathname, not once per page view (a pattern that is
 * not a constant is looked up for each row it is applied to, and a tenant's month holds
 * hundreds of thousands of page views over a few hundred pathnames); events then find
 * their goal versions with a hash join on (tenant, domain, action, pathname).
 *
 * A page goal with a revenue property reads raw page hits instead of the page views view:
 * the amount is in the payload, which the view does not keep. Rare (a page hit carries
 * only the tag's data-tb-* attributes besides the tracker's fields), and as slow and exact
 * as before.
 */
import { GOAL_VERSIONS_NODE, goalRowsCondition } from "./goals.ts";
import { MAX_URL, domainSql } from "./hits.ts";
import { inPeriod, isCurrent } from "./period.ts";
import { WITH_PREVIOUS, eventDomainFilter, tenantFilter } from "./template.ts";

/**
 * What the request's goals need read, as one constant: whether there are page goals,
 * whether one has a revenue property, and the event goals' names. One scalar subquery,
 * run while ClickHouse plans the query, over the goals' rows rather than goal_versions
 * (whose window functions made it 15% of a small tenant's goals request): any version,
 * deleted or not, may widen what is read, never narrow it. The names as an array, since
 * `action IN (subquery)` made the scans several times slower.
 */
function goalKinds(goalParam: string | undefined) {
  const kinds = `(SELECT (countIf(kind = 'page') > 0, countIf(kind = 'page' AND revenue_property != '') > 0, groupUniqArrayIf(match, kind = 'event')) FROM analytics_goals WHERE ${goalRowsCondition(goalParam)})`;
  return { pages: `${kinds}.1`, pricedPages: `${kinds}.2`, eventNames: `${kinds}.3` };
}

/** The views keep the domain an event counts under; with '' (none named) the session's decides later. */
const PERIOD = `${inPeriod("timestamp", WITH_PREVIOUS)} ${tenantFilter()}`;
const CURRENT = `${isCurrent("timestamp")} AS current`;

/** Page views in the period, as goalEventsSql's rows (two branches of its union: a wrapping query is planned too). */
function pageViewsSql(kinds: ReturnType<typeof goalKinds>): string {
  const href = "JSONExtractString(payload, 'href')";
  return `SELECT tenant_id, domain, timestamp, 'page_hit' AS action, pathname, '' AS payload, session_id, ${CURRENT}
FROM analytics_page_views_mv
WHERE ${PERIOD} ${eventDomainFilter()} AND ${kinds.pages} AND NOT ${kinds.pricedPages}
UNION ALL
SELECT tenant_id, ${domainSql("event_domain", href, "JSONExtractString(payload, 'domain')")} AS domain, timestamp, 'page_hit' AS action,
    substringUTF8(JSONExtractString(payload, 'pathname'), 1, ${MAX_URL}) AS pathname, payload, ifNull(session_id, '0') AS session_id, ${CURRENT}
FROM (SELECT tenant_id, domain AS event_domain, timestamp, payload, session_id FROM analytics_events
    WHERE ${PERIOD} ${eventDomainFilter()} AND action = 'page_hit' AND ${kinds.pricedPages})`;
}

/**
 * Rows: tenant_id, domain ('' when nothing names one: the session's then), timestamp,
 * action, pathname (page views; '' for custom events), payload ('' for page views read
 * from the view), session_id ('0' without one), current (1 in the current period).
 */
export function goalEventsSql(goalParam?: string): string {
  const kinds = goalKinds(goalParam);
  return `${pageViewsSql(kinds)}
UNION ALL
SELECT tenant_id, domain, timestamp, action, '' AS pathname, payload, session_id, ${CURRENT}
FROM analytics_custom_events_mv
WHERE ${PERIOD} ${eventDomainFilter()} AND has(${kinds.eventNames}, action)`;
}

/**
 * The goal versions (goal_versions columns) with the (action, pathname) of the events
 * that match them: a page goal's version once per pathname of the period's page views
 * that its pattern matches, an event goal's with its event name and pathname ''. Join
 * goalEventsSql's rows on tenant_id, domain, action and pathname, then check the version's
 * validity (goalMatchCondition). One read of goal_versions, the period's pathnames as one
 * constant: a union of the two kinds planned goal_versions twice (planning is most of a
 * small tenant's time).
 */
export function goalKeysSql(goalParam?: string): string {
  const columns = "goal_id, kind, match, valid_from, valid_to, revenue_property, currency";
  const pathnames = `(SELECT groupArray(DISTINCT (tenant_id, pathname)) FROM analytics_page_views_mv WHERE ${PERIOD} ${eventDomainFilter()} AND ${goalKinds(goalParam).pages})`;
  const matching = `arrayMap(p -> p.2, arrayFilter(p -> p.1 = tenant_id AND match(p.2, path_regex), ${pathnames}))`;
  return `SELECT tenant_id, domain, if(kind = 'page', 'page_hit', match) AS action, pathname, ${columns}
FROM ${GOAL_VERSIONS_NODE}
ARRAY JOIN if(kind = 'page', ${matching}, ['']) AS pathname`;
}
