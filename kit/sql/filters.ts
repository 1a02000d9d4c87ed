/**
 * The dashboard's click-to-filter parameters and where a filtered report reads from.
 * A filter keeps only the page views whose dimension has the value (visits are then the
 * sessions with such a page view). Each endpoint lists the places it can read, most
 * preferred first; a request reads the first that carries every filter it sets, the
 * last being raw page views, which carry all of them. Without filters the first is read,
 * as before filters existed.
 */
import { p } from "aviary/schema";
import { countrySql } from "./country.ts";
import { hitsSql } from "./hits.ts";
import { inPeriod } from "./period.ts";
import { domainFilter, eventDomainFilter, tenantFilter } from "./template.ts";

export const FILTER_KEYS = ["pathname", "referrer", "location", "device", "browser"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export const filterParams = {
  pathname: p.string().optional().describe("Only page views of this pathname (visits: sessions that viewed it)"),
  referrer: p.string().optional().describe("Only page views from this source: referrer host without www, '' for direct traffic"),
  location: p.string().optional().describe("Only page views from this country"),
  device: p.string().optional().describe("Only page views from this device type"),
  browser: p.string().optional().describe("Only page views from this browser"),
};

/** Template condition: the request sets some filter. */
export const ANY_FILTER = FILTER_KEYS.map((k) => `defined(${k})`).join(" or ");

/** A referrer on the page's own host is an internal link, never a source (as analytics_sources_mv). */
export const IS_SOURCE = "(referrer = '' OR domainWithoutWWW(referrer) != domainWithoutWWW(href))";

const CONDITION: Readonly<Record<FilterKey, string>> = {
  pathname: "pathname = {{String(pathname)}}",
  // Sources are reported by host, so the filter is on the host; the views keep the full URL.
  referrer: "domainWithoutWWW(referrer) = {{String(referrer)}}",
  // As top_locations reports it: a value that is not a country code is '' (unknown).
  location: `${countrySql()} = {{String(location)}}`,
  device: "toString(device) = {{String(device)}}",
  browser: "toString(browser) = {{String(browser)}}",
};

/** A table (or parsed page views) a report can read, with the filters it answers exactly. */
export interface Reading {
  readonly from: string;
  /** Its time column (an instant). */
  readonly time: string;
  readonly filters: readonly FilterKey[];
  visitsIf(cond: string): string;
  hitsIf(cond: string): string;
}

const states = (table: string, filters: readonly FilterKey[]): Reading => ({
  from: table,
  time: "date",
  filters,
  visitsIf: (c) => `uniqExactMergeIf(visits, ${c})`,
  hitsIf: (c) => `countMergeIf(hits, ${c})`,
});

export const pagesView = states("analytics_pages_mv", ["pathname", "location", "device", "browser"]);
// Its rows are sources only, so a referrer filter here matches no internal link, as on raw hits.
export const sourcesView = states("analytics_sources_mv", ["referrer", "location", "device", "browser"]);
/** Device, browser and location are `any` of the session's hits here: not exact for a filter on hits. */
export const sessionsView: Reading = {
  from: "analytics_sessions_mv",
  time: "date",
  filters: [],
  visitsIf: (c) => `uniqExactIf(session_id, ${c})`,
  hitsIf: (c) => `countMergeIf(hits, ${c})`,
};

/**
 * Parsed page views over the period (the previous one too when `previousToo` holds);
 * `sourcesOnly` drops internal links, for reports by source; so does a referrer filter.
 */
export function rawHits(previousToo: string | undefined, sourcesOnly = false): Reading {
  const from = `(
${hitsSql({
  eventFilter: `AND ${inPeriod("timestamp", previousToo)} ${tenantFilter()} ${eventDomainFilter()}`,
  // The views hold no href to tell an internal link, so it is dropped here before filtering.
  hitFilter: `${domainFilter()} ${sourcesOnly ? `AND ${IS_SOURCE}` : `{% if defined(referrer) %} AND ${IS_SOURCE} {% end %}`}`,
})}
)`;
  return { from, time: "timestamp", filters: FILTER_KEYS, visitsIf: (c) => `uniqExactIf(session_id, ${c})`, hitsIf: (c) => `countIf(${c})` };
}

/** `AND …` for each of `keys` the request sets. */
export function filterConditions(keys: readonly FilterKey[]): string {
  return keys.map((k) => `{% if defined(${k}) %} AND ${CONDITION[k]} {% end %}`).join(" ");
}

/**
 * Template text choosing among `readings` (the last must carry every filter): the first
 * whose filters include every filter the request sets, rendered by `sql`.
 */
export function chooseReading(readings: readonly Reading[], sql: (r: Reading) => string): string {
  const last = readings[readings.length - 1];
  if (!last || last.filters.length !== FILTER_KEYS.length) throw new Error("the last reading must carry every filter");
  const branches = readings.slice(0, -1).map((r, i) => {
    const missing = FILTER_KEYS.filter((k) => !r.filters.includes(k));
    return `{% ${i === 0 ? "if" : "elif"} not (${missing.map((k) => `defined(${k})`).join(" or ")}) %}\n${sql(r)}\n`;
  });
  if (branches.length === 0) return sql(last);
  return `${branches.join("")}{% else %}\n${sql(last)}\n{% end %}`;
}
