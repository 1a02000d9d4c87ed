import { defineEndpoint, node, t } from "aviary/schema";
import { dashboardToken, periodParams, tenantParams } from "../sql/params.ts";
import { ANY_PAGE_FILTER, type Reading, chooseReading, filterParams, pagesView, pageViewsView, readingConditions, sessionsView } from "../sql/filters.ts";
import { inPeriod } from "../sql/period.ts";
import { TZ, tenantAndDomain } from "../sql/template.ts";
import { withChecks } from "../sql/checks.ts";

function filteredHours(r: Reading): string {
  return `SELECT toHour(${r.time}, ${TZ}) AS hour_of_day, ${r.visitsIf("1")} AS hour_visits, ${r.hitsIf("1")} AS hour_pageviews
FROM ${r.from}
WHERE ${inPeriod(r.time, undefined)} ${tenantAndDomain()} ${readingConditions(r, undefined)}
GROUP BY hour_of_day`;
}

/**
 * Visits and page views by hour of the day (0–23 in `tz`) over the period; all 24 hours
 * listed. Merging the views' session sets across the period's buckets of one hour of the
 * day counts each session once per hour of the day, as the sessions view does.
 */
export const trafficByHour = defineEndpoint("traffic_by_hour", withChecks({
  description: "Visits (distinct sessions) and pageviews for each hour of the day over the period",
  params: { ...tenantParams, ...periodParams, ...filterParams },
  nodes: [
    node({
      name: "hour_totals",
      sql: `{% if not (${ANY_PAGE_FILTER}) %}
SELECT toHour(date, ${TZ}) AS hour_of_day, uniqExact(session_id) AS hour_visits, countMerge(hits) AS hour_pageviews
FROM analytics_sessions_mv
WHERE ${inPeriod("date", undefined)} ${tenantAndDomain()} ${readingConditions(sessionsView, undefined)}
GROUP BY hour_of_day
{% else %}
${chooseReading([pagesView, pageViewsView], filteredHours)}
{% end %}`,
    }),
    node({
      name: "traffic_by_hour",
      sql: `
SELECT h.hour AS hour, ifNull(s.hour_visits, 0) AS visits, ifNull(s.hour_pageviews, 0) AS pageviews
FROM (SELECT toUInt8(arrayJoin(range(24))) AS hour) AS h
LEFT JOIN hour_totals AS s ON s.hour_of_day = h.hour
ORDER BY hour`,
    }),
  ],
  output: { hour: t.uint8(), visits: t.uint64(), pageviews: t.uint64() },
  tokens: dashboardToken,
}));
