/**
 * Reference for the web vitals endpoints, from the spec (web.dev's thresholds, the public
 * kit's column names, scores 100 / 75 / 25) and kit/README.md, in plain TypeScript.
 * Only the metrics' descriptions (prose, not a rule) are read from the kit.
 */
import { METRIC_FACTS } from "../../kit/sql/vital-metrics.ts";
import { compare, growth, hostWithoutWww, period, type Params, type Row, type Stored } from "./reference.ts";
import { hourStart, localDateTime } from "./tz.ts";

const LIMITS: Record<string, [number, number]> = { LCP: [2500, 4000], TTFB: [800, 1800], FCP: [1800, 3000], INP: [200, 500], CLS: [0.1, 0.25] };
/** Above these a measurement is garbage (an hour for timings, CLS 10), as are negative and non-finite values. */
const MAX: Record<string, number> = { LCP: 3_600_000, TTFB: 3_600_000, FCP: 3_600_000, INP: 3_600_000, CLS: 10 };
const CATEGORY_ORDER = ["excellent", "good", "poor"];
const SCORE: Record<string, number> = { excellent: 100, good: 75, poor: 25 };
const STATUS: Record<string, string> = { excellent: "Excellent", good: "Good", poor: "Poor" };
const ROUTE_METRICS = ["LCP", "TTFB", "FCP", "INP", "CLS"];

export interface Vital {
  ts: number;
  session: string;
  tenant: string;
  domain: string;
  metric: string;
  value: number;
  delta: number;
  rating: string;
  id: string;
  navigationType: string;
  pathname: string;
  href: string;
  route: string;
  category: string;
}

export function categoryOf(metric: string, value: number): string {
  const [excellent, good] = LIMITS[metric]!;
  return value <= excellent ? "excellent" : value <= good ? "good" : "poor";
}

const units = (metric: string) => (metric === "CLS" ? "score" : "ms");

function thresholdsText(metric: string): string {
  const [a, b] = LIMITS[metric]!;
  const u = metric === "CLS" ? "" : "ms";
  return `Excellent: ≤${a}${u}, Good: ≤${b}${u}, Poor: >${b}${u}`;
}

function host(href: string): string {
  const page = hostWithoutWww(href);
  if (page) return page;
  return /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*\/?)/i.exec(href)?.[1] ?? "";
}

/** `/blog/post` → `blog`, `/` → `/`, no leading slash → ''. */
function routeOf(pathname: string): string {
  if (pathname === "/") return "/";
  return pathname.startsWith("/") ? pathname.slice(1).split("/")[0]! : "";
}

export function vitalsOf(stored: readonly Stored[]): Vital[] {
  const out: Vital[] = [];
  for (const s of stored) {
    if (s.action !== "web_vital") continue;
    const metric = String(s.payload.name ?? "").toUpperCase();
    const value = s.payload.value;
    if (!(metric in LIMITS) || typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > MAX[metric]!) continue;
    const href = String(s.payload.href ?? "");
    const pathname = String(s.payload.pathname ?? "");
    out.push({
      ts: s.ts,
      session: s.session ?? "0",
      tenant: s.tenant,
      domain: s.envDomain || host(href) || String(s.payload.domain ?? ""),
      metric,
      value,
      delta: typeof s.payload.delta === "number" ? s.payload.delta : 0,
      rating: String(s.payload.rating ?? ""),
      id: String(s.payload.id ?? ""),
      navigationType: String(s.payload.navigationType ?? ""),
      pathname,
      href,
      route: routeOf(pathname),
      category: categoryOf(metric, value),
    });
  }
  return out;
}

/** Linear interpolation between closest ranks (numpy's default; ClickHouse's quantileExactInclusive). */
export function quantile(values: readonly number[], level: number): number {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const h = (v.length - 1) * level;
  const lo = Math.floor(h);
  return v[lo]! + (h - lo) * ((v[Math.min(lo + 1, v.length - 1)] ?? v[lo]!) - v[lo]!);
}

const avg = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const round1 = (x: number) => Math.floor(x * 10 + 0.5) / 10;
const percentOf = (n: number, total: number) => (total === 0 ? 0 : round1((n * 100) / total));

function percentiles(values: readonly number[], prefix = ""): Row {
  const out: Row = {};
  for (const level of [75, 90, 95, 99]) out[`${prefix}p${level}`] = values.length === 0 ? 0 : quantile(values, level / 100);
  return out;
}

function scoped(vitals: readonly Vital[], p: Params): Vital[] {
  return vitals.filter((v) => (p.tenant_id === undefined || v.tenant === p.tenant_id) && (p.domain === undefined || v.domain === p.domain));
}

