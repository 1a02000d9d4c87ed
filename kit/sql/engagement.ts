/**
 * The tracker's `engagement` events (data-engagement="true"): one per page view, sent when
 * the view ends, with the deepest scroll (`scroll_depth`, 0–100) and the visible-and-focused
 * time (`engaged_ms`). Pages are written by strangers, so values are bounded before anything
 * averages them: the payload must be a JSON object whose `pathname` is a string and whose two
 * measures are JSON numbers (ClickHouse's JSONExtract would read "50", true or an array's
 * items by position as numbers), else the event measured nothing and is dropped; scroll depth
 * is clamped to 0–100, engaged time to 0–MAX_ENGAGED_MS, and the pathname is cut where the kit
 * cuts URLs. With a key written twice, the first counts.
 *
 * An engagement carries no user agent or source: filters and the bot rule judge it by its
 * session, in the event's own period (the visits in scope of goal-scope.ts), and a tag
 * without data-domain leaves its domain to the session's page views.
 */
import { VISITS_IN_SCOPE_NODE } from "./goal-scope.ts";
import { inPeriod, isCurrent } from "./period.ts";
import { eventDomainFilter, stringParam, tenantFilter, WITH_PREVIOUS } from "./template.ts";
import { MAX_URL } from "./hits.ts";

/**
 * At most 30 minutes per page view, the session window: a tab left in front of an idle
 * visitor is not half an hour of reading, and one hostile 1e300 must not move an average.
 */
export const MAX_ENGAGED_MS = 1_800_000;
/** The raw JSON of `key` among the payload's top-level pairs, parsed once per event ('' when absent; an array or text payload has none). */
const raw = (key: string) => `arrayFirst(kv -> kv.1 = '${key}', pairs).2`;

const clamp = (value: string, max: number) => `least(greatest(${value}, 0), ${max})`;

/**
 * The request's page views with an engagement (the previous period's too when asked for):
 * pathname, session_id, current (1 in the current period), scroll_depth, engaged_ms.
 * Reads the `visits_in_scope` node, which must come before. (Inner columns are not named
 * like the outer ones: ClickHouse resolves WHERE names to the SELECT's aliases first.)
 */
export function engagementsSql(): string {
  return `SELECT assumeNotNull(path) AS pathname, session_id, current, ${clamp("assumeNotNull(depth)", 100)} AS scroll_depth, ${clamp("assumeNotNull(ms)", MAX_ENGAGED_MS)} AS engaged_ms
FROM
(
    SELECT
        ifNull(event_session_id, '0') AS session_id,
        ${isCurrent("timestamp")} AS current,
        if(startsWith(${raw("pathname")}, '"'), substringUTF8(JSONExtractString(${raw("pathname")}), 1, ${MAX_URL}), NULL) AS path,
        toFloat64OrNull(${raw("scroll_depth")}) AS depth,
        toFloat64OrNull(${raw("engaged_ms")}) AS ms
    FROM
    (
        SELECT timestamp, session_id AS event_session_id, JSONExtractKeysAndValuesRaw(payload) AS pairs
        FROM analytics_events
        PREWHERE action = 'engagement' AND ${inPeriod("timestamp", WITH_PREVIOUS)} ${tenantFilter()} ${eventDomainFilter()}
        WHERE startsWith(payload, '{')
    )
)
WHERE path IS NOT NULL AND isFinite(depth) AND isFinite(ms)
    AND (session_id, current) IN (SELECT session_id, current FROM ${VISITS_IN_SCOPE_NODE})
    {% if defined(pathname) %} AND path = ${stringParam("pathname")} {% end %}`;
}
