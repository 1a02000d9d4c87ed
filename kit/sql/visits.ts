/**
 * One row per visit (session) over a period, with what the acquisition and audience
 * reports group and filter visits by: read from the visits view, or computed from raw
 * page views when a page-view filter decides which page views count. A visit's source,
 * channel, campaign and entry page are those of its first page view in the period, its
 * exit page that of its last; a visit across the period's start is taken from its first
 * page view inside it.
 */
import { hitsSql, UTM_KEYS } from "./hits.ts";
import { LANDING_FIELDS, landingFieldSql, landingTupleSql } from "./landing.ts";
import { inPeriod, periodValue } from "./period.ts";
import { domainFilter, eventDomainFilter, tenantAndDomain, tenantFilter } from "./template.ts";

export const VISIT_FILTER_KEYS = ["referrer", "channel", ...UTM_KEYS, "entry_page", "exit_page", "os", "os_version", "screen", "region", "city", "language"] as const;
export type VisitFilterKey = (typeof VISIT_FILTER_KEYS)[number];

/** The per-visit column each visit filter compares with (`referrer` is the visit's source, as top_sources lists it). */
export const VISIT_FILTER_COLUMN = Object.fromEntries(
  VISIT_FILTER_KEYS.map((k) => [k, `visit_${k === "referrer" ? "source" : k}`]),
) as Readonly<Record<VisitFilterKey, string>>;

/** Dimensions a visit has one of, kept as `any` in the view. */
const VISITOR_DIMENSIONS = ["device", "browser", "location", "os", "os_version", "screen", "language", "region", "city"] as const;

export interface VisitsOptions {
  readonly from: "view" | "raw";
  /** view: a condition on the view's `date`. */
  readonly dateCondition?: string;
  /** raw: the template condition for including the previous period. */
  readonly previousToo?: string;
  /** One row per visit and period (`current` 1 or 0) instead of one per visit. */
  readonly split?: boolean;
  /** raw: which page views count as the visit's hits (the request's page-view filters); visits with none are left out. */
  readonly hitCondition?: string;
}

// The view: each field of the row whose first page view came first, reading only that field's subcolumn and the order's.
const viewLandingColumns = LANDING_FIELDS.map((f) => `argMin(${landingFieldSql("first_view", f, 1)}, first_view.1) AS visit_${f}`).join(",\n    ");
const rawLandingColumns = LANDING_FIELDS.map((f) => `${landingFieldSql("visit_landing", f)} AS visit_${f}`).join(",\n    ");
const visitorColumns = VISITOR_DIMENSIONS.map((d) => `toString(any(${d})) AS visit_${d}`).join(",\n    ");

/** Per-visit rows: session_id, current, visit_<dimension>…, visit_first_hit, visit_latest_hit, visit_hits. */
export function visitsPerSession(o: VisitsOptions): string {
  if (o.from === "view") {
    return `SELECT
    session_id,
    ${o.split ? `date >= ${periodValue("current_from")}` : "1"} AS current,
    ${viewLandingColumns},
    argMax(last_view.2, last_view.1) AS visit_exit_page,
    ${visitorColumns},
    min(first_hit) AS visit_first_hit,
    max(latest_hit) AS visit_latest_hit,
    countMerge(hits) AS visit_hits
FROM analytics_visits_mv
WHERE ${o.dateCondition ?? "1"} ${tenantAndDomain()}
GROUP BY session_id, current`;
  }
  return `SELECT
    session_id,
    ${o.split ? `timestamp >= ${periodValue("current_from")}` : "1"} AS current,
    argMin(${landingTupleSql()}, timestamp) AS visit_landing,
    ${rawLandingColumns},
    argMax(pathname, timestamp) AS visit_exit_page,
    ${visitorColumns},
    min(timestamp) AS visit_first_hit,
    max(timestamp) AS visit_latest_hit,
    countIf(${o.hitCondition ?? "1"}) AS visit_hits
FROM (
${hitsSql({ eventFilter: `AND ${inPeriod("timestamp", o.previousToo)} ${tenantFilter()} ${eventDomainFilter()}`, hitFilter: domainFilter() })}
)
GROUP BY session_id, current
HAVING visit_hits > 0`;
}
