/**
 * What `realtime` must return, from the page views sent, written out again from its
 * description (kit/endpoints/realtime.ts) without its SQL: the live panel at instant `now`
 * (epoch seconds), every part a list of rows told apart by `section`.
 */
import { botAllowed } from "./reference-visit-model.ts";
import { compare, scoped, type Hit, type Params, type Row } from "./reference.ts";
import { localDateTime, minuteStart } from "./tz.ts";

export const TOP = 10;

const utc = (epoch: number) => localDateTime(epoch, "UTC");

interface Counted {
  readonly sessions: Set<string>;
  pageviews: number;
}

function count(groups: Map<string, Counted>, key: string, session: string): void {
  const group = groups.get(key) ?? { sessions: new Set<string>(), pageviews: 0 };
  group.sessions.add(session);
  group.pageviews++;
  groups.set(key, group);
}

/** Groups by visitors, then page views, then name (bytewise), the first `TOP`. */
function ranked(section: string, time: string, groups: Map<string, Counted>): Row[] {
  return [...groups.entries()]
    .map(([name, g]) => ({ section, time, name, visitors: g.sessions.size, pageviews: g.pageviews }))
    .sort((a, b) => b.visitors - a.visitors || b.pageviews - a.pageviews || compare(a.name, b.name))
    .slice(0, TOP);
}

export function realtime(hits: readonly Hit[], p: Params, now: number): Row[] {
  const windowFrom = minuteStart(now) - 29 * 60;
  const currentFrom = now - 300;
  // A page view dated after now (the visitor's clock runs ahead) counts as now.
  const recent = scoped(hits, p)
    .filter((h) => botAllowed(h.device, p))
    .map((h) => ({ ...h, at: Math.min(h.ts, now) }))
    .filter((h) => h.at >= windowFrom);
  // A visit's source: its first page view's in the 30 minutes.
  const firstOf = new Map<string, { at: number; source: string }>();
  for (const h of recent) {
    const first = firstOf.get(h.session);
    if (!first || h.at < first.at) firstOf.set(h.session, { at: h.at, source: h.source });
  }
  const current = new Map<string, Counted>();
  const total = new Map<string, Counted>();
  const minutes = new Map<string, Counted>();
  const pages = new Map<string, Counted>();
  const sources = new Map<string, Counted>();
  for (const h of recent) {
    if (h.at >= currentFrom) count(current, "", h.session);
    count(total, "", h.session);
    count(minutes, utc(minuteStart(h.at)), h.session);
    count(pages, h.pathname, h.session);
    count(sources, firstOf.get(h.session)!.source, h.session);
  }
  const one = (section: string, time: string, groups: Map<string, Counted>, key: string): Row => {
    const g = groups.get(key);
    return { section, time, name: "", visitors: g?.sessions.size ?? 0, pageviews: g?.pageviews ?? 0 };
  };
  return [
    one("current", utc(currentFrom), current, ""),
    one("total", utc(windowFrom), total, ""),
    ...Array.from({ length: 30 }, (_, i) => utc(windowFrom + 60 * i)).map((minute) => one("minute", minute, minutes, minute)),
    ...ranked("page", utc(windowFrom), pages),
    ...ranked("source", utc(windowFrom), sources),
  ];
}
