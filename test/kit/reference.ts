/**
 * What every kit endpoint must return, computed in plain TypeScript from the events a
 * test sent: no SQL, no shared code with the kit's queries. Rules are written out again
 * here from the spec (kit/README.md), so a wrong query cannot agree with its own copy.
 * Only the classifications the kit keeps as data (OS, screen, language, source, channel)
 * are taken from its own `analytics_hits` (classified-hits.ts).
 */
import { isbot } from "isbot";
import type { FlockEvent } from "../../src/seed/generate.ts";
import { placeOf, urlParameter } from "./reference-hit-fields.ts";
import { type Range, UTM_FILTERS, botAllowed, countryOf, inMatchingVisits, pageMatches } from "./reference-visit-model.ts";
import { addDays, dayDiff, hourStart, localDate, localDateTime, localHour, minuteStart, zonedMidnight } from "./tz.ts";

export { countryOf };

export type Row = Record<string, unknown>;
export type Params = Record<string, string | undefined>;

export interface Stored {
  ts: number;
  action: string;
  session: string | null;
  tenant: string;
  envDomain: string;
  /** '' where the event has none. */
  visitor: string;
  payloadText: string;
  payload: Record<string, unknown>;
}

export interface Hit {
  ts: number;
  session: string;
  tenant: string;
  domain: string;
  location: string;
  referrer: string;
  pathname: string;
  href: string;
  currentDomain: string;
  device: string;
  browser: string;
  payloadText: string;
  /** From the address lookup (payload `country`, `region`, `city`): only beside a country code. */
  region: string;
  city: string;
  location_source: string;
  utm_source: string;
  utm_medium: string;
  utm_campaign: string;
  utm_term: string;
  utm_content: string;
  /** The kit's classifications, taken from its own `analytics_hits` (classified-hits.ts): their rules are the kit's data. */
  os: string;
  os_version: string;
  screen: string;
  language: string;
  source: string;
  channel: string;
}

/** As ClickHouse's domainWithoutWWW: the host as written, without one leading `www.`, and '' for a host without a dot (localhost). */
export function hostWithoutWww(url: string): string {
  const host = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#:]*)/i.exec(url)?.[1] ?? "";
  if (!host.includes(".")) return "";
  return host.startsWith("www.") ? host.slice(4) : host;
}

function pageHost(href: string): string {
  const host = hostWithoutWww(href);
  if (host) return host;
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*\/?)/i.exec(href);
  return m ? m[1]! : "";
}

const UPSTREAM_BOTS = ["wget", "ahrefsbot", "curl", "urllib", "bitdiscovery", "+https://", "googlebot"];

export function deviceOf(uaRaw: string): string {
  const ua = uaRaw.toLowerCase();
  if (isbot(uaRaw) || UPSTREAM_BOTS.some((b) => ua.includes(b))) return "bot";
  if (ua.includes("android")) return "mobile-android";
  if (ua.includes("ipad") || ua.includes("iphone") || ua.includes("ipod")) return "mobile-ios";
  return "desktop";
}