/** Groups are per tenant and domain; `combined=true` makes one, labelled with the filter ('' without one). */
function site(v: Vital, p: Params): { tenant: string; domain: string } {
  if (p.combined !== "true") return { tenant: v.tenant, domain: v.domain };
  return { tenant: p.tenant_id ?? "", domain: p.domain ?? "" };
}

function groups<T>(rows: readonly T[], key: (r: T) => string[]): [string[], T[]][] {
  const out = new Map<string, [string[], T[]]>();
  for (const r of rows) {
    const k = key(r);
    const id = JSON.stringify(k);
    if (!out.has(id)) out.set(id, [k, []]);
    out.get(id)![1].push(r);
  }
  return [...out.values()];
}

/** Bytewise, column by column. */
const byKeys = (a: string[], b: string[]) => a.reduce((c, x, i) => c || compare(x, b[i]!), 0);

/** The last `days` days, or the period when date_from or date_to is given. */
function recentOrPeriod(vitals: readonly Vital[], p: Params, now: number): Vital[] {
  if (p.date_from === undefined && p.date_to === undefined) return vitals.filter((v) => v.ts >= now - Number(p.days ?? 1) * 86400);
  const per = period(p, now);
  return vitals.filter((v) => v.ts >= per.currentFrom && v.ts < per.currentTo);
}

export function current(vitals: readonly Vital[], p: Params, now: number): Row[] {
  const mine = recentOrPeriod(scoped(vitals, p), p, now);
  return groups(mine, (v) => [v.metric, site(v, p).tenant, site(v, p).domain])
    .sort((a, b) => byKeys(a[0], b[0]))
    .map(([[metric, tenant, domain], list]) => {
      const values = list.map((v) => v.value);
      const pct = percentiles(values);
      const category = categoryOf(metric!, pct.p75 as number);
      return {
        metric_name: metric,
        avg_value: avg(values),
        ...pct,
        measurements: list.length,
        score: SCORE[category],
        status: STATUS[category],
        units: units(metric!),
        description: METRIC_FACTS[metric!]!.description,
        thresholds: thresholdsText(metric!),
        domain,
        tenant_id: tenant,
      };
    });
}

export function distribution(vitals: readonly Vital[], p: Params, now: number): Row[] {
  const per = period(p, now);
  const mine = scoped(vitals, p);
  const withPrevious = p.include_previous_period === "true";
  const cur = mine.filter((v) => v.ts >= per.currentFrom && v.ts < per.currentTo);
  const prev = mine.filter((v) => v.ts >= per.previousFrom && v.ts < per.previousTo);
  const key = (v: Vital) => [v.metric, site(v, p).tenant, site(v, p).domain];
  const rows: Row[] = [];
  for (const [[metric, tenant, domain], list] of groups(cur, key).sort((a, b) => byKeys(a[0], b[0]))) {
    const prevOfGroup = prev.filter((v) => JSON.stringify(key(v)) === JSON.stringify([metric, tenant, domain]));
    for (const category of CATEGORY_ORDER) {
      const inCat = list.filter((v) => v.category === category);
      if (inCat.length === 0) continue;
      const values = inCat.map((v) => v.value);
      const row: Row = { metric_name: metric, performance_category: category, avg_value: avg(values), ...percentiles(values), measurement_count: inCat.length, percentage: percentOf(inCat.length, list.length), total_measurements: list.length };
      if (withPrevious) {
        const before = prevOfGroup.filter((v) => v.category === category).map((v) => v.value);
        const beforeAvg = before.length === 0 ? 0 : avg(before);
        Object.assign(row, { previous_avg_value: beforeAvg, ...percentiles(before, "previous_"), previous_measurement_count: before.length, previous_total_measurements: prevOfGroup.length, previous_percentage: percentOf(before.length, prevOfGroup.length) });
        row.avg_value_growth_percentage = growth(row.avg_value as number, beforeAvg);
        row.measurement_count_growth_percentage = growth(inCat.length, before.length);
      }
      Object.assign(row, { score: SCORE[category], units: units(metric!), thresholds: thresholdsText(metric!), description: METRIC_FACTS[metric!]!.description, domain, tenant_id: tenant });
      rows.push(row);
    }
  }
  return rows;
}

