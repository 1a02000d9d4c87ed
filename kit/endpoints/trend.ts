import { defineEndpoint, node, p, t } from "aviary/schema";
import { botCondition, filterParams, pageConditions, visitFilter } from "../sql/filters.ts";
import { hitsSql } from "../sql/hits.ts";
import { dashboardToken, tenantParams } from "../sql/params.ts";
import { TZ, domainFilter, eventDomainFilter, tenantFilter } from "../sql/template.ts";
import { withChecks } from "../sql/checks.ts";

/** Distinct sessions per minute over the last 30 minutes (the current one included); empty minutes are 0. */
export const trend = defineEndpoint("trend", withChecks({
  description: "Visits per minute for the last 30 minutes",
  params: { ...tenantParams, tz: p.string().optional("UTC").describe("IANA time zone the minutes are shown in"), ...filterParams },
  nodes: [
    node({
      name: "recent_hits",
      sql: `${hitsSql({
  eventFilter: `AND timestamp >= toStartOfMinute(now()) - INTERVAL 29 MINUTE ${tenantFilter()} ${eventDomainFilter()}`,
  // A visit's source and entry page are its first page view's: look back a day for it.
  hitFilter: `${domainFilter()} ${pageConditions()} ${visitFilter("date >= now() - INTERVAL 1 DAY")} ${botCondition()}`,
  audience: false,
})}`,
    }),
    node({
      name: "trend",
      sql: `SELECT m.t AS t, ifNull(v.visits, 0) AS visits
FROM (SELECT arrayJoin(arrayMap(i -> toStartOfMinute(now(), ${TZ}) - INTERVAL i MINUTE, range(30))) AS t) AS m
LEFT JOIN
(
    SELECT toStartOfMinute(timestamp, ${TZ}) AS t, uniqExact(session_id) AS visits
    FROM recent_hits
    GROUP BY t
) AS v ON v.t = m.t
ORDER BY t`,
    }),
  ],
  output: { t: t.dateTime(), visits: t.uint64() },
  tokens: dashboardToken,
}));
