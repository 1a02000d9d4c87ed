/**
 * What the custom-event reports must return (top_events, event_properties,
 * top_event_property_values; kit/README.md "Custom events"), computed in plain TypeScript
 * from the events a test sent. An event is judged by its session in the event's own
 * period: page-view filters want a matching page view of the session in that period,
 * visit filters a matching visit, and a session with a bot's page view is left out unless
 * include_bots=true. A property is a top-level key of a payload that is a JSON object
 * (written starting with `{`); its value is a string as it is, anything else as JSON.
 */
import { type Hit, type Params, type Row, type Stored, compare, domainOf, growth, period, periodRanges, scoped } from "./reference.ts";
import { type Range, anyPageFilter, botAllowed, pageMatches, visitMatches, visitsIn, VISIT_FILTERS } from "./reference-visit-model.ts";

const BUILT_IN = new Set(["page_hit", "web_vital", "engagement"]);
const MAX_KEYS = 100;
const MAX_KEY_LENGTH = 256;
const MAX_VALUE_LENGTH = 2048;

export interface Goal {
  readonly tenant: string;
  readonly domain: string;
  readonly id: string;
  readonly kind: "event" | "page";
  readonly match: string;
}

interface Counted {
  readonly stored: Stored;
  readonly session: string;
  readonly current: boolean;
}

const inRange = (ts: number, r: Range) => ts >= r.from && ts < r.to;
const codePoints = (s: string) => Array.from(s);

