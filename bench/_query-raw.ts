/**
 * The main kit endpoints written against the raw `analytics_events` table, without the
 * materialized views: what a query costs when every request parses the tracker's JSON
 * again. They give the endpoints' numbers (UTC, one tenant, the period's days) and use the
 * kit's own parsing SQL (sql/hits.ts: payload, device, browser), so the difference the
 * benchmark shows is the views, not the query. `current_visitors` and `trend` read raw
 * events in the kit as well; theirs measure the HTTP and template overhead.
 */
import { hitsSql } from "../kit/sql/hits.ts";
import { sqlString } from "../kit/sql/literal.ts";

export interface RawPeriod {
  /** First and last day, inclusive, `YYYY-MM-DD` (UTC). */
  readonly from: string;
  readonly to: string;
}

function periodHits(tenant: string, period: RawPeriod): string {
  return hitsSql({
    eventFilter: `AND tenant_id = ${sqlString(tenant)} AND timestamp >= toDateTime(${sqlString(period.from)}, 'UTC') AND timestamp < toDateTime(${sqlString(period.to)}, 'UTC') + INTERVAL 1 DAY`,
  });
}

function recentHits(tenant: string, interval: string): string {
  return hitsSql({ eventFilter: `AND tenant_id = ${sqlString(tenant)} AND timestamp >= ${interval}` });
}

function top(tenant: string, period: RawPeriod, dimension: string, expr: string, where = "1"): string {
  return `SELECT ${expr} AS ${dimension}, uniqExact(session_id) AS visits, count() AS hits
FROM (${periodHits(tenant, period)})
WHERE ${where}
GROUP BY ${dimension}
ORDER BY visits DESC, hits DESC, ${dimension} ASC
LIMIT 50`;
}

/** Endpoint name → the same report as one SQL statement over analytics_events. */
export function rawQueries(tenant: string, period: RawPeriod): Record<string, string> {
  return {
    kpis: `SELECT day AS date, count() AS visits, sum(hits) AS pageviews, avg(first_hit = last_hit) AS bounce_rate, avg(last_hit - first_hit) AS avg_session_sec
FROM
(
    SELECT toDate(timestamp) AS day, session_id, count() AS hits, min(timestamp) AS first_hit, max(timestamp) AS last_hit
    FROM (${periodHits(tenant, period)})
    GROUP BY day, session_id
)
GROUP BY date
ORDER BY date`,
    top_pages: top(tenant, period, "pathname", "pathname"),
    // Referrer hosts; a link from the page's own host is not a source (as the sources view).
    top_sources: top(tenant, period, "referrer", "domainWithoutWWW(referrer)", "referrer = '' OR domainWithoutWWW(referrer) != domainWithoutWWW(href)"),
    top_browsers: top(tenant, period, "browser", "browser"),
    top_devices: top(tenant, period, "device", "device"),
    top_locations: top(tenant, period, "location", "location"),
    current_visitors: `SELECT uniqExact(session_id) AS visits FROM (${recentHits(tenant, "now() - INTERVAL 5 MINUTE")})`,
    trend: `SELECT toStartOfMinute(timestamp) AS t, uniqExact(session_id) AS visits
FROM (${recentHits(tenant, "toStartOfMinute(now()) - INTERVAL 29 MINUTE")})
GROUP BY t
ORDER BY t`,
  };
}

/** Columns that must agree between an endpoint's rows and its raw equivalent's (rows where visits > 0). */
export const AGREEING_COLUMNS: Record<string, readonly string[]> = {
  kpis: ["date", "visits", "pageviews"],
  top_pages: ["pathname", "visits", "hits"],
  top_sources: ["referrer", "visits", "hits"],
  top_browsers: ["browser", "visits", "hits"],
  top_devices: ["device", "visits", "hits"],
  top_locations: ["location", "visits", "hits"],
  current_visitors: ["visits"],
  trend: ["t", "visits"],
};
