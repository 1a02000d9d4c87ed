/** Reference for the web vitals endpoints, from the spec's thresholds, in plain TypeScript. */
import { compare, hostWithoutWww, period, type Params, type Row, type Stored } from "./reference.ts";
import { hourStart, localDateTime } from "./tz.ts";

const LIMITS: Record<string, [number, number]> = { LCP: [2500, 4000], TTFB: [800, 1800], FCP: [1800, 3000], INP: [200, 500], CLS: [0.1, 0.25] };
const CATEGORY_ORDER = ["excellent", "good", "poor"];

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
  category: string;
  score: number;
}

export function categoryOf(metric: string, value: number): string {
  const [excellent, good] = LIMITS[metric]!;
  return value <= excellent ? "excellent" : value <= good ? "good" : "poor";
}

const SCORE: Record<string, number> = { excellent: 100, good: 50, poor: 0 };

function host(href: string): string {
  const page = hostWithoutWww(href);
  if (page) return page;
  return /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*\/?)/i.exec(href)?.[1] ?? "";
}

export function vitalsOf(stored: readonly Stored[]): Vital[] {
  const out: Vital[] = [];
  for (const s of stored) {
    if (s.action !== "web_vital") continue;
    const metric = String(s.payload.name ?? "").toUpperCase();
    const value = s.payload.value;
    if (!(metric in LIMITS) || typeof value !== "number" || !Number.isFinite(value) || value < 0) continue;
    const href = String(s.payload.href ?? "");
    const category = categoryOf(metric, value);
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
      pathname: String(s.payload.pathname ?? ""),
      href,
      category,
      score: SCORE[category]!,
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

function percentiles(values: readonly number[]): Row {
  return { p75: quantile(values, 0.75), p90: quantile(values, 0.9), p95: quantile(values, 0.95), p99: quantile(values, 0.99) };
}

function scoped(vitals: readonly Vital[], p: Params): Vital[] {
  return vitals.filter((v) => (p.tenant_id === undefined || v.tenant === p.tenant_id) && (p.domain === undefined || v.domain === p.domain));
}

function byKey<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
  return out;
}

export function current(vitals: readonly Vital[], p: Params, now: number): Row[] {
  const days = Number(p.days ?? 1);
  const mine = scoped(vitals, p).filter((v) => v.ts >= now - days * 86400);
  return [...byKey(mine, (v) => v.metric).entries()]
    .sort((a, b) => compare(a[0], b[0]))
    .map(([metric, list]) => {
      const values = list.map((v) => v.value);
      const pct = percentiles(values);
      return { metric, avg: avg(values), ...pct, measurements: list.length, score: round1(avg(list.map((v) => v.score))), status: categoryOf(metric, pct.p75 as number) };
    });
}

export function distribution(vitals: readonly Vital[], p: Params, now: number): Row[] {
  const per = period(p, now);
  const mine = scoped(vitals, p);
  const cur = mine.filter((v) => v.ts >= per.currentFrom && v.ts < per.currentTo);
  const prev = mine.filter((v) => v.ts >= per.previousFrom && v.ts < per.currentFrom);
  const rows: Row[] = [];
  for (const [metric, list] of [...byKey(cur, (v) => v.metric).entries()].sort((a, b) => compare(a[0], b[0]))) {
    const prevOfMetric = prev.filter((v) => v.metric === metric);
    for (const category of CATEGORY_ORDER) {
      const inCat = list.filter((v) => v.category === category);
      if (inCat.length === 0) continue;
      const row: Row = { metric, category, count: inCat.length, share: inCat.length / list.length, ...percentiles(inCat.map((v) => v.value)) };
      if (p.include_previous_period === "true") {
        const prevCount = prevOfMetric.filter((v) => v.category === category).length;
        row.previous_count = prevCount;
        row.previous_share = prevOfMetric.length === 0 ? 0 : prevCount / prevOfMetric.length;
      }
      rows.push(row);
    }
  }
  return rows;
}

export function routes(vitals: readonly Vital[], p: Params, now: number): Row[] {
  const per = period(p, now);
  const mine = scoped(vitals, p).filter((v) => v.ts >= per.currentFrom && v.ts < per.currentTo);
  const rows: Row[] = [];
  for (const [route, list] of byKey(mine, (v) => v.pathname)) {
    if (list.length < 3) continue;
    const row: Row = { route, measurements: list.length };
    const scores: number[] = [];
    for (const metric of ["LCP", "FCP", "TTFB", "INP", "CLS"]) {
      const of = list.filter((v) => v.metric === metric);
      const c = metric.toLowerCase();
      row[`${c}_avg`] = of.length ? avg(of.map((v) => v.value)) : null;
      row[`${c}_score`] = of.length ? round1(avg(of.map((v) => v.score))) : null;
      if (of.length) scores.push(row[`${c}_score`] as number);
    }
    row.overall_score = round1(avg(scores));
    rows.push(row);
  }
  const dir = p.sort_order === "desc" ? -1 : 1;
  rows.sort((a, b) => dir * ((a.overall_score as number) - (b.overall_score as number)) || (b.measurements as number) - (a.measurements as number) || compare(a.route as string, b.route as string));
  const skip = Number(p.skip ?? 0);
  return rows.slice(skip, skip + Number(p.limit ?? 50));
}

export function timeseries(vitals: readonly Vital[], p: Params, now: number): Row[] {
  const per = period(p, now);
  const mine = scoped(vitals, p).filter((v) => v.ts >= per.currentFrom && v.ts < per.currentTo && (p.metric === undefined || v.metric === p.metric.toUpperCase()));
  const rows: Row[] = [];
  for (const list of byKey(mine, (v) => `${hourStart(v.ts, per.tz)}|${v.metric}`).values()) {
    if (list.length < 5) continue;
    rows.push({ t: localDateTime(hourStart(list[0]!.ts, per.tz), per.tz), metric: list[0]!.metric, measurements: list.length, ...percentiles(list.map((v) => v.value)) });
  }
  return rows.sort((a, b) => compare(a.t as string, b.t as string) || compare(a.metric as string, b.metric as string));
}

export function events(vitals: readonly Vital[], p: Params, now: number): Row[] {
  const per = period(p, now);
  const mine = scoped(vitals, p).filter(
    (v) =>
      v.ts >= per.currentFrom &&
      v.ts < per.currentTo &&
      (p.metric === undefined || v.metric === p.metric.toUpperCase()) &&
      (p.pathname === undefined || v.pathname === p.pathname),
  );
  mine.sort((a, b) => b.ts - a.ts || compare(a.id, b.id) || compare(a.metric, b.metric));
  const skip = Number(p.skip ?? 0);
  return mine.slice(skip, skip + Number(p.limit ?? 100)).map((v) => ({
    timestamp: localDateTime(v.ts, per.tz),
    session_id: v.session,
    tenant_id: v.tenant,
    domain: v.domain,
    metric: v.metric,
    value: v.value,
    delta: v.delta,
    rating: v.rating,
    id: v.id,
    navigation_type: v.navigationType,
    pathname: v.pathname,
    href: v.href,
    category: v.category,
    score: v.score,
  }));
}
