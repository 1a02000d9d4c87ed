/**
 * The dashboard's click-to-filter parameters and where a filtered report reads from.
 *
 * Page-view filters (`pathname`, `location`, `device`, `browser`) keep only the page views
 * whose dimension has the value; visits are then the sessions with such a page view.
 * Visit filters (source, channel, campaign, entry and exit page, OS, screen, language,
 * region, city) keep the visits whose value matches, with all their page views: they are
 * answered from the visits view (visits.ts) as a set of session ids, so only readings with
 * a session id column can apply them. Bots are left out unless `include_bots=true`.
 *
 * Each endpoint lists the places it can read, most preferred first; a request reads the
 * first that answers every filter it sets, the last being single page views
 * (pageViewsView), which answer all of them. Without filters the first is read.
 */
import { p } from "aviary/schema";
import { countrySql } from "./country.ts";
import { UTM_KEYS } from "./hits.ts";
import { inPeriod, isCurrent } from "./period.ts";
import { VISIT_FILTER_COLUMN, type VisitFilterKey, VISIT_FILTER_KEYS, visitsPerSession } from "./visits.ts";
import { stringParam } from "./template.ts";

export const PAGE_FILTER_KEYS = ["pathname", "location", "device", "browser"] as const;
export type PageFilterKey = (typeof PAGE_FILTER_KEYS)[number];
export const FILTER_KEYS = [...PAGE_FILTER_KEYS, ...VISIT_FILTER_KEYS] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

const visit = (what: string) => p.string().optional().describe(`Only visits ${what} (with all their page views)`);

export const filterParams = {
  pathname: p.string().optional().describe("Only page views of this pathname (visits: sessions that viewed it)"),
  location: p.string().optional().describe("Only page views from this country"),
  device: p.string().optional().describe("Only page views from this device type"),
  browser: p.string().optional().describe("Only page views from this browser"),
  referrer: visit("from this source, as top_sources lists it ('' for direct traffic)"),
  channel: visit("of this channel, as top_channels lists it"),
  ...Object.fromEntries(UTM_KEYS.map((k) => [k, visit(`whose landing page had this ${k}`)])) as Record<(typeof UTM_KEYS)[number], ReturnType<typeof visit>>,
  entry_page: visit("that started on this pathname"),
  exit_page: visit("that ended on this pathname"),
  os: visit("from this operating system"),
  os_version: visit("from this operating system version"),
  screen: visit("from this screen class (mobile, tablet, laptop, desktop)"),
  region: visit("from this region"),
  city: visit("from this city"),
  language: visit("whose browser language is this (e.g. en)"),
  include_bots: p.boolean().optional(false).describe("Count traffic classified as bots too (left out by default)"),
};

const anyOf = (keys: readonly string[]) => keys.map((k) => `defined(${k})`).join(" or ");
/** Template conditions: the request sets some filter / a page-view filter / a visit filter. */
export const ANY_FILTER = anyOf(FILTER_KEYS);
export const ANY_PAGE_FILTER = anyOf(PAGE_FILTER_KEYS);
export const ANY_VISIT_FILTER = anyOf(VISIT_FILTER_KEYS);

/** Request values are raw strings: bots come back only for the exact text `true`. */
export const INCLUDE_BOTS = "defined(include_bots) and include_bots == 'true'";

/** `AND …` leaving bots out unless the request asks for them. */
export function botCondition(device = "device"): string {
  return `{% if not (${INCLUDE_BOTS}) %} AND ${device} != 'bot' {% end %}`;
}

const PAGE_CONDITION: Readonly<Record<PageFilterKey, string>> = {
  pathname: `pathname = ${stringParam("pathname")}`,
  // As top_locations reports it: a value that is not a country code is '' (unknown).
  location: `${countrySql()} = ${stringParam("location")}`,
  device: `toString(device) = ${stringParam("device")}`,
  browser: `toString(browser) = ${stringParam("browser")}`,
};

/** `AND …` for each page-view filter of `keys` the request sets. */
export function pageConditions(keys: readonly PageFilterKey[] = PAGE_FILTER_KEYS): string {
  return keys.map((k) => `{% if defined(${k}) %} AND ${PAGE_CONDITION[k]} {% end %}`).join(" ");
}

