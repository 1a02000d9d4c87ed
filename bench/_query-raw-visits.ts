/**
 * The acquisition and audience reports (visits by source, channel, campaign, entry or
 * exit page, OS, screen, place, language) written against raw `analytics_events`, for
 * the query benchmark's view/raw ratios. A visit is a session's page views in the period,
 * parsed by the kit's own SQL (sql/hits.ts): its first page view gives the entry page,
 * source, channel and campaign, its last the exit page; bots are left out, as the
 * endpoints do by default. Written here from those definitions, not from the views.
 */
import { countrySql } from "../kit/sql/country.ts";
import { LANDING_FIELDS, landingFieldSql, landingTupleSql } from "../kit/sql/landing.ts";
import { periodHits, type RawPeriod } from "./_query-raw.ts";

const PER_VISIT = ["device", "os", "os_version", "screen", "language", "region", "city", "location"] as const;

/** One row per non-bot visit: v_<landing field>, v_exit_page, v_<dimension>, v_bounce, v_hits. Prefixed: a bare alias would shadow the hit column inside the aggregates. */
export function rawVisits(tenant: string, period: RawPeriod): string {
  return `SELECT
    argMin(${landingTupleSql()}, timestamp) AS v_landing,
    ${LANDING_FIELDS.map((f) => `${landingFieldSql("v_landing", f)} AS v_${f}`).join(", ")},
    argMax(pathname, timestamp) AS v_exit_page,
    ${PER_VISIT.map((d) => `toString(any(${d})) AS v_${d}`).join(", ")},
    min(timestamp) = max(timestamp) AS v_bounce,
    count() AS v_hits
FROM (${periodHits(tenant, period, "", true)})
GROUP BY session_id
HAVING v_device != 'bot'`;
}

interface VisitReport {
  /** Output column → SQL over rawVisits' columns; the first is the dimension. */
  readonly columns: Readonly<Record<string, string>>;
  readonly knownOnly?: boolean;
  readonly where?: string;
  readonly measures?: Readonly<Record<string, string>>;
}

function report(tenant: string, period: RawPeriod, r: VisitReport): string {
  const names = Object.keys(r.columns);
  const dimension = names[0]!;
  const known = r.knownOnly ? `AND ${dimension} != ''` : "";
  return `SELECT ${Object.entries(r.columns).map(([n, sql]) => `${sql} AS ${n}`).join(", ")}, count() AS visits, sum(v_hits) AS hits
    ${Object.entries(r.measures ?? {}).map(([n, sql]) => `, ${sql} AS ${n}`).join("")}
FROM (${rawVisits(tenant, period)})
WHERE 1 ${known} ${r.where ? `AND ${r.where}` : ""}
GROUP BY ${names.join(", ")}
ORDER BY visits DESC, hits DESC, ${names.map((n) => `${n} ASC`).join(", ")}
LIMIT 50`;
}

/** Exits per page next to the page's page views in the period (as top_pages counts them). */
function exitPages(tenant: string, period: RawPeriod): string {
  return `SELECT e.exit_page AS exit_page, e.visits AS visits, ifNull(p.hits, 0) AS hits, if(hits = 0, 0., least(1., visits / hits)) AS exit_rate
FROM (SELECT v_exit_page AS exit_page, count() AS visits FROM (${rawVisits(tenant, period)}) GROUP BY exit_page) AS e
LEFT JOIN (SELECT pathname, count() AS hits FROM (${periodHits(tenant, period, "AND device != 'bot'")}) GROUP BY pathname) AS p ON p.pathname = e.exit_page
ORDER BY visits DESC, hits DESC, exit_page ASC
LIMIT 50`;
}

const utm = (key: string): VisitReport => ({ columns: { [key]: `v_${key}` }, knownOnly: true });

/** Report name (the endpoint, or `endpoint?filter=value`) → its SQL over raw events. */
export function rawVisitQueries(tenant: string, period: RawPeriod): Record<string, string> {
  const reports: Record<string, VisitReport> = {
    top_sources: { columns: { referrer: "v_source" } },
    top_channels: { columns: { channel: "v_channel" } },
    top_utm_sources: utm("utm_source"),
    top_utm_mediums: utm("utm_medium"),
    top_utm_campaigns: utm("utm_campaign"),
    top_utm_terms: utm("utm_term"),
    top_utm_contents: utm("utm_content"),
    top_entry_pages: { columns: { entry_page: "v_entry_page" }, measures: { bounce_rate: "avg(v_bounce)" } },
    top_os: { columns: { os: "v_os" } },
    top_os_versions: { columns: { os_version: "v_os_version", os: "v_os" } },
    "top_os_versions?os=Android": { columns: { os_version: "v_os_version", os: "v_os" }, where: "v_os = 'Android'" },
    top_screens: { columns: { screen: "v_screen" } },
    top_regions: { columns: { region: "v_region", location: countrySql("v_location") }, knownOnly: true },
    top_cities: { columns: { city: "v_city", region: "v_region", location: countrySql("v_location") }, knownOnly: true },
    top_languages: { columns: { language: "v_language" } },
  };
  return {
    ...Object.fromEntries(Object.entries(reports).map(([name, r]) => [name, report(tenant, period, r)])),
    top_exit_pages: exitPages(tenant, period),
  };
}

/** Columns that must agree between each report and the endpoint's rows. */
export const VISIT_AGREEING_COLUMNS: Record<string, readonly string[]> = {
  top_sources: ["referrer", "visits", "hits"],
  top_channels: ["channel", "visits", "hits"],
  top_utm_sources: ["utm_source", "visits", "hits"],
  top_utm_mediums: ["utm_medium", "visits", "hits"],
  top_utm_campaigns: ["utm_campaign", "visits", "hits"],
  top_utm_terms: ["utm_term", "visits", "hits"],
  top_utm_contents: ["utm_content", "visits", "hits"],
  top_entry_pages: ["entry_page", "visits", "hits"],
  top_exit_pages: ["exit_page", "visits", "hits"],
  top_os: ["os", "visits", "hits"],
  top_os_versions: ["os_version", "os", "visits", "hits"],
  "top_os_versions?os=Android": ["os_version", "os", "visits", "hits"],
  top_screens: ["screen", "visits", "hits"],
  top_regions: ["region", "location", "visits", "hits"],
  top_cities: ["city", "region", "location", "visits", "hits"],
  top_languages: ["language", "visits", "hits"],
};
