/**
 * Parsing of tracker events, shared by the `analytics_hits` pipe, the views and the
 * endpoints that read raw events. Endpoints use this SQL instead of reading the
 * `analytics_hits` pipe as a table: an inlined pipe sees the caller's parameters, and
 * its `limit`/`page` would cut the caller's input short.
 */
import { browserSql, deviceSql } from "./user-agent.ts";

/** Page host without `www.`, else the scheme+host prefix (`http://localhost:3000/`). */
export function pageHostSql(href: string): string {
  return `if(domainWithoutWWW(${href}) != '', domainWithoutWWW(${href}), URLHierarchy(${href})[1])`;
}

/** The envelope's domain when set, else the page host, else the payload's `domain`. */
export function domainSql(envelopeDomain: string, href: string, payloadDomain: string): string {
  return `multiIf(${envelopeDomain} != '', ${envelopeDomain}, ${pageHostSql(href)} != '', ${pageHostSql(href)}, ${payloadDomain})`;
}

/** One JSON parse per row for every payload field the kit reads (much faster than one per field). */
export const PAGE_PAYLOAD_TUPLE =
  "JSONExtract(payload, 'Tuple(locale String, location String, referrer String, pathname String, href String, `user-agent` String, domain String)')";

export interface HitsSqlOptions {
  /** Extra conditions on `analytics_events` columns (index-friendly), each starting with AND. */
  readonly eventFilter?: string;
  /** Extra conditions on the parsed columns, each starting with AND. */
  readonly hitFilter?: string;
  /** ORDER BY / LIMIT text appended at the end. */
  readonly tail?: string;
}

/** Parsed page views: exactly the columns of `analytics_hits`. */
export function hitsSql(options: HitsSqlOptions = {}): string {
  return `SELECT
    timestamp, action, version, session_id, tenant_id, domain, location, referrer, pathname, href, current_domain, device, browser
FROM
(
    SELECT
        timestamp, action, version, tenant_id,
        ifNull(event_session_id, '0') AS session_id,
        tupleElement(p, 'href') AS href,
        ${pageHostSql("href")} AS current_domain,
        multiIf(event_domain != '', event_domain, current_domain != '', current_domain, tupleElement(p, 'domain')) AS domain,
        tupleElement(p, 'location') AS location,
        tupleElement(p, 'referrer') AS referrer,
        tupleElement(p, 'pathname') AS pathname,
        lower(tupleElement(p, 'user-agent')) AS ua,
        ${deviceSql("ua")} AS device,
        ${browserSql("ua")} AS browser
    FROM
    (
        SELECT timestamp, action, version, session_id AS event_session_id, tenant_id, domain AS event_domain, ${PAGE_PAYLOAD_TUPLE} AS p
        FROM analytics_events
        WHERE action = 'page_hit' ${options.eventFilter ?? ""}
    )
)
WHERE 1 ${options.hitFilter ?? ""}
${options.tail ?? ""}`;
}