/** `AND …` for each visit filter the request sets, on a per-visit row (visits.ts columns). */
export function visitConditions(): string {
  return VISIT_FILTER_KEYS.map((k: VisitFilterKey) => `{% if defined(${k}) %} AND ${VISIT_FILTER_COLUMN[k]} = ${stringParam(k)} {% end %}`).join(" ");
}

/**
 * `AND session_id IN (…)` when the request sets a visit filter: the sessions whose visit
 * over `dateCondition` (a condition on the visits view's `date`) matches every one. With
 * `time` (the reading's time column, in a report with a period node), a visit is judged
 * in each period apart, as the visit reports count it: a page view matches when its
 * session's visit in the page view's own period does.
 */
export function visitFilter(dateCondition: string, time?: string): string {
  const rows = visitsPerSession({ from: "view", dateCondition, split: time !== undefined });
  const key = time === undefined ? "session_id" : `(session_id, ${isCurrent(time)})`;
  const columns = time === undefined ? "session_id" : "session_id, current";
  return `{% if ${ANY_VISIT_FILTER} %} AND ${key} IN (
    SELECT ${columns} FROM (${rows})
    WHERE 1 ${visitConditions()}
) {% end %}`;
}

/** A table (or parsed page views) a report can read, with the filters it answers exactly. */
export interface Reading {
  readonly from: string;
  /** Its time column (an instant). */
  readonly time: string;
  readonly filters: readonly PageFilterKey[];
  /** Has a `session_id` column, so visit filters apply. */
  readonly sessions: boolean;
  visitsIf(cond: string): string;
  hitsIf(cond: string): string;
}

/**
 * Every condition a request's filters put on `r`, over `previousToo`'s period: its page
 * filters, the visit filters (when it has sessions) and the bot rule.
 */
export function readingConditions(r: Reading, previousToo: string | undefined): string {
  return `${pageConditions(r.filters)} ${r.sessions ? visitFilter(inPeriod("date", previousToo), r.time) : ""} ${botCondition()}`;
}

const states = (table: string, filters: readonly PageFilterKey[]): Reading => ({
  from: table,
  time: "date",
  filters,
  sessions: false,
  visitsIf: (c) => `uniqExactMergeIf(visits, ${c})`,
  hitsIf: (c) => `countMergeIf(hits, ${c})`,
});

export const pagesView = states("analytics_pages_mv", ["pathname", "location", "device", "browser"]);
/** Device, browser and location are `any` of the session's hits here: not exact for a filter on hits. */
export const sessionsView: Reading = {
  from: "analytics_sessions_mv",
  time: "date",
  filters: [],
  sessions: true,
  visitsIf: (c) => `uniqExactIf(session_id, ${c})`,
  hitsIf: (c) => `countMergeIf(hits, ${c})`,
};

/** Single page views, parsed on insert (analytics_page_views_mv): every filter applies. */
export const pageViewsView: Reading = {
  from: "analytics_page_views_mv",
  time: "timestamp",
  filters: PAGE_FILTER_KEYS,
  sessions: true,
  visitsIf: (c) => `uniqExactIf(session_id, ${c})`,
  hitsIf: (c) => `countIf(${c})`,
};

/**
 * Template text choosing among `readings` (the last must answer every filter): the first
 * that answers every filter the request sets, rendered by `sql`.
 */
export function chooseReading(readings: readonly Reading[], sql: (r: Reading) => string): string {
  const last = readings[readings.length - 1];
  if (!last || last.filters.length !== PAGE_FILTER_KEYS.length || !last.sessions) throw new Error("the last reading must answer every filter");
  const branches = readings.slice(0, -1).map((r, i) => {
    const missing = [...PAGE_FILTER_KEYS.filter((k) => !r.filters.includes(k)), ...(r.sessions ? [] : VISIT_FILTER_KEYS)];
    return `{% ${i === 0 ? "if" : "elif"} not (${anyOf(missing)}) %}\n${sql(r)}\n`;
  });
  if (branches.length === 0) return sql(last);
  return `${branches.join("")}{% else %}\n${sql(last)}\n{% end %}`;
}
