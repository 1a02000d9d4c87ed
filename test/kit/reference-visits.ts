/**
 * What the visit reports must return (issue 14; kit/README.md "Visit reports"), computed
 * in plain TypeScript from the page views a test sent: each visit counts once under its
 * value, hits are its page views in the period; the current and the previous period are
 * each a visit's own stretch. With a page-view filter, a visit counts when it has a
 * matching page view, and only those page views are its hits.
 */
import { type Hit, type Params, type Row, periodRanges, period, ranked, scoped, withPreviousColumns } from "./reference.ts";
import { type Range, type Visit, UTM_FILTERS, anyPageFilter, botAllowed, inMatchingVisits, pageMatches, visitMatches, visitValue, visitsIn } from "./reference-visit-model.ts";

interface VisitReport {
  /** Output column of the dimension. */
  readonly dimension: string;
  readonly value: (v: Visit) => string;
  /** Columns grouped with the dimension (a region's country). */
  readonly labels?: Readonly<Record<string, (v: Visit) => string>>;
  /** Campaign, region and city reports leave out visits without a value. */
  readonly knownOnly?: boolean;
  /** `bounce_rate`: the share of the row's visits whose first and last page view are in the same second. */
  readonly bounce?: boolean;
}

const by = (key: Parameters<typeof visitValue>[1]) => (v: Visit) => visitValue(v, key);

export const VISIT_REPORTS: Readonly<Record<string, VisitReport>> = {
  top_sources: { dimension: "referrer", value: by("referrer") },
  top_channels: { dimension: "channel", value: by("channel") },
  ...Object.fromEntries(UTM_FILTERS.map((k) => [`top_${k}s`, { dimension: k, value: by(k), knownOnly: true }])),
  top_entry_pages: { dimension: "entry_page", value: by("entry_page"), bounce: true },
  top_os: { dimension: "os", value: by("os") },
  top_os_versions: { dimension: "os_version", value: by("os_version"), labels: { os: by("os") } },
  top_screens: { dimension: "screen", value: by("screen") },
  top_regions: { dimension: "region", value: by("region"), labels: { location: by("location") }, knownOnly: true },
  top_cities: { dimension: "city", value: by("city"), labels: { region: by("region"), location: by("location") }, knownOnly: true },
  top_languages: { dimension: "language", value: by("language") },
};

/** A visit as a report counts it: its hits (the matching page views under a page-view filter), or undefined when it is left out. */
function counted(v: Visit, p: Params): readonly Hit[] | undefined {
  if (!botAllowed(v.landing.device, p) || !visitMatches(v, p)) return undefined;
  const hits = anyPageFilter(p) ? v.hits.filter((h) => pageMatches(h, p)) : v.hits;
  return hits.length > 0 ? hits : undefined;
}

interface Group {
  row: Row;
  visits: number;
  hits: number;
  bounces: number;
}

/** Visits of one period grouped by the report's dimension and labels. */
function groups(hits: readonly Hit[], report: VisitReport, p: Params, range: Range): Map<string, Group> {
  const out = new Map<string, Group>();
  for (const v of visitsIn(hits, range)) {
    const mine = counted(v, p);
    const value = report.value(v);
    if (!mine || (report.knownOnly && value === "")) continue;
    const row: Row = { [report.dimension]: value, ...Object.fromEntries(Object.entries(report.labels ?? {}).map(([name, f]) => [name, f(v)])) };
    const key = JSON.stringify(row);
    const g = out.get(key) ?? { row, visits: 0, hits: 0, bounces: 0 };
    g.visits++;
    g.hits += mine.length;
    if (v.landing.ts === v.exit.ts) g.bounces++;
    out.set(key, g);
  }
  return out;
}

/** The previous period's groups (empty without `include_previous_period`) and the current one's. */
function bothPeriods<T>(p: Params, now: number, of: (r: Range) => Map<string, T>): { current: Map<string, T>; previous: Map<string, T> } {
  const ranges = periodRanges(period(p, now), p);
  const current = of(ranges.at(-1)!);
  return { current, previous: ranges.length > 1 ? of(ranges[0]!) : new Map<string, T>() };
}

export function visitReport(all: readonly Hit[], pipe: string, p: Params, now: number): Row[] {
  const report = VISIT_REPORTS[pipe];
  if (!report) throw new Error(`no visit report ${pipe}`);
  const hits = scoped(all, p);
  const { current, previous } = bothPeriods(p, now, (r) => groups(hits, report, p, r));
  const rows = [...current.entries()].map(([key, g]) => {
    const before = previous.get(key);
    const row = { ...g.row, visits: g.visits, hits: g.hits, ...(report.bounce && { bounce_rate: g.bounces / g.visits }) };
    return withPreviousColumns(row, before?.visits ?? 0, before?.hits ?? 0, p);
  });
  return ranked(rows, report.dimension, p);
}

/**
 * top_exit_pages: visits are the visits that ended on the page, hits the page's page views
 * as top_pages counts them, exit_rate exits ÷ page views (at most 1; 0 without page views).
 */
export function exitPages(all: readonly Hit[], p: Params, now: number): Row[] {
  const hits = scoped(all, p);
  const exits = bothPeriods(p, now, (r) => groups(hits, { dimension: "exit_page", value: by("exit_page") }, p, r));
  const views = bothPeriods(p, now, (r) => {
    const out = new Map<string, number>();
    for (const h of inMatchingVisits(hits, p, [r])) {
      if (!pageMatches(h, p) || !botAllowed(h.device, p)) continue;
      const key = JSON.stringify({ exit_page: h.pathname });
      out.set(key, (out.get(key) ?? 0) + 1);
    }
    return out;
  });
  const rows = [...exits.current.entries()].map(([key, g]) => {
    const pageViews = views.current.get(key) ?? 0;
    const row = { ...g.row, visits: g.visits, hits: pageViews, exit_rate: pageViews === 0 ? 0 : Math.min(1, g.visits / pageViews) };
    return withPreviousColumns(row, exits.previous.get(key)?.visits ?? 0, views.previous.get(key) ?? 0, p);
  });
  return ranked(rows, "exit_page", p);
}
