/**
 * A funnel's steps, from the request (`step1` … `step8`) or from a saved funnel
 * (`funnel_id`), checked and turned into what an event is matched with:
 * - `page:/pattern`: a page view whose pathname matches the path pattern (goals.ts: `*`
 *   within one segment, `**` anything; the whole pathname);
 * - `event:NAME`: a custom event with that action (never a built-in one);
 * - `goal:GOAL_ID`: that goal's current definition (a page or an event goal), for the
 *   request's tenant_id/domain. An unknown or deleted goal matches nothing.
 * Saved steps are not checked when written (the Events API stores what it is sent): a
 * malformed one matches nothing.
 */
import { node, p } from "aviary/schema";
import { BUILTIN_ACTIONS_SQL, GOAL_VERSIONS_NODE, MAX_MATCH_CHARS, pathRegexSql } from "./goals.ts";
import { DEFAULT_WINDOW_MINUTES, FUNNEL_UNITS, MAX_STEPS, MAX_WINDOW_MINUTES, currentFunnelsSql } from "./funnels.ts";
import { stringParam } from "./template.ts";

const FUNNEL_DEFINITION_NODE = "funnel_definition";
const FUNNEL_MATCHERS_NODE = "funnel_matchers";


/**
 * The longest step accepted (a pattern is turned into a regular expression whose cost per
 * page view grows with its length): longer request steps are a 400, and a saved funnel
 * with a longer step matches nothing, since the Events API stores whatever it is sent.
 */
const MAX_STEP_CHARS = MAX_MATCH_CHARS;

/** The most page patterns a `goal:` step joins into its one regular expression (40 held the engine for minutes). */
const MAX_GOAL_PATTERNS = 4;

const STEP_NAMES = Array.from({ length: MAX_STEPS }, (_, i) => `step${i + 1}`);
const SYNTAX = "page:/PATH_PATTERN, event:NAME or goal:GOAL_ID";

/** Whether a saved funnel or a `goal:` step is asked for: its steps are then read from datasources. */
const STORED_STEPS = `defined(funnel_id) or ${STEP_NAMES.map((s) => `(defined(${s}) and str(${s}).startswith('goal:'))`).join(" or ")}`;

/**
 * The funnel of a saved funnel or with a goal step, as one constant: (labels, page_regexes,
 * event_names, window_seconds, per_visitor) from funnel_matchers. One scalar subquery, the
 * same text in every reader, which ClickHouse runs once per query while it plans it.
 */
const STORED_SPEC = `(SELECT (labels, page_regexes, event_names, window_seconds, per_visitor) FROM ${FUNNEL_MATCHERS_NODE})`;

/** `stored` for a saved funnel or a goal step, else `request` (SQL over the request's steps, constants folded while planning). */
const byKind = (stored: string, request: string) => `{% if ${STORED_STEPS} %}${stored}{% else %}${request}{% end %}`;

const REQUEST_STEPS = STEP_NAMES.map((s) => stringParam(s, "''"));
const stepValue = (step: string) => `substring(${step}, position(${step}, ':') + 1)`;
/** A template test of the request's step `name` (a given step is checked to be one of the kinds). */
const templateKind = (name: string, kind: string) => `defined(${name}) and str(${name}).startswith('${kind}:')`;

/** The steps' labels: the pattern, the event name, or the goal's name. */
export function funnelLabelsSql(): string {
  // Steps are numbered without gaps (funnelChecks): their count is the first empty one's place - 1.
  const count = `indexOf([${REQUEST_STEPS.join(", ")}, ''], '') - 1`;
  return byKind(`${STORED_SPEC}.1`, `arraySlice([${REQUEST_STEPS.map(stepValue).join(", ")}], 1, ${count})`);
}

/** The funnel's window in seconds (a constant, as windowFunnel's parameter must be). */
export function funnelWindowSql(): string {
  return byKind(`${STORED_SPEC}.4`, `toUInt32({{Int32(window, ${DEFAULT_WINDOW_MINUTES})}}) * 60`);
}

/** The request's `per` (else `session`), as an SQL string. */
const REQUEST_PER = `{{String(per, '${FUNNEL_UNITS[0]}')}}`;

/** Whether the funnel follows visitors across their sessions rather than sessions (a constant). */
export function funnelPerVisitorSql(): string {
  return byKind(`${STORED_SPEC}.5`, `${REQUEST_PER} = 'visitor'`);
}

/**
 * Whether an event row (`action`, `pathname`) matches step `k` (1-based; a step past the
 * last matches nothing), as a UInt8. Each pattern is a constant, compiled once, not once per
 * row; a request's own step is written in place, so its regex is folded once (an array of
 * them under an alias was folded again for every use), and only as the test its kind needs:
 * a step not asked for is a plain 0 (its unused tests took a third of a small tenant's time).
 */
