/**
 * Goals for the reference, from the contract (issue 15) with no code shared with the
 * kit's queries: goal versions and when each applies, path patterns, which events convert,
 * revenue, and the `goals` and `goal_definitions` rows.
 */
import { botAllowed, inMatchingVisits, pageMatches } from "./reference-visit-model.ts";
import { compare, domainOf, growth, period, periodRanges, scoped, type Hit, type Params, type Row, type Stored } from "./reference.ts";

/** A row of `analytics_goals` as written (updated_at in epoch milliseconds). */
export interface GoalRow {
  readonly tenant_id: string;
  readonly domain: string;
  readonly goal_id: string;
  readonly name: string;
  readonly kind: string;
  readonly match: string;
  readonly revenue_property: string;
  readonly currency: string;
  readonly deleted: number;
  readonly updated_at: number;
}

interface Version extends GoalRow {
  readonly from: number;
  readonly to: number;
}

const BUILTIN = new Set(["page_hit", "web_vital", "engagement"]);

/** A path pattern: `**` anything, `*` anything but `/`, every other character itself, the whole path. */
export function patternRegExp(pattern: string): RegExp {
  const literal = (text: string) => [...text].map((c) => (/[\w/-]/.test(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)).join("");
  const source = pattern.split("**").map((part) => part.split("*").map(literal).join("[^/]*")).join(".*");
  return new RegExp(`^${source}$`, "su");
}

/** The versions in effect per goal: the first from the beginning of time, each later one from its write; none for a goal whose latest version is deleted. */
export function versionsOf(rows: readonly GoalRow[]): Version[] {
  const byGoal = new Map<string, GoalRow[]>();
  for (const r of rows) {
    if (r.kind !== "event" && r.kind !== "page") continue;
    const key = JSON.stringify([r.tenant_id, r.domain, r.goal_id]);
    byGoal.set(key, [...(byGoal.get(key) ?? []), r]);
  }
  return [...byGoal.values()].flatMap((list) => {
    const sorted = [...list].sort((a, b) => a.updated_at - b.updated_at);
    if (new Set(sorted.map((r) => r.updated_at)).size !== sorted.length) throw new Error("reference: two versions of a goal in the same millisecond");
    if (sorted.at(-1)!.deleted === 1) return [];
    return sorted
      .map((r, i) => ({ ...r, currency: r.currency.toUpperCase(), from: i === 0 ? -Infinity : r.updated_at, to: sorted[i + 1]?.updated_at ?? Infinity }))
      .filter((v) => v.deleted === 0);
  });
}

function revenueOf(v: Version, payload: Record<string, unknown>): number {
  if (v.revenue_property === "") return 0;
  const currency = typeof payload.currency === "string" ? payload.currency : "";
  if (currency !== "" && currency.toUpperCase() !== v.currency) return 0;
  const amount = payload[v.revenue_property];
  if (typeof amount === "number") return amount;
  return typeof amount === "string" && /^-?[0-9]+(\.[0-9]+)?$/.test(amount) ? Number(amount) : 0;
}

const round2 = (x: number) => Math.floor(x * 100 + 0.5) / 100;

/** `goals`: per current goal, conversions of the visits in scope (sessions with a page view passing the filters, per period). */
export function goals(stored: readonly Stored[], hits: readonly Hit[], rows: readonly GoalRow[], p: Params, now: number): Row[] {
  const per = period(p, now);
  const ranges = periodRanges(per, p);
  const isCurrent = (ts: number) => ts >= per.currentFrom;
  // Visits in scope: (session, period) → the session's domain.
  const visits = new Map<string, string>();
  const pageFiltered = inMatchingVisits(scoped(hits, p), p, ranges).filter((h) => pageMatches(h, p) && botAllowed(h.device, p));
  for (const h of pageFiltered) {
    const key = `${h.session}|${isCurrent(h.ts)}`;
    if (visits.has(key) && visits.get(key) !== h.domain) throw new Error(`reference: session ${h.session} is on two domains`);
    visits.set(key, h.domain);
  }
  const versions = versionsOf(rows).filter((v) => (p.tenant_id === undefined || v.tenant_id === p.tenant_id) && (p.domain === undefined || v.domain === p.domain));
  const conversions: { v: Version; session: string; current: boolean; revenue: number }[] = [];
  for (const s of stored) {
    if (!ranges.some((r) => s.ts >= r.from && s.ts < r.to) || (p.tenant_id !== undefined && s.tenant !== p.tenant_id)) continue;
    const session = s.session ?? "0";
    const visitDomain = visits.get(`${session}|${isCurrent(s.ts)}`);
    if (visitDomain === undefined) continue;
    const domain = domainOf(s) || visitDomain;
    if (p.domain !== undefined && domain !== p.domain) continue;
    const pathname = typeof s.payload.pathname === "string" ? s.payload.pathname : "";
    for (const v of versions) {
      if (v.tenant_id !== s.tenant || v.domain !== domain || s.ts * 1000 < v.from || s.ts * 1000 >= v.to) continue;
      const converts = v.kind === "page" ? s.action === "page_hit" && patternRegExp(v.match).test(pathname) : s.action === v.match && !BUILTIN.has(s.action);
      if (converts) conversions.push({ v, session, current: isCurrent(s.ts), revenue: revenueOf(v, s.payload) });
    }
  }
  const visitors = (domain: string, current: boolean) => [...visits.entries()].filter(([k, d]) => d === domain && k.endsWith(`|${current}`)).length;
  const out = versions.filter((v) => v.to === Infinity).map((g) => {
    const of = (current: boolean) => {
      const mine = conversions.filter((c) => c.current === current && c.v.tenant_id === g.tenant_id && c.v.domain === g.domain && c.v.goal_id === g.goal_id);
      const uniques = new Set(mine.map((c) => c.session)).size;
      const all = visitors(g.domain, current);
      return { uniques, total: mine.length, revenue: round2(mine.reduce((a, c) => a + c.revenue, 0)), visitors: all, rate: all === 0 ? 0 : uniques / all };
    };
    const cur = of(true);
    const row: Row = { domain: g.domain, goal_id: g.goal_id, name: g.name, kind: g.kind, match: g.match, uniques: cur.uniques, total: cur.total, conversion_rate: cur.rate, revenue: cur.revenue, currency: g.currency, visitors: cur.visitors };
    if (p.include_previous_period !== "true") return row;
    const prev = of(false);
    return {
      ...row,
      previous_uniques: prev.uniques,
      previous_total: prev.total,
      previous_conversion_rate: prev.rate,
      previous_revenue: prev.revenue,
      previous_visitors: prev.visitors,
      uniques_growth_percentage: growth(cur.uniques, prev.uniques),
      total_growth_percentage: growth(cur.total, prev.total),
      revenue_growth_percentage: growth(cur.revenue, prev.revenue),
    };
  });
  out.sort((a, b) => Number(b.uniques) - Number(a.uniques) || Number(b.total) - Number(a.total) || compare(String(a.name), String(b.name)) || compare(String(a.goal_id), String(b.goal_id)) || compare(String(a.domain), String(b.domain)));
  const skip = Number(p.skip ?? 0);
  return out.slice(skip, skip + Number(p.limit ?? 50));
}

/** `goal_definitions`: the current goals with their number of versions in effect, by domain, name and id. */
export function goalDefinitions(rows: readonly GoalRow[], p: Params): Row[] {
  const versions = versionsOf(rows).filter((v) => (p.tenant_id === undefined || v.tenant_id === p.tenant_id) && (p.domain === undefined || v.domain === p.domain));
  return versions
    .filter((v) => v.to === Infinity)
    .sort((a, b) => compare(a.domain, b.domain) || compare(a.name, b.name) || compare(a.goal_id, b.goal_id))
    .map((g) => ({
      domain: g.domain,
      goal_id: g.goal_id,
      name: g.name,
      kind: g.kind,
      match: g.match,
      revenue_property: g.revenue_property,
      currency: g.currency,
      versions: versions.filter((v) => v.tenant_id === g.tenant_id && v.domain === g.domain && v.goal_id === g.goal_id).length,
      updated_at: new Date(g.updated_at).toISOString().replace("T", " ").replace("Z", ""),
    }));
}
