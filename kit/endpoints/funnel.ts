import { defineEndpoint, node, t } from "aviary/schema";
import { dashboardToken, periodParams, previousPeriodParam, tenantParams } from "../sql/params.ts";
import { filterParams } from "../sql/filters.ts";
import { funnelDefinitionNode, funnelLabelsSql, funnelMatchersNode, funnelParams, funnelPerVisitorSql, funnelWindowSql, stepEventsSql, stepMatchSql } from "../sql/funnel-steps.ts";
import { MAX_STEPS } from "../sql/funnels.ts";
import { VISITS_IN_SCOPE_NODE, visitsInScopeNode } from "../sql/goal-scope.ts";
import { goalVersionsNode } from "../sql/goals.ts";
import { inPeriod, isCurrent } from "../sql/period.ts";
import { WITH_PREVIOUS, eventDomainFilter, growth, tenantFilter } from "../sql/template.ts";
import { withChecks } from "../sql/checks.ts";
import { LEAN_PLANNING } from "../sql/planning.ts";

const STEP_INDEXES = `range(1, ${MAX_STEPS + 1})`;
const WINDOW = funnelWindowSql();
const NO_PATH = "CAST([] AS Array(UInt32))";
/**
 * The most step events of one session or visitor whose times are replayed (the first, in time
 * order). Its level counts every event; the fold copies its chains at each event, so a sender
 * planting 100,000 events under one id (the public tracker token can) held the tenant's funnel
 * past its time limit. No person gets near it.
 */
export const MAX_TIMED_ENTRIES = 1000;
/** Whom the window follows: the event's visitor (its session where it has no visitor id), or its session. */
const UNIT = `if(${funnelPerVisitorSql()}, if(visitor_id != '', visitor_id, session_id), session_id)`;

/**
 * Per session (or visitor), the times of the steps of its first chain to reach its deepest step. The
 * fold replays windowFunnel's scan (default mode): entries (time, step) in time order, a
 * step-k entry extends the chain last recorded at step k-1 when it is at most
 * `window` seconds after that chain's first step, and step 1 starts a new chain. It keeps
 * each step's latest chain (as windowFunnel does, so the levels agree) and, apart, the
 * first chain that got deeper than any before: the times reported are that chain's.
 */
const FIRST_DEEPEST_CHAIN = `arrayFold((acc, e) -> if(
        e.2 = 1 OR (notEmpty(acc.1[greatest(e.2 - 1, 1)]) AND e.1 <= acc.1[greatest(e.2 - 1, 1)][1] + ${WINDOW}),
        (
            arrayMap((path, k) -> if(k = e.2, if(e.2 = 1, [e.1], arrayPushBack(acc.1[e.2 - 1], e.1)), path), acc.1, ${STEP_INDEXES}),
            if(length(acc.2) >= if(e.2 = 1, 1, length(acc.1[e.2 - 1]) + 1), acc.2, if(e.2 = 1, [e.1], arrayPushBack(acc.1[e.2 - 1], e.1)))
        ),
        acc),
    entries, (arrayWithConstant(${MAX_STEPS}, ${NO_PATH}), ${NO_PATH})).2`;

/**
 * Sessions, or visitors (`per=visitor`), through up to 8 ordered steps within a window
 * (default 30 minutes), in the period. A session's events are its page views and custom
 * events in the period; the sessions are those with a page view in the period that the
 * filters keep (bots left out unless include_bots=true). Per visitor, the events of a
 * visitor's sessions in scope are taken together: the Events API gives each sender a visitor
 * id per UTC day (src/ingest/visitor-ids.ts), and an event without one (sent before visitor
 * ids were kept, or by the admin) counts its session as its visitor. windowFunnel gives each unit's
 * deepest step: events are taken in time order, and events in the same second in step order
 * (so an event at the same second as the step before it counts as after it), and an event
 * matching two consecutive steps counts for both. With include_previous_period, the sessions
 * of the period compared with (`compare`) are counted the same way, apart: previous_visitors,
 * previous_conversion_rate and the growth of visitors per step.
 */
