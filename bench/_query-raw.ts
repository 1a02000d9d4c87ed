/**
 * The main kit endpoints written against the raw `analytics_events` table, without the
 * materialized views: what a query costs when every request parses the tracker's JSON
 * again. They give the endpoints' numbers (UTC, one tenant, the period's days) and use the
 * kit's own parsing SQL (sql/hits.ts: payload, device, browser), so the difference the
 * benchmark shows is the views, not the query. `trend` reads raw events in the kit as
 * well; its ratio measures the HTTP and template overhead. The reports over visits are in
 * _query-raw-visits.ts.
 */
import { countrySql } from "../kit/sql/country.ts";
import { hitsSql } from "../kit/sql/hits.ts";
import { sqlString } from "../kit/sql/literal.ts";

export interface RawPeriod {
  /** First and last day, inclusive, `YYYY-MM-DD` (UTC). */
  readonly from: string;
  readonly to: string;
}

/** Bots are left out, as the endpoints do by default. */
const NOT_BOT = "AND device != 'bot'";

/**
 * Page views of one tenant in the period (UTC days); `hitFilter` on the parsed columns.
 * `audience`: parse the acquisition and audience columns too (the page reports leave them
 * out, as the kit's own raw readings do: analysing their rules alone costs milliseconds).
 */
export function periodHits(tenant: string, period: RawPeriod, hitFilter = "", audience = false): string {
  return hitsSql({
    eventFilter: `AND tenant_id = ${sqlString(tenant)} AND timestamp >= toDateTime(${sqlString(period.from)}, 'UTC') AND timestamp < toDateTime(${sqlString(period.to)}, 'UTC') + INTERVAL 1 DAY`,
    hitFilter,
    audience,
  });
}

function recentHits(tenant: string, interval: string): string {
  return hitsSql({ eventFilter: `AND tenant_id = ${sqlString(tenant)} AND timestamp >= ${interval}`, hitFilter: NOT_BOT, audience: false });
}

function top(tenant: string, period: RawPeriod, dimension: string, expr: string, where = "1"): string {
  return `SELECT ${expr} AS ${dimension}, uniqExact(session_id) AS visits, count() AS hits
FROM (${periodHits(tenant, period, NOT_BOT)})
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
    FROM (${periodHits(tenant, period, NOT_BOT)})
    GROUP BY day, session_id
)
GROUP BY date
ORDER BY date`,
    top_pages: top(tenant, period, "pathname", "pathname"),
    // A visit filter keeps whole visits: the sessions whose first page view in the period was direct.
    "top_pages?channel=Direct": top(tenant, period, "pathname", "pathname", `session_id IN (SELECT session_id FROM (${periodHits(tenant, period, "", true)}) GROUP BY session_id HAVING argMin(channel, timestamp) = 'Direct')`),
    top_browsers: top(tenant, period, "browser", "browser"),
    top_devices: top(tenant, period, "device", "device"),
    top_locations: top(tenant, period, "location", countrySql("location")),
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
  "top_pages?channel=Direct": ["pathname", "visits", "hits"],
  top_browsers: ["browser", "visits", "hits"],
  top_devices: ["device", "visits", "hits"],
  top_locations: ["location", "visits", "hits"],
  current_visitors: ["visits"],
  trend: ["t", "visits"],
};
