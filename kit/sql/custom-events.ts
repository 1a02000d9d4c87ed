/**
 * Custom events (`Tinybird.trackEvent(name, props)`): every action but the tracker's own
 * (analytics_custom_events_mv), over the request's period, tenant and domain, and what
 * their properties read as.
 *
 * Custom events carry no user agent, page or source of their own: the request's filters
 * and the bot rule judge an event by its session, in the event's own period, as the visit
 * reports judge a visit. A page-view filter keeps the events of sessions with such a page
 * view in that period, a visit filter those whose visit matches, and a session whose page
 * views are a bot's is left out unless `include_bots=true` (a session with no page view
 * at all is not known to be a bot, so it counts).
 */
import { p } from "aviary/schema";
import { INCLUDE_BOTS, ANY_PAGE_FILTER, botCondition, pageConditions, pageViewsView, visitFilter } from "./filters.ts";
import { inPeriod, isCurrent } from "./period.ts";
import { stringParam, tenantAndDomain, tenantFilter, WITH_PREVIOUS } from "./template.ts";
import { MAX_URL } from "./hits.ts";

/**
 * Keys read from one payload, in the order written. A real event has a handful; a hostile
 * payload (the Events API takes 10 MB) could hold a million, and each key is a row to group.
 */
export const MAX_KEYS = 100;
/** A longer key names nothing anyone reads; it is not listed. */
export const MAX_KEY_LENGTH = 256;
/**
 * Values are cut to this many characters: where the kit cuts URLs (hits.ts), so an
 * outbound link's or a download's `url` reads as its page views' href does. Longer text
 * is no label anyone reads, and a 10 MB value must not become a GROUP BY key.
 */
export const MAX_VALUE_LENGTH = MAX_URL;

/** The parameter naming one custom event, and the condition keeping its events (for customEventsSql). */
export const eventParam = { event: p.string().describe("The custom event (its action name)") };
export const ONE_EVENT = `AND action = ${stringParam("event")}`;

/** `AND …` keeping the events whose session passes the request's filters and is no bot's (see above). */
function sessionScope(): string {
  const key = `(session_id, ${isCurrent("timestamp")})`;
  return `{% if ${ANY_PAGE_FILTER} %} AND ${key} IN (
    SELECT session_id, ${isCurrent("timestamp")} FROM ${pageViewsView.from}
    WHERE ${inPeriod("timestamp", WITH_PREVIOUS)} ${tenantAndDomain()} ${pageConditions()} ${botCondition()}
) {% end %}
${visitFilter(inPeriod("date", WITH_PREVIOUS), "timestamp")}
{% if not (${INCLUDE_BOTS}) %} AND session_id NOT IN (
    SELECT session_id FROM analytics_sessions_mv
    WHERE ${inPeriod("date", WITH_PREVIOUS)} ${tenantAndDomain()} AND device = 'bot'
) {% end %}`;
}

/**
 * `AND …` for the request's domain. A custom event names no page: without the envelope's
 * domain (a tag without data-domain) and a payload `href` or `domain`, it is its session's.
 */
function sessionDomainFilter(): string {
  return `{% if defined(domain) %} AND (domain = ${stringParam("domain")} OR (domain = '' AND session_id IN (
    SELECT session_id FROM analytics_sessions_mv
    WHERE ${inPeriod("date", WITH_PREVIOUS)} ${tenantFilter()} AND domain = ${stringParam("domain")}
))) {% end %}`;
}

/**
 * The request's custom events (of the previous period too when asked for): timestamp,
 * session_id ('0' without one), tenant_id, domain, action, payload and `current` (1 in the
 * current period). `actionCondition` (`AND …` on `action`) narrows them on the sorting key.
 */
export function customEventsSql(actionCondition = ""): string {
  return `SELECT timestamp, session_id, tenant_id, domain, action, payload, ${isCurrent("timestamp")} AS current
FROM analytics_custom_events_mv
WHERE ${inPeriod("timestamp", WITH_PREVIOUS)} ${tenantFilter()} ${actionCondition} ${sessionDomainFilter()} ${sessionScope()}`;
}

/** Keys are read only from a payload that is a JSON object (an array would be read by position). */
const isObject = (payload: string) => `startsWith(${payload}, '{')`;

/** The distinct top-level property keys of a payload (nested values count under their key): at most MAX_KEYS, none longer than MAX_KEY_LENGTH. */
export function propertyKeysSql(payload = "payload"): string {
  const keys = `arraySlice(JSONExtractKeys(${payload}), 1, ${MAX_KEYS})`;
  return `if(${isObject(payload)}, arrayDistinct(arrayFilter(k -> lengthUTF8(k) <= ${MAX_KEY_LENGTH}, ${keys})), [])`;
}

/**
 * The raw JSON of property `key` in a payload ('' when absent or not an object payload).
 * With duplicate keys, the first one written.
 */
export function propertyRawSql(key: string, payload = "payload"): string {
  return `if(${isObject(payload)}, JSONExtractRaw(${payload}, ${key}), '')`;
}

/**
 * A property's value as text, from its raw JSON: a string unquoted, anything else as
 * ClickHouse writes it compactly (numbers, true/false, null, objects and arrays), cut to
 * MAX_VALUE_LENGTH characters.
 */
export function propertyValueSql(raw: string): string {
  return `substringUTF8(if(startsWith(${raw}, '"'), JSONExtractString(${raw}), ${raw}), 1, ${MAX_VALUE_LENGTH})`;
}
