/**
 * The custom-event reports share one shape: a dimension (an event name, a property key,
 * a property value), visitors (distinct sessions) and events over the period, ordered by
 * visitors, with optional previous-period columns, as the `top_*` reports (top.ts) have
 * with visits and hits. One scan covers both periods; `current` splits it.
 */
import { type NodeDefinition, defineEndpoint, node, t } from "aviary/schema";
import { dashboardToken } from "./params.ts";
import { WITH_PREVIOUS, growth, paging } from "./template.ts";
import { stringColumns, topParams } from "./top.ts";
import { withChecks } from "./checks.ts";

const eventCounts = { visitors: t.uint64(), events: t.uint64() };

const previousEventCounts = {
  previous_visitors: t.uint64().optional(),
  previous_events: t.uint64().optional(),
  visitors_growth_percentage: t.float64().optional(),
  events_growth_percentage: t.float64().optional(),
};

/** Template text: extra columns of `totals` (each `, aggregate AS name`) and of the result (each `, expression AS name`). */
export interface EventTopExtras {
  readonly totals: string;
  readonly ranked: string;
}

/**
 * `totals` over `rows` (each with `dimension`, `session_id` and `current`): the current
 * and previous visitors and events per dimension, and `extras`.
 */
function totalsNode(rows: string, extras: string): NodeDefinition {
  return node({
    name: "totals",
    sql: `SELECT
    dimension,
    uniqExactIf(session_id, current) AS current_visitors,
    countIf(current) AS current_events
    {% if ${WITH_PREVIOUS} %}
    , uniqExactIf(session_id, NOT current) AS prev_visitors
    , countIf(NOT current) AS prev_events
    {% end %}
    ${extras}
FROM (
${rows}
)
GROUP BY dimension
HAVING current_events > 0`,
  });
}

function rankedNode(name: string, dim: string, extras: string): NodeDefinition {
  return node({
    name,
    sql: `SELECT
    dimension AS ${dim},
    current_visitors AS visitors,
    current_events AS events
    ${extras}
    {% if ${WITH_PREVIOUS} %}
    , prev_visitors AS previous_visitors
    , prev_events AS previous_events
    , ${growth("current_visitors", "prev_visitors")} AS visitors_growth_percentage
    , ${growth("current_events", "prev_events")} AS events_growth_percentage
    {% end %}
FROM totals
ORDER BY visitors DESC, events DESC, ${dim} ASC
${paging()}`,
  });
}

export interface EventTopOptions<D extends string, P extends object, O extends object> {
  readonly name: string;
  readonly description: string;
  /** Parameters besides the top reports' (the event, the property, the goal). */
  readonly params: P;
  readonly dimension: D;
  /** Template text: rows with `dimension`, `session_id`, `current` (and what `extras` read). */
  readonly rows: string;
  /** Nodes between the period and `totals` (the goal versions). */
  readonly nodes?: readonly NodeDefinition[];
  readonly extras?: EventTopExtras;
  /** Output columns of `extras`, between the counts and the previous period's. */
  readonly extraOutput?: O;
  /** ClickHouse settings of its statements (planning.ts). */
  readonly settings?: Readonly<Record<string, number>>;
}

export function defineEventTopEndpoint<D extends string, P extends object, O extends object = Record<never, never>>(options: EventTopOptions<D, P, O>) {
  return defineEndpoint(options.name, withChecks({
    description: options.description,
    params: { ...topParams, ...options.params },
    nodes: [
      ...(options.nodes ?? []),
      totalsNode(options.rows, options.extras?.totals ?? ""),
      rankedNode(options.name, options.dimension, options.extras?.ranked ?? ""),
    ],
    output: { ...stringColumns([options.dimension]), ...eventCounts, ...((options.extraOutput ?? {}) as O), ...previousEventCounts },
    tokens: dashboardToken,
    settings: options.settings,
  }));
}
