/**
 * Parsing of tracker events, shared by the `analytics_hits` pipe, the views and the
 * endpoints that read raw events. Endpoints use this SQL instead of reading the
 * `analytics_hits` pipe as a table: an inlined pipe sees the caller's parameters, and
 * its `limit`/`page` would cut the caller's input short.
 */
import { countrySql } from "./country.ts";
import { languageSql } from "./language.ts";
import { screenSql } from "./screen.ts";
import { channelSql, sourceSql, urlParameterSql } from "./source.ts";
import { browserSql, deviceSql, osSql, osVersionSql } from "./user-agent.ts";

/** Page host without `www.`, else the scheme+host prefix (`http://localhost:3000/`). */
export function pageHostSql(href: string): string {
  return `if(domainWithoutWWW(${href}) != '', domainWithoutWWW(${href}), URLHierarchy(${href})[1])`;
}

/** The envelope's domain when set, else the page host, else the payload's `domain`. */
export function domainSql(envelopeDomain: string, href: string, payloadDomain: string): string {
  return `multiIf(${envelopeDomain} != '', ${envelopeDomain}, ${pageHostSql(href)} != '', ${pageHostSql(href)}, ${payloadDomain})`;
}

/**
 * One JSON parse per row for every payload field the kit reads (much faster than one per
 * field). `country`, `region`, `city` are written by the Events API from the visitor's
 * address; `screen_width` is the tracker's viewport width.
 */
export const PAGE_PAYLOAD_TUPLE =
  "JSONExtract(payload, 'Tuple(locale String, location String, referrer String, pathname String, href String, `user-agent` String, domain String, screen_width Float64, country String, region String, city String)')";

/** The campaign parameters of a landing URL, in the order the views keep them. */
export const UTM_KEYS = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"] as const;

/** The columns of `analytics_hits` as the seed's kit has them. */
const PAGE_VIEW_COLUMNS = [
  "timestamp", "action", "version", "session_id", "tenant_id", "domain", "location", "referrer", "pathname", "href",
  "current_domain", "device", "browser",
] as const;

/** The columns added for the acquisition and audience reports. */
const AUDIENCE_COLUMNS = ["os", "os_version", "screen", "language", "region", "city", "location_source", "source", "channel", ...UTM_KEYS] as const;

export const HIT_COLUMNS = [...PAGE_VIEW_COLUMNS, ...AUDIENCE_COLUMNS] as const;

export interface HitsSqlOptions {
  /** Extra conditions on `analytics_events` columns (index-friendly), each starting with AND. */
  readonly eventFilter?: string;
  /** Extra conditions on the parsed columns, each starting with AND. */
  readonly hitFilter?: string;
  /** ORDER BY / LIMIT text appended at the end. */
  readonly tail?: string;
  /**
   * Also the audience columns (default). ClickHouse analyses every expression of a
   * subquery, used or not, and the source and channel rules take it ~15 ms: readings
   * that need only the seed's columns leave them out.
   */
  readonly audience?: boolean;
  /** Also `visitor_id` (analytics_events'; '' where the Events API set none), after the other columns. */
  readonly visitor?: boolean;
}

/**
 * Longest URL and user agent parsed: real ones are far shorter, and pages are written by
 * strangers (a 5 MB user agent sent through the public tracker token would hold the engine
 * in the regular expressions for seconds). Cut before anything else reads them.
 */
export const MAX_URL = 2048;
const MAX_USER_AGENT = 1024;

function capped(value: string, chars: number): string {
  return `substringUTF8(${value}, 1, ${chars})`;
}

/** Parsed page views: the columns of `analytics_hits` (without the audience ones if asked). */
export function hitsSql(options: HitsSqlOptions = {}): string {
  const audience = options.audience ?? true;
  // The Events API writes the place into an object payload only: an array would be read by position.
  const ipCountry = `if(startsWith(payload, '{'), ${countrySql("tupleElement(p, 'country')")}, '')`;
  const audienceSql = `
        multiIf(${ipCountry} != '', 'ip', tupleElement(p, 'location') != '', 'timezone', '') AS location_source,
        if(${ipCountry} != '', substring(tupleElement(p, 'region'), 1, 100), '') AS region,
        if(${ipCountry} != '', substring(tupleElement(p, 'city'), 1, 100), '') AS city,
        ${osSql("ua")} AS os,
        ${osVersionSql("ua")} AS os_version,
        ${screenSql("tupleElement(p, 'screen_width')")} AS screen,
        ${languageSql("tupleElement(p, 'locale')")} AS language,
        ${UTM_KEYS.map((k) => `${urlParameterSql("href", k)} AS ${k}`).join(",\n        ")},
        ${sourceSql("referrer", "href")} AS source,
        ${channelSql({ source: "source", referrer: "referrer", href: "href", utmSource: "utm_source", utmMedium: "utm_medium", utmCampaign: "utm_campaign" })} AS channel,`;
  return `SELECT
    ${[...(audience ? HIT_COLUMNS : PAGE_VIEW_COLUMNS), ...(options.visitor ? ["visitor_id"] : [])].join(", ")}
FROM
(
    SELECT
        timestamp, action, version, tenant_id, visitor_id,
        ifNull(event_session_id, '0') AS session_id,
        ${capped("tupleElement(p, 'href')", MAX_URL)} AS href,
        ${pageHostSql("href")} AS current_domain,
        multiIf(event_domain != '', event_domain, current_domain != '', current_domain, tupleElement(p, 'domain')) AS domain,
        if(${ipCountry} != '', ${ipCountry}, tupleElement(p, 'location')) AS location,
        ${capped("tupleElement(p, 'referrer')", MAX_URL)} AS referrer,
        ${capped("tupleElement(p, 'pathname')", MAX_URL)} AS pathname,
        lower(${capped("tupleElement(p, 'user-agent')", MAX_USER_AGENT)}) AS ua,${audience ? audienceSql : ""}
        ${deviceSql("ua")} AS device,
        ${browserSql("ua")} AS browser
    FROM
    (
        SELECT timestamp, action, version, session_id AS event_session_id, tenant_id, domain AS event_domain, visitor_id, payload, ${PAGE_PAYLOAD_TUPLE} AS p
        FROM analytics_events
        WHERE action = 'page_hit' ${options.eventFilter ?? ""}
    )
)
WHERE 1 ${options.hitFilter ?? ""}
${options.tail ?? ""}`;
}
