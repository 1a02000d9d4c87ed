import { defineEndpoint, node, t } from "aviary/schema";
import { dashboardToken, periodParams, previousPeriodParam, tenantParams } from "../sql/params.ts";
import { ANY_PAGE_FILTER, filterParams, pageViewsView, readingConditions, sessionsView } from "../sql/filters.ts";
import { inPeriod, periodNode } from "../sql/period.ts";
import { SINGLE_DAY, TZ, WITH_PREVIOUS, growth, tenantAndDomain } from "../sql/template.ts";
import { withChecks } from "../sql/checks.ts";

const METRICS = ["visits", "pageviews", "bounce_rate", "avg_session_sec"] as const;

/**
 * Visits, page views, bounce rate and average session length per day, or per hour when
 * date_from == date_to. A session is counted in each bucket it has hits in; its bounce
 * and length are those of its hits inside the bucket. Every bucket up to now is listed.
 * With a page-view filter, only the matching page views count (bounce and length too) and
 * they are read from single page views (analytics_page_views_mv): the sessions view keeps
 * one device/browser/location per session and no page. Visit filters keep whole sessions, so the sessions view answers them.
 */
export const kpis = defineEndpoint("kpis", withChecks({
  description: "Visits, pageviews, bounce rate and average session duration per day (per hour for a single day)",
  params: { ...tenantParams, ...periodParams, ...previousPeriodParam, ...filterParams },
  nodes: [
    periodNode(),
    node({
      name: "buckets",
      // Pairs each bucket with the one at the same position in the previous period. The 25th
      // hour of a day the clocks go back has none there: it is paired with the epoch, which
      // no bucket is (the hour after the previous day's last is the current day's first).
      sql: `SELECT tupleElement(pair, 1) AS bucket, tupleElement(pair, 2) AS previous_bucket
FROM
(
    SELECT arrayJoin(
        {% if ${SINGLE_DAY} %}
        arrayMap(i -> (current_from + i * 3600, if(previous_from + i * 3600 < previous_to, previous_from + i * 3600, toDateTime(0, ${TZ}))), range(toUInt32(least(
            intDiv(toUnixTimestamp(current_to) - toUnixTimestamp(current_from), 3600),
            greatest(0, intDiv(toUnixTimestamp(now()) - toUnixTimestamp(current_from), 3600) + 1)))))
        {% else %}
        arrayMap(i -> (current_start + i, previous_start + i), range(toUInt32(least(
            days,
            greatest(0, dateDiff('day', current_start, toDate(now(), ${TZ})) + 1)))))
        {% end %}
    ) AS pair
    FROM period
)`,
    }),
    node({
      name: "session_buckets",
      sql: `{% if not (${ANY_PAGE_FILTER}) %}
SELECT
    {% if ${SINGLE_DAY} %}toStartOfHour(date, ${TZ}){% else %}toDate(date, ${TZ}){% end %} AS bucket,
    session_id,
    min(first_hit) AS session_first_hit,
    max(latest_hit) AS session_latest_hit,
    countMerge(hits) AS session_hits
FROM analytics_sessions_mv
WHERE ${inPeriod("date", WITH_PREVIOUS)} ${tenantAndDomain()} ${readingConditions(sessionsView, WITH_PREVIOUS)}
GROUP BY bucket, session_id
{% else %}
SELECT
    {% if ${SINGLE_DAY} %}toStartOfHour(timestamp, ${TZ}){% else %}toDate(timestamp, ${TZ}){% end %} AS bucket,
    session_id,
    min(timestamp) AS session_first_hit,
    max(timestamp) AS session_latest_hit,
    count() AS session_hits
FROM ${pageViewsView.from}
WHERE ${inPeriod("timestamp", WITH_PREVIOUS)} ${tenantAndDomain()} ${readingConditions(pageViewsView, WITH_PREVIOUS)}
GROUP BY bucket, session_id
{% end %}`,
    }),
    node({
      name: "bucket_stats",
      sql: `
SELECT
    bucket,
    count() AS visits,
    sum(session_hits) AS pageviews,
    avg(session_first_hit = session_latest_hit) AS bounce_rate,
    avg(session_latest_hit - session_first_hit) AS avg_session_sec
FROM session_buckets
GROUP BY bucket`,
    }),
    node({
      name: "kpis",
      // bucket_stats is read once, as a map from bucket to its figures, for both periods:
      // joined twice, ClickHouse computed it twice (over both periods each time).
      sql: `SELECT
    b.bucket AS date,
    ${METRICS.map((m, i) => `tupleElement(by_bucket[b.bucket], ${i + 1}) AS ${m}`).join(",\n    ")}
    {% if ${WITH_PREVIOUS} %},
    ${METRICS.map((m, i) => `tupleElement(by_bucket[b.previous_bucket], ${i + 1}) AS previous_${m}`).join(",\n    ")},
    ${METRICS.map((m) => `${growth(m, `previous_${m}`)} AS ${m}_growth_percentage`).join(",\n    ")}
    {% end %}
FROM buckets AS b
CROSS JOIN (SELECT mapFromArrays(groupArray(bucket), groupArray((${METRICS.join(", ")}))) AS by_bucket FROM bucket_stats) AS st
ORDER BY date`,
    }),
  ],
  output: {
    date: t.date(),
    visits: t.uint64(),
    pageviews: t.uint64(),
    bounce_rate: t.float64(),
    avg_session_sec: t.float64(),
    previous_visits: t.uint64().optional(),
    previous_pageviews: t.uint64().optional(),
    previous_bounce_rate: t.float64().optional(),
    previous_avg_session_sec: t.float64().optional(),
    visits_growth_percentage: t.float64().optional(),
    pageviews_growth_percentage: t.float64().optional(),
    bounce_rate_growth_percentage: t.float64().optional(),
    avg_session_sec_growth_percentage: t.float64().optional(),
  },
  tokens: dashboardToken,
}));
