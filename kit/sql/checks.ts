/**
 * Request parameters are checked before any SQL runs, by the same rules on every
 * endpoint: a rule belongs to a parameter name, and `withChecks` starts an endpoint's
 * first node with the template code for the rules its `params` declare. A value out of
 * range is `error()`: 400 `{"error": …}`, Tinybird's answer to a template error, naming
 * the parameter and what it accepts. Malformed values (`limit=abc`) still get the typed
 * functions' own 400.
 */
import { type NodeDefinition, node } from "aviary/schema";

/** No site's data is older; an earlier date is a typo (1900 became 1970 and read everything). */
export const FIRST_DATE = "2000-01-01";
/** The most rows one request returns: what the dashboard's CSV export asks for. */
export const MAX_LIMIT = 100_000;
/** The furthest a page may start (`skip` rows, or `page` pages of `analytics_hits`). */
export const MAX_OFFSET = 1_000_000;
/** `days` of the web vitals endpoints: at most ten years back. */
export const MAX_DAYS = 3650;

const INT_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  limit: [0, MAX_LIMIT],
  skip: [0, MAX_OFFSET],
  page: [0, MAX_OFFSET],
  days: [1, MAX_DAYS],
};

/** Parameters taking one of a few words. */
const CHOICES: Readonly<Record<string, readonly string[]>> = {
  compare: ["previous", "year"],
};

/** First and last day of a period, under the names each endpoint uses. */
const DATE_PAIRS = [
  ["date_from", "date_to"],
  ["from_date", "to_date"],
] as const;

/** The last day a date may be: December 31 of next year, computed at each request. */
const LAST_DAY = "last_day";
const SET_LAST_DAY = `{% set ${LAST_DAY} = str(int(utc_today()[:4]) + 1) + '-12-31' %}`;

function intCheck(name: string, [min, max]: readonly [number, number]): string {
  const value = `Int32(${name})`;
  return `{% if defined(${name}) and not (${min} <= ${value} <= ${max}) %}{{ error('${name} must be between ${min} and ${max}, got ' + str(${value})) }}{% end %}`;
}

function choiceCheck(name: string, words: readonly string[]): string {
  const list = words.map((w) => `'${w}'`).join(", ");
  return `{% if defined(${name}) and String(${name}) not in (${list}) %}{{ error('${name} must be one of ${words.join(", ")}, got ' + String(${name})) }}{% end %}`;
}

/** The characters of an IANA zone name (`Europe/Madrid`, `America/Argentina/Buenos_Aires`, `Etc/GMT+3`). */
const ZONE_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_+-";
const MAX_ZONE_CHARS = 64;

/**
 * `tz` is spliced into the SQL as a string literal, where ClickHouse judges the zone. Its shape
 * is checked first, so a value that is no zone name gets a 400 naming the parameter rather than
 * ClickHouse's syntax error quoting the query around it.
 */
function zoneCheck(name: string): string {
  const refuse = `{{ error('${name} must be a time zone name such as Europe/Madrid or UTC') }}`;
  // str(): a JSON body may send a number, a list or an object; each is judged by its text.
  return `{% if defined(${name}) %}{% if len(str(${name})) > ${MAX_ZONE_CHARS} %}${refuse}{% end %}{% for c in str(${name}) %}{% if c not in '${ZONE_CHARACTERS}' %}${refuse}{% end %}{% end %}{% end %}`;
}

function dateCheck(name: string): string {
  const value = `Date(${name})`;
  return `{% if defined(${name}) and not ('${FIRST_DATE}' <= ${value} <= ${LAST_DAY}) %}{{ error('${name} must be between ${FIRST_DATE} and ' + ${LAST_DAY} + ', got ' + ${value}) }}{% end %}`;
}

function orderCheck(from: string, to: string): string {
  return `{% if defined(${from}) and defined(${to}) and Date(${from}) > Date(${to}) %}{{ error('${from} must not be after ${to}, got ' + Date(${from}) + ' and ' + Date(${to})) }}{% end %}`;
}

/** Template lines checking the declared `names`; empty when no rule applies. */
export function paramChecks(names: readonly string[]): string[] {
  const has = (n: string) => names.includes(n);
  const ints = Object.entries(INT_RANGES).filter(([n]) => has(n)).map(([n, range]) => intCheck(n, range));
  const pairs = DATE_PAIRS.filter((pair) => pair.some(has));
  const dates = pairs.flatMap((pair) => [
    ...pair.filter(has).map(dateCheck),
    ...(pair.every(has) ? [orderCheck(pair[0], pair[1])] : []),
  ]);
  const choices = Object.entries(CHOICES).filter(([n]) => has(n)).map(([n, words]) => choiceCheck(n, words));
  const zones = has("tz") ? [zoneCheck("tz")] : [];
  return [...ints, ...choices, ...zones, ...(dates.length ? [SET_LAST_DAY, ...dates] : [])];
}

/**
 * An endpoint's options with the checks for its `params` at the start of its first node.
 * Node SQL carries no `%` marker: both the SDK's generator and Aviary's loader add it to
 * SQL with template tags, and a second marker line would reach ClickHouse as text. The
 * type is kept, so row and parameter inference work as before.
 */
export function withChecks<T extends { readonly params?: object; readonly nodes: readonly NodeDefinition[] }>(options: T): T {
  const checks = paramChecks(Object.keys(options.params ?? {}));
  const [first, ...rest] = options.nodes;
  if (!first || checks.length === 0) return options;
  const sql = `${checks.join("\n")}\n${first.sql}`;
  const checked = node({ ...(first._name ? { name: first._name } : {}), sql, description: first.description });
  return { ...options, nodes: [checked, ...rest] };
}