export function routes(vitals: readonly Vital[], p: Params, now: number): Row[] {
  const pathnames = p.analysis_type === "pathnames";
  const mine = recentOrPeriod(scoped(vitals, p), p, now).filter((v) => (pathnames ? v.pathname : v.route) !== "" && (p.route === undefined || v.route === p.route));
  const rows: Row[] = [];
  for (const [[tenant, domain, path], list] of groups(mine, (v) => [site(v, p).tenant, site(v, p).domain, pathnames ? v.pathname : v.route])) {
    // A metric counts on a path from 3 measurements; its score is the mean of theirs.
    const counted = new Map(ROUTE_METRICS.map((m) => [m, list.filter((v) => v.metric === m)] as const).filter(([, of]) => of.length >= 3));
    const scoreOf = (of: readonly Vital[]) => round1(avg(of.map((v) => SCORE[v.category]!)));
    const scores = [...counted.values()].map(scoreOf);
    const measurements = [...counted.values()].reduce((n, of) => n + of.length, 0);
    const row: Row = { route: list[0]!.route, overall_score: 0 };
    for (const m of ROUTE_METRICS) row[`${m.toLowerCase()}_avg`] = counted.has(m) ? avg(counted.get(m)!.map((v) => v.value)) : null;
    for (const m of ROUTE_METRICS) row[`${m.toLowerCase()}_score`] = counted.has(m) ? scoreOf(counted.get(m)!) : null;
    if (scores.length === 0) continue;
    // The mean of the scores as shown (tenths), rounded half up.
    row.overall_score = Math.floor(avg(scores.map((x) => Math.round(x * 10))) + 0.5) / 10;
    Object.assign(row, { metric_units: "LCP=ms, TTFB=ms, FCP=ms, INP=ms, CLS=score", domain, analysis_type: pathnames ? "pathnames" : "routes", measurements, tenant_id: tenant });
    if (pathnames) Object.assign(row, { pathname: path, full_pathname: path, route_part: row.route });
    rows.push({ ...row, key: path });
  }
  const dir = p.sort_order === "desc" ? -1 : 1;
  rows.sort((a, b) => dir * ((a.overall_score as number) - (b.overall_score as number)) || (b.measurements as number) - (a.measurements as number) || byKeys([a.key, a.tenant_id, a.domain] as string[], [b.key, b.tenant_id, b.domain] as string[]));
  const skip = Number(p.skip ?? 0);
  return rows.slice(skip, skip + Number(p.limit ?? 10)).map(({ key: _key, ...row }) => row);
}

export function timeseries(vitals: readonly Vital[], p: Params, now: number): Row[] {
  const per = period(p, now);
  const mine = scoped(vitals, p).filter((v) => v.ts >= per.currentFrom && v.ts < per.currentTo && (p.metric === undefined || v.metric === p.metric.toUpperCase()));
  const rows: Row[] = [];
  for (const [[hour, metric, tenant, domain], list] of groups(mine, (v) => [localDateTime(hourStart(v.ts, per.tz), per.tz), v.metric, site(v, p).tenant, site(v, p).domain])) {
    if (list.length < 5) continue;
    rows.push({ hour, metric_name: metric, ...percentiles(list.map((v) => v.value)), measurements: list.length, domain, tenant_id: tenant });
  }
  return rows.sort((a, b) => byKeys([a.hour, a.metric_name, a.tenant_id, a.domain] as string[], [b.hour, b.metric_name, b.tenant_id, b.domain] as string[]));
}

export function events(vitals: readonly Vital[], p: Params, now: number): Row[] {
  const per = period({ date_from: p.from_date, date_to: p.to_date, tz: p.tz }, now);
  const mine = scoped(vitals, p).filter(
    (v) =>
      v.ts >= per.currentFrom &&
      v.ts < per.currentTo &&
      (p.metric === undefined || v.metric === p.metric.toUpperCase()) &&
      (p.pathname === undefined || v.pathname === p.pathname),
  );
  mine.sort((a, b) => b.ts - a.ts || compare(a.id, b.id) || compare(a.metric, b.metric));
  const skip = p.limit === undefined ? 0 : Number(p.skip ?? 0);
  const page = p.limit === undefined ? mine : mine.slice(skip, skip + Number(p.limit));
  return page.map((v) => ({
    timestamp: localDateTime(v.ts, per.tz),
    action: "web_vital",
    version: "1",
    session_id: v.session,
    tenant_id: v.tenant,
    domain: v.domain,
    metric_name: v.metric,
    value: v.value,
    delta: v.delta,
    pathname: v.pathname,
    href: v.href,
    route: v.route,
    performance_category: v.category,
    score: SCORE[v.category],
    units: units(v.metric),
    description: METRIC_FACTS[v.metric]!.description,
    thresholds_text: thresholdsText(v.metric),
    status: STATUS[v.category],
    rating: v.rating,
    id: v.id,
    navigation_type: v.navigationType,
  }));
}