/** The payload as an object when it is one (a JSON object written starting with `{`), else undefined. */
function objectPayload(s: Stored): Record<string, unknown> | undefined {
  if (!s.payloadText.startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(s.payloadText);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function propertyKeys(s: Stored): string[] {
  const payload = objectPayload(s);
  if (!payload) return [];
  return [...new Set(Object.keys(payload).slice(0, MAX_KEYS))].filter((k) => codePoints(k).length <= MAX_KEY_LENGTH);
}

export function propertyValue(s: Stored, key: string): string | undefined {
  const payload = objectPayload(s);
  if (!payload || !Object.hasOwn(payload, key) || codePoints(key).length > MAX_KEY_LENGTH) return undefined;
  const value = payload[key];
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return codePoints(text).slice(0, MAX_VALUE_LENGTH).join("");
}

/** The custom events a report counts, each with its session and period. */
export function countedEvents(stored: readonly Stored[], hits: readonly Hit[], p: Params, now: number): Counted[] {
  const per = period(p, now);
  const ranges = periodRanges(per, p);
  const current = ranges.at(-1)!;
  const mine = scoped(hits, p);
  const sessionHits = (session: string, r: Range | readonly Range[]) => mine.filter((h) => h.session === session && [r].flat().some((x) => inRange(h.ts, x)));
  const visitsByRange = new Map(ranges.map((r) => [r, visitsIn(mine, r).filter((v) => visitMatches(v, p)).map((v) => v.session)]));
  const anyVisitFilter = VISIT_FILTERS.some((k) => p[k] !== undefined);
  const out: Counted[] = [];
  for (const s of stored) {
    const r = ranges.find((x) => inRange(s.ts, x));
    if (!r || BUILT_IN.has(s.action) || (p.tenant_id !== undefined && s.tenant !== p.tenant_id)) continue;
    const session = s.session ?? "0";
    const domain = domainOf(s);
    // Without a domain of its own, an event is its session's (a page view of the domain in either period read).
    if (p.domain !== undefined && domain !== p.domain && !(domain === "" && sessionHits(session, ranges).length > 0)) continue;
    if (anyPageFilter(p) && !sessionHits(session, r).some((h) => pageMatches(h, p) && botAllowed(h.device, p))) continue;
    if (anyVisitFilter && !visitsByRange.get(r)!.includes(session)) continue;
    if (p.include_bots !== "true" && sessionHits(session, ranges).some((h) => h.device === "bot")) continue;
    out.push({ stored: s, session, current: r === current });
  }
  return out;
}

/** Anchored regex of a goal's path pattern: `**` any characters, `*` any but `/`. */
function pathRegex(pattern: string): RegExp {
  const parts = pattern.split("**").map((part) => part.split("*").map((t) => t.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("[^/]*"));
  return new RegExp(`^${parts.join(".*")}$`);
}

/**
 * Sessions that converted on `goal` in the current period, as the goals report counts a
 * conversion: a session with a page view in the period that passes the request's filters
 * (no bot unless asked for), with a page view matching a page goal or the goal's custom
 * event in the period, on the goal's domain. The test's goals have one version each.
 */
export function convertedSessions(stored: readonly Stored[], hits: readonly Hit[], goal: Goal, p: Params, now: number): Set<string> {
  const current = periodRanges(period(p, now), p).at(-1)!;
  const mine = scoped(hits, p).filter((h) => inRange(h.ts, current));
  const visits = new Set(visitsIn(mine, current).filter((v) => visitMatches(v, p)).map((v) => v.session));
  const inScope = new Set(mine.filter((h) => pageMatches(h, p) && botAllowed(h.device, p) && visits.has(h.session)).map((h) => h.session));
  const out = new Set<string>();
  if (goal.kind === "page") {
    const re = pathRegex(goal.match);
    for (const h of mine) if (h.tenant === goal.tenant && h.domain === goal.domain && re.test(h.pathname) && inScope.has(h.session)) out.add(h.session);
  } else {
    for (const s of stored) {
      const session = s.session ?? "0";
      if (s.action === goal.match && s.tenant === goal.tenant && domainOf(s) === goal.domain && inRange(s.ts, current) && inScope.has(session)) out.add(session);
    }
  }
  return out;
}

/** Rows by visitors, then events (descending), then the name; then `skip`/`limit`; previous-period columns when asked for. */
function report(counted: readonly Counted[], dim: string, valueOf: (s: Stored) => readonly string[], p: Params, extra?: (sessions: Set<string>) => Row): Row[] {
  const groups = new Map<string, { cur: Counted[]; prev: Counted[] }>();
  for (const c of counted) {
    for (const value of valueOf(c.stored)) {
      const g = groups.get(value) ?? { cur: [], prev: [] };
      (c.current ? g.cur : g.prev).push(c);
      groups.set(value, g);
    }
  }
  const sessions = (list: readonly Counted[]) => new Set(list.map((c) => c.session));
  const rows = [...groups.entries()].filter(([, g]) => g.cur.length > 0).map(([value, g]) => {
    const row: Row = { [dim]: value, visitors: sessions(g.cur).size, events: g.cur.length, ...extra?.(sessions(g.cur)) };
    if (p.include_previous_period !== "true") return row;
    const pv = sessions(g.prev).size;
    return { ...row, previous_visitors: pv, previous_events: g.prev.length, visitors_growth_percentage: growth(row.visitors as number, pv), events_growth_percentage: growth(g.cur.length, g.prev.length) };
  });
  rows.sort((a, b) => (b.visitors as number) - (a.visitors as number) || (b.events as number) - (a.events as number) || compare(a[dim] as string, b[dim] as string));
  const skip = Number(p.skip ?? 0);
  return rows.slice(skip, skip + Number(p.limit ?? 50));
}

export function topEvents(stored: readonly Stored[], hits: readonly Hit[], p: Params, now: number): Row[] {
  return report(countedEvents(stored, hits, p, now), "action", (s) => [s.action], p);
}

export function eventProperties(stored: readonly Stored[], hits: readonly Hit[], p: Params, now: number): Row[] {
  const counted = countedEvents(stored, hits, p, now).filter((c) => c.stored.action === p.event);
  return report(counted, "property", propertyKeys, p);
}

export function topEventPropertyValues(stored: readonly Stored[], hits: readonly Hit[], goals: readonly Goal[], p: Params, now: number): Row[] {
  const counted = countedEvents(stored, hits, p, now).filter((c) => c.stored.action === p.event);
  const valueOf = (s: Stored) => {
    const v = propertyValue(s, p.property!);
    return v === undefined ? [] : [v];
  };
  if (p.goal === undefined) return report(counted, "value", valueOf, p);
  const goal = goals.find((g) => g.id === p.goal && (p.tenant_id === undefined || g.tenant === p.tenant_id) && (p.domain === undefined || g.domain === p.domain));
  const converted = goal ? convertedSessions(stored, hits, goal, p, now) : new Set<string>();
  return report(counted, "value", valueOf, p, (visitors) => {
    const conversions = [...visitors].filter((s) => converted.has(s)).length;
    return { conversions, conversion_rate: conversions / visitors.size };
  });
}
