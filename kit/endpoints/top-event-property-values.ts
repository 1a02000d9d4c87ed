import { p, t } from "aviary/schema";
import { MAX_KEY_LENGTH, ONE_EVENT, customEventsSql, eventParam, propertyRawSql, propertyValueSql } from "../sql/custom-events.ts";
import { defineEventTopEndpoint } from "../sql/event-top.ts";
import { GOAL_CONVERTERS_NODE, goalConvertersNode, visitsInScopeNode } from "../sql/goal-scope.ts";
import { goalVersionsNode } from "../sql/goals.ts";
import { LEAN_PLANNING } from "../sql/planning.ts";
import { stringParam } from "../sql/template.ts";

const WITH_GOAL = "defined(goal)";
const PROPERTY = stringParam("property");

/**
 * The values one property of one custom event was sent with in the period: a string as
 * it is, anything else as JSON (numbers, true/false, null, objects and arrays, compact);
 * events without the key are not counted. With `goal`, how many of each value's visitors
 * converted on that goal in the current period (as the `goals` report counts a
 * conversion), and which share of them.
 */
export const topEventPropertyValues = defineEventTopEndpoint({
  name: "top_event_property_values",
  description: "Values of one property of one custom event: visitors and events, and conversions on a goal",
  params: {
    ...eventParam,
    property: p.string().describe("The property key (top-level key of the event's payload)"),
    goal: p.string().optional().describe("A goal_id: add conversions (visitors with the value who converted on it in the period) and conversion_rate"),
  },
  dimension: "value",
  settings: LEAN_PLANNING,
  // Read only with `goal`: a node nobody selects from is never run.
  nodes: [goalVersionsNode("goal"), visitsInScopeNode(), goalConvertersNode("goal")],
  rows: `SELECT
    ${propertyValueSql("raw")} AS dimension, session_id, current,
    {% if ${WITH_GOAL} %} current AND session_id IN (SELECT session_id FROM ${GOAL_CONVERTERS_NODE})
    {% else %} 0 {% end %} AS converted
FROM
(
    SELECT session_id, current, ${propertyRawSql(PROPERTY)} AS raw
    FROM (${customEventsSql(ONE_EVENT)})
)
WHERE raw != '' AND lengthUTF8(${PROPERTY}) <= ${MAX_KEY_LENGTH}`,
  extras: {
    totals: `{% if ${WITH_GOAL} %}, uniqExactIf(session_id, converted) AS conversions{% end %}`,
    ranked: `{% if ${WITH_GOAL} %}, conversions, conversions / current_visitors AS conversion_rate{% end %}`,
  },
  extraOutput: { conversions: t.uint64().optional(), conversion_rate: t.float64().optional() },
});