export const funnel = defineEndpoint("funnel", withChecks({
  description: "Sessions (or visitors, with per=visitor) reaching each step of a funnel (step1 … step8 or a saved funnel_id) within `window` minutes, with drop-off, conversion and median time from the step before",
  params: { ...tenantParams, ...periodParams, ...previousPeriodParam, ...filterParams, ...funnelParams },
  nodes: [
    goalVersionsNode(),
    funnelDefinitionNode(),
    funnelMatchersNode(),
    visitsInScopeNode(),
    node({
      name: "funnel_entries",
      // Only the events some step matches: windowFunnel skips the others anyway.
      sql: `SELECT ${UNIT} AS unit, current, timestamp, flags
FROM
(
    SELECT
        session_id, visitor_id, current, timestamp,
        [${Array.from({ length: MAX_STEPS }, (_, i) => stepMatchSql(i + 1)).join(",\n        ")}] AS flags
    FROM
    (
        SELECT session_id, visitor_id, ${isCurrent("timestamp")} AS current, timestamp, 'page_hit' AS action, pathname
        FROM analytics_page_views_mv
        WHERE ${inPeriod("timestamp", WITH_PREVIOUS)} ${tenantFilter()} ${eventDomainFilter()}
        UNION ALL
        SELECT session_id, visitor_id, ${isCurrent("timestamp")} AS current, timestamp, action, '' AS pathname
        FROM analytics_custom_events_mv
        WHERE ${inPeriod("timestamp", WITH_PREVIOUS)} ${tenantFilter()} ${eventDomainFilter()} AND ${stepEventsSql()}
    )
    WHERE (session_id, current) IN (SELECT session_id, current FROM ${VISITS_IN_SCOPE_NODE})
)
WHERE has(flags, 1)`,
    }),
    node({
      name: "funnel_levels",
      sql: `
SELECT
    unit, current,
    windowFunnel(${WINDOW})(timestamp, ${Array.from({ length: MAX_STEPS }, (_, i) => `flags[${i + 1}]`).join(", ")}) AS level,
    arraySlice(arraySort(arrayFlatten(groupArray(arrayMap(k -> (toUInt32(timestamp), toUInt8(k)), arrayFilter(k -> flags[k] = 1, ${STEP_INDEXES}))))), 1, ${MAX_TIMED_ENTRIES}) AS entries
FROM funnel_entries
GROUP BY unit, current`,
    }),
    node({
      name: "funnel_steps",
      sql: `
SELECT
    step,
    countIf(level >= step AND current) AS visitors,
    countIf(level >= step AND NOT current) AS previous_visitors,
    quantileExactInclusiveIf(0.5)(toFloat64(chain[step] - chain[step - 1]), level >= step AND step > 1 AND current) AS median_seconds
FROM
(
    -- Times only matter from step 2 on: most units stop at step 1 and skip the fold.
    SELECT level, current, if(level >= 2, ${FIRST_DEEPEST_CHAIN}, ${NO_PATH}) AS chain
    FROM funnel_levels
)
ARRAY JOIN ${STEP_INDEXES} AS step
GROUP BY step`,
    }),
    node({
      name: "funnel",
      sql: `SELECT
    toUInt32(i) AS step,
    label,
    visitors,
    previous - visitors AS dropoff,
    if(first = 0, 0., visitors / first) AS conversion_rate,
    if(previous = 0, 0., visitors / previous) AS step_conversion,
    if(i = 1 OR visitors = 0, NULL, median) AS median_seconds_from_previous
    {% if ${WITH_PREVIOUS} %},
    previous_visitors,
    if(previous_first = 0, 0., previous_visitors / previous_first) AS previous_conversion_rate,
    ${growth("visitors", "previous_visitors")} AS visitors_growth_percentage
    {% end %}
FROM
(
    SELECT
        i, ${funnelLabelsSql()}[i] AS label, toUInt64(s.visitors) AS visitors, toUInt64(s.previous_visitors) AS previous_visitors, s.median_seconds AS median,
        first_value(previous_visitors) OVER (ORDER BY i ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS previous_first,
        first_value(visitors) OVER (ORDER BY i ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS first,
        lagInFrame(visitors, 1, visitors) OVER (ORDER BY i ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS previous
    FROM (SELECT arrayJoin(arrayEnumerate(${funnelLabelsSql()})) AS i) AS l
    LEFT JOIN funnel_steps AS s ON s.step = l.i
)
ORDER BY step`,
    }),
  ],
  output: {
    step: t.uint32(),
    label: t.string(),
    visitors: t.uint64(),
    dropoff: t.uint64(),
    conversion_rate: t.float64(),
    step_conversion: t.float64(),
    median_seconds_from_previous: t.float64().nullable(),
    previous_visitors: t.uint64().optional(),
    previous_conversion_rate: t.float64().optional(),
    visitors_growth_percentage: t.float64().optional(),
  },
  tokens: dashboardToken,
  settings: LEAN_PLANNING,
}));