export function stepMatchSql(k: number): string {
  const name = STEP_NAMES[k - 1]!;
  const step = REQUEST_STEPS[k - 1]!;
  const regex = `${STORED_SPEC}.2[${k}]`;
  return `toUInt8(${byKind(
    `(action = 'page_hit' AND ${regex} != '' AND match(pathname, ${regex})) OR has(${STORED_SPEC}.3[${k}], action)`,
    `{% if ${templateKind(name, "page")} %}action = 'page_hit' AND match(pathname, ${pathRegexSql(stepValue(step))}){% elif ${templateKind(name, "event")} %}action = ${stepValue(step)}{% else %}0{% end %}`,
  )})`;
}

/** Whether a custom event's `action` is one some step matches. */
export function stepEventsSql(): string {
  const requested = STEP_NAMES.map((name, i) => `{% if ${templateKind(name, "event")} %}, ${stepValue(REQUEST_STEPS[i]!)}{% end %}`).join("");
  return byKind(`has(arrayFlatten(${STORED_SPEC}.3), action)`, `action IN (''${requested}) AND action != ''`);
}

const stepParam = (i: number) => p.string().optional().describe(`Step ${i + 1}: ${SYNTAX}${i < 2 ? " (step1 and step2 are needed unless funnel_id is given)" : ""}`);
type StepName = `step${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8}`;

export const funnelParams = {
  ...(Object.fromEntries(STEP_NAMES.map((s, i) => [s, stepParam(i)])) as Record<StepName, ReturnType<typeof stepParam>>),
  window: p.int32().optional(DEFAULT_WINDOW_MINUTES).describe(`Minutes from a session's (or visitor's) first step to its last, 1 to ${MAX_WINDOW_MINUTES} (default ${DEFAULT_WINDOW_MINUTES}; with funnel_id, the saved funnel's)`),
  per: p.string().optional(FUNNEL_UNITS[0]).describe("What the window follows: `session` (default; with funnel_id, the saved funnel's) or `visitor`, one person across the sessions of a day (a visitor id lasts a UTC day)"),
  funnel_id: p.string().optional().describe("A saved funnel (funnel_definitions) instead of step1 … step8"),
};

function stepCheck(name: string, i: number): string {
  const builtins = BUILTIN_ACTIONS_SQL;
  // str(): a JSON body may send a list or an object, which would fail these checks as a 500.
  const value = `str(${name})`;
  const wellFormed = `${value}.startswith('page:/') or (${value}.startswith('event:') and len(${value}) > 6) or (${value}.startswith('goal:') and len(${value}) > 5)`;
  return [
    i > 0 ? `{% if defined(${name}) and not defined(${STEP_NAMES[i - 1]}) %}{{ error('${name} is given without ${STEP_NAMES[i - 1]}: steps are numbered from step1 without gaps') }}{% end %}` : "",
    `{% if defined(${name}) and len(${value}) > ${MAX_STEP_CHARS} %}{{ error('${name} is longer than ${MAX_STEP_CHARS} characters') }}{% end %}`,
    `{% if defined(${name}) and not (${wellFormed}) %}{{ error('${name} must be ${SYNTAX}, got ' + ${value}) }}{% end %}`,
    `{% if defined(${name}) and ${value}.startswith('event:') and ${value}[6:] in (${builtins}) %}{{ error('${name}: ' + ${value}[6:] + ' is not a custom event (use page:/PATH_PATTERN for page views)') }}{% end %}`,
  ].join("");
}

/** Template lines answering 400 for a request whose steps, funnel_id or window cannot make a funnel. */
function funnelChecks(): string {
  return [
    `{% if defined(funnel_id) and defined(step1) %}{{ error('give either funnel_id or step1 … step${MAX_STEPS}, not both') }}{% end %}`,
    `{% if defined(step${MAX_STEPS + 1}) %}{{ error('a funnel has at most ${MAX_STEPS} steps: step1 … step${MAX_STEPS}') }}{% end %}`,
    `{% if not defined(funnel_id) and not (defined(step1) and defined(step2)) %}{{ error('a funnel needs at least 2 steps: step1 and step2 (${SYNTAX}), or a funnel_id') }}{% end %}`,
    ...STEP_NAMES.map(stepCheck),
    `{% if defined(window) and not (1 <= Int32(window) <= ${MAX_WINDOW_MINUTES}) %}{{ error('window must be between 1 and ${MAX_WINDOW_MINUTES} minutes, got ' + str(Int32(window))) }}{% end %}`,
    `{% if defined(per) and str(per) not in (${FUNNEL_UNITS.map((u) => `'${u}'`).join(", ")}) %}{{ error('per must be ${FUNNEL_UNITS.join(" or ")}, got ' + str(per)) }}{% end %}`,
  ].join("\n");
}