export function browserOf(uaRaw: string): string {
  const ua = uaRaw.toLowerCase();
  const has = (...words: string[]) => words.some((w) => ua.includes(w));
  if (/edg(e|a|ios)?\//.test(ua)) return "edge";
  if (has("opr/", "opera", "opios/")) return "opera";
  if (has("samsungbrowser/")) return "samsung";
  if (has("firefox", "fxios/")) return "firefox";
  if (has("chrome", "crios")) return "chrome";
  if (has("msie", "trident")) return "ie";
  if (has("iphone", "ipad", "safari")) return "safari";
  return "Unknown";
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

export function store(events: readonly FlockEvent[]): Stored[] {
  return events.map((e) => {
    let payload: Record<string, unknown> = {};
    try {
      payload = JSON.parse(e.payload) as Record<string, unknown>;
    } catch {
      // not JSON: every field reads as ''
    }
    return { ts: Math.floor(Date.parse(e.timestamp) / 1000), action: e.action, session: e.session_id, tenant: e.tenant_id ?? "", envDomain: e.domain ?? "", visitor: e.visitor_id ?? "", payloadText: e.payload, payload };
  });
}

export function domainOf(s: Stored): string {
  return s.envDomain || pageHost(str(s.payload.href)) || str(s.payload.domain);
}

/** Filled in from the server's `analytics_hits` by classified-hits.ts. */
const UNCLASSIFIED = { os: "", os_version: "", screen: "", language: "", source: "", channel: "" };

export function hitsOf(stored: readonly Stored[]): Hit[] {
  return stored
    .filter((s) => s.action === "page_hit")
    .map((s) => {
      const ua = str(s.payload["user-agent"]);
      const href = str(s.payload.href);
      return {
        ts: s.ts,
        session: s.session ?? "0",
        tenant: s.tenant,
        domain: domainOf(s),
        ...placeOf(s.payload),
        referrer: str(s.payload.referrer),
        pathname: str(s.payload.pathname),
        href,
        currentDomain: pageHost(href),
        device: deviceOf(ua),
        browser: browserOf(ua),
        payloadText: s.payloadText,
        ...(Object.fromEntries(UTM_FILTERS.map((k) => [k, urlParameter(href, k)])) as Record<(typeof UTM_FILTERS)[number], string>),
        ...UNCLASSIFIED,
      };
    });
}

export function growth(cur: number, prev: number): number {
  if (prev === 0) return cur > 0 ? 100 : 0;
  return Math.floor(((cur - prev) * 100) / prev * 100 + 0.5) / 100;
}

export function scoped<T extends { tenant: string; domain: string }>(rows: readonly T[], p: Params): T[] {
  return rows.filter((r) => (p.tenant_id === undefined || r.tenant === p.tenant_id) && (p.domain === undefined || r.domain === p.domain));
}

/**
 * The page views a report counts: in the tenant and domain, inside `ranges`, of visits that
 * pass the visit filters (each visit taken inside its range), matching the page-view
 * filters, and no bots unless asked for (kit/README.md).
 */
function filtered(hits: readonly Hit[], p: Params, ranges: readonly Range[]): Hit[] {
  return inMatchingVisits(scoped(hits, p), p, ranges).filter((h) => pageMatches(h, p) && botAllowed(h.device, p));
}

interface Period {
  tz: string;
  currentStart: string;
  currentEnd: string;
  days: number;
  previousStart: string;
  currentFrom: number;
  currentTo: number;
  previousFrom: number;
  previousTo: number;
}

export function period(p: Params, now: number): Period {
  const tz = p.tz ?? "UTC";
  const today = localDate(now, tz);
  // Default: the last 7 days, today included (the dashboard's "Last 7 days").
  const currentStart = p.date_from ?? addDays(today, -6);
  const currentEnd = p.date_to ?? today;
  const days = Math.max(0, dayDiff(currentStart, currentEnd) + 1);
  // compare=year: the same days a year earlier; 29 February becomes the 28th, as ClickHouse's addYears does.
  const previousStart = p.compare === "year" ? yearEarlier(currentStart) : addDays(currentStart, -days);
  return {
    tz,
    currentStart,
    currentEnd,
    days,
    previousStart,
    currentFrom: zonedMidnight(currentStart, tz),
    currentTo: zonedMidnight(addDays(currentEnd, 1), tz),
    previousFrom: zonedMidnight(previousStart, tz),
    previousTo: zonedMidnight(addDays(previousStart, days), tz),
  };
}

function yearEarlier(date: string): string {
  const year = String(Number(date.slice(0, 4)) - 1);
  const monthDay = date.slice(5);
  const leap = new Date(Date.UTC(Number(year), 1, 29)).getUTCMonth() === 1;
  return `${year}-${monthDay === "02-29" && !leap ? "02-28" : monthDay}`;
}

const withPrevious = (p: Params) => p.include_previous_period === "true";

/** The current period, and before it the previous one when asked for: each a visit's own stretch. */
export function periodRanges(per: Period, p: Params): Range[] {
  const current = { from: per.currentFrom, to: per.currentTo };
  return withPrevious(p) ? [{ from: per.previousFrom, to: per.previousTo }, current] : [current];
}

/* ---------------------------------------------------------------- kpis */

interface BucketStats {
  visits: number;
  pageviews: number;
  bounce_rate: number;
  avg_session_sec: number;
}

function statsOf(hits: readonly Hit[]): BucketStats {
  const sessions = new Map<string, { first: number; last: number; hits: number }>();
  for (const h of hits) {
    const s = sessions.get(h.session);
    if (!s) sessions.set(h.session, { first: h.ts, last: h.ts, hits: 1 });
    else {
      s.first = Math.min(s.first, h.ts);
      s.last = Math.max(s.last, h.ts);
      s.hits++;
    }
  }
  const all = [...sessions.values()];
  if (all.length === 0) return { visits: 0, pageviews: 0, bounce_rate: 0, avg_session_sec: 0 };
  return {
    visits: all.length,
    pageviews: all.reduce((a, s) => a + s.hits, 0),
    bounce_rate: all.filter((s) => s.first === s.last).length / all.length,
    avg_session_sec: all.reduce((a, s) => a + (s.last - s.first), 0) / all.length,
  };
}

function groupBy<T>(rows: readonly T[], key: (r: T) => string | number): Map<string | number, T[]> {
  const out = new Map<string | number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

export function kpis(hits: readonly Hit[], p: Params, now: number): Row[] {
  const per = period(p, now);
  const { tz } = per;
  const hourly = p.date_from !== undefined && p.date_to !== undefined && p.date_from === p.date_to;
  const mine = filtered(hits, p, periodRanges(per, p));
  const byBucket = groupBy(mine, (h) => (hourly ? hourStart(h.ts, tz) : localDate(h.ts, tz)));
  const buckets: { key: string | number; label: string; previous: string | number }[] = [];
  if (hourly) {
    const hours = Math.floor((per.currentTo - per.currentFrom) / 3600);
    const n = Math.min(hours, Math.max(0, Math.floor((now - per.currentFrom) / 3600) + 1));
    // An hour the previous period does not have (a 25-hour day after a 24-hour one) compares with nothing.
    for (let i = 0; i < n; i++) buckets.push({ key: per.currentFrom + i * 3600, label: localDateTime(per.currentFrom + i * 3600, tz), previous: per.previousFrom + i * 3600 < per.previousTo ? per.previousFrom + i * 3600 : -1 });
  } else {
    const n = Math.min(per.days, Math.max(0, dayDiff(per.currentStart, localDate(now, tz)) + 1));
    for (let i = 0; i < n; i++) buckets.push({ key: addDays(per.currentStart, i), label: addDays(per.currentStart, i), previous: addDays(per.previousStart, i) });
  }
  return buckets.map((b) => {
    const cur = statsOf(byBucket.get(b.key) ?? []);
    const row: Row = { date: b.label, ...cur };
    if (withPrevious(p)) {
      const prev = statsOf(byBucket.get(b.previous) ?? []);
      for (const [k, v] of Object.entries(prev)) row[`previous_${k}`] = v;
      for (const k of Object.keys(cur) as (keyof BucketStats)[]) row[`${k}_growth_percentage`] = growth(cur[k], prev[k]);
    }
    return row;
  });
}

/* ---------------------------------------------------------------- top_* */

/** Page-view reports; top_sources and the other visit reports are in reference-visits.ts. */
export type TopDimension = "pathname" | "location" | "browser" | "device";

function dimensionOf(h: Hit, dim: TopDimension): string {
  return dim === "location" ? countryOf(h.location) : h[dim];
}

export function top(hits: readonly Hit[], dim: TopDimension, p: Params, now: number): Row[] {
  const per = period(p, now);
  const mine = filtered(hits, p, periodRanges(per, p));
  const inCurrent = (h: Hit) => h.ts >= per.currentFrom && h.ts < per.currentTo;
  const inPrevious = (h: Hit) => h.ts >= per.previousFrom && h.ts < per.previousTo;
  const cur = groupBy(mine.filter(inCurrent), (h) => dimensionOf(h, dim));
  const prev = groupBy(mine.filter(inPrevious), (h) => dimensionOf(h, dim));
  const rows = [...cur.entries()].map(([key, list]) => {
    const before = prev.get(key) ?? [];
    return withPreviousColumns({ [dim]: key, visits: new Set(list.map((h) => h.session)).size, hits: list.length }, new Set(before.map((h) => h.session)).size, before.length, p);
  });
  return ranked(rows, dim, p);
}

/** A top row with the previous period's visits and hits and both growths, when asked for. */
export function withPreviousColumns(row: Row, previousVisits: number, previousHits: number, p: Params): Row {
  if (!withPrevious(p)) return row;
  return {
    ...row,
    previous_visits: previousVisits,
    previous_hits: previousHits,
    visits_growth_percentage: growth(row.visits as number, previousVisits),
    hits_growth_percentage: growth(row.hits as number, previousHits),
  };
}

/** Top rows by visits, then hits (descending), then the name; then `skip`/`limit`. */
export function ranked(rows: Row[], dim: string, p: Params): Row[] {
  rows.sort((a, b) => (b.visits as number) - (a.visits as number) || (b.hits as number) - (a.hits as number) || compare(a[dim] as string, b[dim] as string));
  const skip = Number(p.skip ?? 0);
  const limit = Number(p.limit ?? 50);
  return rows.slice(skip, skip + limit);
}

/** ClickHouse compares strings bytewise (UTF-8). */
export function compare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/* ---------------------------------------------------------------- the rest */

export function trafficByHour(hits: readonly Hit[], p: Params, now: number): Row[] {
  const per = period(p, now);
  const mine = filtered(hits, p, [{ from: per.currentFrom, to: per.currentTo }]);
  const byHour = groupBy(mine, (h) => localHour(h.ts, per.tz));
  return Array.from({ length: 24 }, (_, hour) => {
    const list = byHour.get(hour) ?? [];
    return { hour, visits: new Set(list.map((h) => h.session)).size, pageviews: list.length };
  });
}

export function trend(hits: readonly Hit[], p: Params, now: number): Row[] {
  const tz = p.tz ?? "UTC";
  const last = minuteStart(now);
  // A visit's source and entry page are looked for in the 15-minute buckets of the last day (kit/endpoints/trend.ts).
  const lookBack = Math.ceil((now - 86400) / 900) * 900;
  const mine = filtered(hits, p, [{ from: lookBack, to: Infinity }]).filter((h) => h.ts >= last - 29 * 60);
  const byMinute = groupBy(mine, (h) => minuteStart(h.ts));
  return Array.from({ length: 30 }, (_, i) => {
    const t = last - (29 - i) * 60;
    return { t: localDateTime(t, tz), visits: new Set((byMinute.get(t) ?? []).map((h) => h.session)).size };
  });
}

export function currentVisitors(hits: readonly Hit[], p: Params, now: number): Row[] {
  return [{ visits: new Set(scoped(hits, p).filter((h) => h.ts >= now - 300 && botAllowed(h.device, p)).map((h) => h.session)).size }];
}

export function domains(hits: readonly Hit[], p: Params): Row[] {
  const rows = [...groupBy(scoped(hits, p), (h) => h.domain).entries()].map(([domain, list]) => ({
    domain,
    first_seen: localDateTime(Math.min(...list.map((h) => h.ts)), "UTC"),
    last_seen: localDateTime(Math.max(...list.map((h) => h.ts)), "UTC"),
    total_hits: list.length,
  }));
  return rows.sort((a, b) => b.total_hits - a.total_hits || compare(a.domain as string, b.domain as string));
}

export function domain(hits: readonly Hit[], p: Params, now: number): Row[] {
  const recent = [...groupBy(scoped(hits, p).filter((h) => h.ts >= now - 3600 && h.currentDomain !== ""), (h) => h.currentDomain).entries()];
  const pickBusiest = (entries: [string | number, number][]) =>
    entries.sort((a, b) => b[1] - a[1] || compare(String(a[0]), String(b[0])))[0]?.[0];
  const busy = pickBusiest(recent.map(([d, list]) => [d, list.length]));
  if (busy !== undefined) return [{ domain: busy }];
  const local = (d: string) => d === "" || d === "localhost" || d === "127.0.0.1" || d.startsWith("http://localhost");
  const fallback = pickBusiest(domains(hits, p).filter((r) => !local(r.domain as string)).map((r) => [r.domain as string, r.total_hits as number]));
  return fallback === undefined ? [] : [{ domain: fallback }];
}

function likeToRegExp(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\" && i + 1 < pattern.length) re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    else if (c === "%") re += "[\\s\\S]*";
    else if (c === "_") re += "[\\s\\S]";
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** `last_payload` is any payload among the events at the latest second: the test accepts each of them. */
export function actions(stored: readonly Stored[], p: Params): (Row & { last_payloads: string[] })[] {
  const all = stored.map((s) => ({ ...s, domain: domainOf(s) }));
  const mine = scoped(all, p).filter((s) => p.action_filter === undefined || likeToRegExp(p.action_filter).test(s.action));
  const rows = [...groupBy(mine, (s) => `${s.domain}\u0000${s.action}`).values()].map((list) => {
    const last = Math.max(...list.map((s) => s.ts));
    return {
      domain: list[0]!.domain,
      action: list[0]!.action,
      last_seen: localDateTime(last, "UTC"),
      total_occurrences: list.length,
      last_payloads: list.filter((s) => s.ts === last).map((s) => s.payloadText),
    };
  });
  return rows.sort((a, b) => b.total_occurrences - a.total_occurrences || compare(a.domain, b.domain) || compare(a.action, b.action));
}

export function analyticsHits(hits: readonly Hit[], p: Params): Hit[] {
  let rows = scoped(hits, p);
  if (p.from_date) rows = rows.filter((h) => h.ts >= zonedMidnight(p.from_date!, "UTC"));
  if (p.to_date) rows = rows.filter((h) => h.ts < zonedMidnight(addDays(p.to_date!, 1), "UTC"));
  if (p.like_filter !== undefined) {
    const re = likeToRegExp(p.like_filter);
    rows = rows.filter((h) => re.test(h.payloadText));
  }
  if (p.limit !== undefined) {
    const limit = Number(p.limit);
    const page = Number(p.page ?? 0);
    rows = [...rows].sort((a, b) => b.ts - a.ts).slice(page * limit, page * limit + limit);
  }
  return rows;
}
