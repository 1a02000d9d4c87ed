/**
 * Visits for the reference: a session's page views inside one stretch of time, and what
 * the visit filters compare (kit/README.md, issue 14). What a visit came from (entry page,
 * source, channel, campaign) is its first page view in the stretch, its exit page the last;
 * the visitor's dimensions (device, OS, screen, language, place) are one per visit.
 * Written from the contract, with no code shared with the kit's queries.
 */
import type { Hit, Params } from "./reference.ts";

/** `[from, to)` in epoch seconds. */
export interface Range {
  readonly from: number;
  readonly to: number;
}

export const UTM_FILTERS = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"] as const;
export const VISIT_FILTERS = ["referrer", "channel", ...UTM_FILTERS, "entry_page", "exit_page", "os", "os_version", "screen", "region", "city", "language"] as const;
export type VisitFilter = (typeof VISIT_FILTERS)[number];
export const PAGE_FILTERS = ["pathname", "location", "device", "browser"] as const;

export interface Visit {
  readonly session: string;
  /** Its page views in the stretch, oldest first. */
  readonly hits: readonly Hit[];
  readonly landing: Hit;
  readonly exit: Hit;
}

/** Reports show a location only when it is two ASCII upper-case letters (a country code), else '' (unknown). */
export function countryOf(location: string): string {
  return /^[A-Z]{2}$/.test(location) ? location : "";
}

/** What a visit filter (or a visit report) reads from a visit. */
export function visitValue(v: Visit, key: VisitFilter | "location" | "device"): string {
  if (key === "referrer") return v.landing.source;
  if (key === "entry_page") return v.landing.pathname;
  if (key === "exit_page") return v.exit.pathname;
  if (key === "location") return countryOf(v.landing.location);
  return v.landing[key];
}

/** Bots (device 'bot') count only with `include_bots=true` (the exact text). */
export function botAllowed(device: string, p: Params): boolean {
  return p.include_bots === "true" || device !== "bot";
}

export function pageMatches(h: Hit, p: Params): boolean {
  return PAGE_FILTERS.every((k) => p[k] === undefined || (k === "location" ? countryOf(h.location) : h[k]) === p[k]);
}

export const anyPageFilter = (p: Params) => PAGE_FILTERS.some((k) => p[k] !== undefined);
const anyVisitFilter = (p: Params) => VISIT_FILTERS.some((k) => p[k] !== undefined);

export function visitMatches(v: Visit, p: Params): boolean {
  return VISIT_FILTERS.every((k) => p[k] === undefined || visitValue(v, k) === p[k]);
}

/**
 * The visits of `hits` (already scoped to tenant and domain) inside `range`, by session.
 * Page views of one visit in the same second would make its first or last one a matter of
 * chance: the reference refuses such data rather than guess.
 */
export function visitsIn(hits: readonly Hit[], range: Range): Visit[] {
  const bySession = new Map<string, Hit[]>();
  for (const h of hits) {
    if (h.ts < range.from || h.ts >= range.to) continue;
    const list = bySession.get(h.session);
    if (list) list.push(h);
    else bySession.set(h.session, [h]);
  }
  return [...bySession.entries()].map(([session, list]) => {
    const sorted = [...list].sort((a, b) => a.ts - b.ts);
    const landing = sorted[0]!;
    const exit = sorted.at(-1)!;
    const tied = (edge: Hit, field: (h: Hit) => string) => sorted.some((h) => h.ts === edge.ts && field(h) !== field(edge));
    if (tied(landing, (h) => JSON.stringify([h.pathname, h.source, h.channel, ...UTM_FILTERS.map((k) => h[k])])) || tied(exit, (h) => h.pathname)) {
      throw new Error(`reference: session ${session} has two different page views in its first or last second`);
    }
    return { session, hits: sorted, landing, exit };
  });
}

/**
 * The page views of `hits` inside `ranges` whose visit (in that range) passes the request's
 * visit filters: "keep the visits whose value matches, with all their page views".
 */
export function inMatchingVisits(hits: readonly Hit[], p: Params, ranges: readonly Range[]): Hit[] {
  if (!anyVisitFilter(p)) return hits.filter((h) => ranges.some((r) => h.ts >= r.from && h.ts < r.to));
  return ranges.flatMap((r) => visitsIn(hits, r).filter((v) => visitMatches(v, p)).flatMap((v) => v.hits));
}