/**
 * Node `funnel_definition`, one row: `steps` (Array(String), at most 8), `window_seconds` and `per`.
 * An unknown or deleted saved funnel, or one with a step over MAX_STEP_CHARS, has no steps
 * (the report is then empty).
 */
export function funnelDefinitionNode() {
  const requestWindow = `{{Int32(window, ${DEFAULT_WINDOW_MINUTES})}}`;
  return node({
    name: FUNNEL_DEFINITION_NODE,
    sql: `${funnelChecks()}
{% if defined(funnel_id) %}
SELECT
    arraySlice(if(any(deleted) = 0 AND arrayAll(s -> length(s) <= ${MAX_STEP_CHARS}, any(steps)), any(steps), []), 1, ${MAX_STEPS}) AS steps,
    toUInt32({% if defined(window) %}${requestWindow}{% else %}least(greatest(any(window_minutes), 1), ${MAX_WINDOW_MINUTES}){% end %}) * 60 AS window_seconds,
    {% if defined(per) %}${REQUEST_PER}{% else %}any(per){% end %} AS per
FROM (${currentFunnelsSql(`AND funnel_id = ${stringParam("funnel_id")}`)}
ORDER BY last_updated_at DESC LIMIT 1)
{% else %}
SELECT
    arrayFilter(s -> s != '', [${STEP_NAMES.map((s) => `${stringParam(s, "''")}`).join(", ")}]) AS steps,
    toUInt32(${requestWindow}) * 60 AS window_seconds,
    ${REQUEST_PER} AS per
{% end %}`,
  });
}

/**
 * Node `funnel_matchers`, one row: per step (arrays in step order) its `labels` (the
 * pattern, the event name, or the goal's name), `page_regexes` (one regular expression for
 * the pathnames it matches, '' for none) and `event_names` (custom events it matches), and
 * the funnel's `window_seconds` and `per_visitor`. Needs the goal_versions node (goals.ts), read only when a
 * step may name a goal. A goal id may name a goal in each of the tenant's domains: a step
 * takes at most MAX_GOAL_PATTERNS of their patterns, since they become one regular expression.
 */
export function funnelMatchersNode() {
  const kind = "splitByChar(':', s)[1]";
  const value = "substring(s, position(s, ':') + 1)";
  return node({
    name: FUNNEL_MATCHERS_NODE,
    sql: `SELECT
    arrayMap(x -> x.2, arraySort(groupArray((i, label)))) AS labels,
    arrayMap(x -> arrayStringConcat(x.2, '|'), arraySort(groupArray((i, regexes)))) AS page_regexes,
    arrayMap(x -> x.2, arraySort(groupArray((i, names)))) AS event_names,
    any(step_window) AS window_seconds,
    any(step_per) = 'visitor' AS per_visitor
FROM
(
    SELECT
        i, step_window, step_per,
        multiIf(l.kind = 'goal' AND g.name != '', g.name, l.value) AS label,
        multiIf(l.kind = 'page', [${pathRegexSql("l.value")}], l.kind = 'goal', g.regexes, []) AS regexes,
        multiIf(l.kind = 'event' AND l.value NOT IN (${BUILTIN_ACTIONS_SQL}), [l.value], l.kind = 'goal', g.names, []) AS names
    FROM
    (
        SELECT i, steps[i] AS s, ${kind} AS kind, ${value} AS value, window_seconds AS step_window, per AS step_per
        FROM ${FUNNEL_DEFINITION_NODE} ARRAY JOIN arrayEnumerate(steps) AS i
    ) AS l
    LEFT JOIN
    (
        {% if ${STORED_STEPS} %}
        SELECT goal_id, any(name) AS name, groupUniqArrayIf(${MAX_GOAL_PATTERNS})(path_regex, kind = 'page') AS regexes, groupArrayIf(match, kind = 'event' AND match NOT IN (${BUILTIN_ACTIONS_SQL})) AS names
        FROM ${GOAL_VERSIONS_NODE}
        WHERE is_current
        GROUP BY goal_id
        {% else %}
        SELECT '' AS goal_id, '' AS name, CAST([] AS Array(String)) AS regexes, CAST([] AS Array(String)) AS names WHERE 0
        {% end %}
    ) AS g ON g.goal_id = l.value
)`,
  });
}
