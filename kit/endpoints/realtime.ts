import { defineEndpoint, node, t } from "aviary/schema";
import { hitsSql } from "../sql/hits.ts";
import { dashboardToken, tenantParams } from "../sql/params.ts";
import { botCondition, filterParams } from "../sql/filters.ts";
import { sourceSql } from "../sql/source.ts";
import { domainFilter, eventDomainFilter, tenantFilter } from "../sql/template.ts";
import { withChecks } from "../sql/checks.ts";

/** Pages and sources listed at most, each. */
const REALTIME_TOP = 10;
/** Seconds a live panel's answer is shared: the dashboard refreshes it every 10 s. */
const REALTIME_CACHE_SECONDS = 10;

/** The 30 minutes shown: the current one and the 29 before it (UTC). */
const WINDOW_FROM = "toStartOfMinute(now()) - INTERVAL 29 MINUTE";
/** As current_visitors counts: a page view in the last 5 minutes. */
const CURRENT_FROM = "now() - INTERVAL 5 MINUTE";

/**
 * The live panel in one answer, one row shape for all of it, told apart by `section`:
 * - `current`: one row, visitors (sessions) with a page view in the last 5 minutes, as
 *   current_visitors counts them; `time` is the start of those 5 minutes, so it also says
 *   when the answer was computed (`time` + 5 minutes);
 * - `total`: one row, visitors and page views of the last 30 minutes (from `time`);
 * - `minute`: 30 rows, oldest first, every minute listed (zeros too), `time` its start;
 * - `page`: up to 10 pathnames (`name`) by visitors, then page views, then name;
 * - `source`: up to 10 visit sources (`name`, '' = direct), ranked alike. A visit's source
 *   is its first page view's in the 30 minutes, as top_sources judges a visit in a period.
 * Times are UTC. Read from raw page views: 30 minutes of one tenant is a short range of the
 * events' sorting key (tenant_id, domain, timestamp), and the views' 15-minute buckets are
 * too coarse for minutes. A page view dated ahead of the server's clock counts as now.
 */
export const realtime = defineEndpoint("realtime", withChecks({
  description: "Live panel: visitors now (last 5 minutes), per minute for the last 30 minutes, top current pages and sources, one row per item told apart by section",
  cache: { enabled: true, ttl: REALTIME_CACHE_SECONDS },
  nodes: [
    node({
      name: "recent_hits",
      sql: `SELECT
    least(timestamp, now()) AS at,
    session_id,
    pathname,
    argMin(${sourceSql("referrer", "href")}, at) OVER (PARTITION BY session_id) AS visit_source
FROM (
${hitsSql({ eventFilter: `AND timestamp >= ${WINDOW_FROM} ${tenantFilter()} ${eventDomainFilter()}`, hitFilter: `${domainFilter()} ${botCondition()}`, audience: false })}
)`,
    }),
    node({
      name: "realtime",
      sql: `
SELECT section, toDateTime(start, 'UTC') AS time, name, sum(n_visitors) AS visitors, sum(n_pageviews) AS pageviews
FROM (
    SELECT item.1 AS section, item.2 AS start, item.3 AS name, uniqExact(session_id) AS n_visitors, count() AS n_pageviews
    FROM recent_hits
    ARRAY JOIN arrayConcat(
        [('total', ${WINDOW_FROM}, ''), ('minute', toStartOfMinute(at), ''), ('page', ${WINDOW_FROM}, pathname), ('source', ${WINDOW_FROM}, visit_source)],
        if(at >= ${CURRENT_FROM}, [('current', ${CURRENT_FROM}, '')], [])
    ) AS item
    GROUP BY section, start, name
    UNION ALL
    -- Rows there even without page views: every minute, and the current and total counts.
    SELECT 'minute', ${WINDOW_FROM} + toIntervalMinute(number), '', toUInt64(0), toUInt64(0) FROM numbers(30)
    UNION ALL
    SELECT 'current', ${CURRENT_FROM}, '', toUInt64(0), toUInt64(0)
    UNION ALL
    SELECT 'total', ${WINDOW_FROM}, '', toUInt64(0), toUInt64(0)
)
GROUP BY section, start, name
QUALIFY section NOT IN ('page', 'source') OR row_number() OVER (PARTITION BY section ORDER BY visitors DESC, pageviews DESC, name) <= ${REALTIME_TOP}
ORDER BY indexOf(['current', 'total', 'minute', 'page', 'source'], section), start, visitors DESC, pageviews DESC, name`,
    }),
  ],
  params: { ...tenantParams, include_bots: filterParams.include_bots },
  output: { section: t.string(), time: t.dateTime(), name: t.string(), visitors: t.uint64(), pageviews: t.uint64() },
  tokens: dashboardToken,
}));
