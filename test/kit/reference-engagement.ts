/**
 * page_engagement computed in TypeScript from the events as sent (kit/README.md's rules, not
 * the kit's SQL): an engagement counts when its payload is a JSON object with a string
 * pathname and finite numbers for both measures, in the period (or the previous one), in
 * the tenant, naming the requested domain or none, of a session with a page view in the same
 * period that passes the filters and is no bot's (unless include_bots=true). Scroll depth is
 * clamped to 0–100, engaged time to 0–30 min; averages have one decimal, half up.
 */
import * as ref from "./reference.ts";

const MAX_ENGAGED_MS = 30 * 60 * 1000;
const MAX_PATHNAME = 2048;

type Which = "current" | "previous";

interface View {
  pathname: string;
  session: string;
  which: Which;
  depth: number;
  ms: number;
}

const clamp = (x: number, max: number) => Math.min(Math.max(x, 0), max);
const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const round1 = (x: number) => Math.floor(x * 10 + 0.5) / 10;

/** The page-view filters this test uses, compared as the kit stores them. */
const PAGE_FILTERS = ["pathname", "device", "browser", "location"] as const;

function views(stored: readonly ref.Stored[], hits: readonly ref.Hit[], p: ref.Params, now: number): View[] {
  const per = ref.period(p, now);
  const which = (ts: number): Which | undefined => {
    if (ts >= per.currentFrom && ts < per.currentTo) return "current";
    if (p.include_previous_period === "true" && ts >= per.previousFrom && ts < per.previousTo) return "previous";
    return undefined;
  };
  const inScope = new Set(
    ref
      .scoped(hits, p)
      .filter((h) => which(h.ts) && PAGE_FILTERS.every((k) => p[k] === undefined || h[k] === p[k]) && (p.include_bots === "true" || h.device !== "bot"))
      .map((h) => `${h.session}|${which(h.ts)}`),
  );
  const out: View[] = [];
  for (const s of stored) {
    const w = which(s.ts);
    if (s.action !== "engagement" || !w || (p.tenant_id !== undefined && s.tenant !== p.tenant_id)) continue;
    if (p.domain !== undefined && s.envDomain !== "" && s.envDomain !== p.domain) continue;
    const session = s.session ?? "0";
    const { pathname, scroll_depth, engaged_ms } = s.payload as Record<string, unknown>;
    if (!s.payloadText.startsWith("{") || typeof pathname !== "string" || !finite(scroll_depth) || !finite(engaged_ms) || !inScope.has(`${session}|${w}`)) continue;
    const cut = [...pathname].slice(0, MAX_PATHNAME).join("");
    if (p.pathname !== undefined && cut !== p.pathname) continue;
    out.push({ pathname: cut, session, which: w, depth: clamp(scroll_depth, 100), ms: clamp(engaged_ms, MAX_ENGAGED_MS) });
  }
  return out;
}

function summary(list: readonly View[]) {
  return {
    visitors: new Set(list.map((v) => v.session)).size,
    scroll_depth: round1(list.reduce((a, v) => a + v.depth, 0) / list.length),
    time_on_page: round1(list.reduce((a, v) => a + v.ms, 0) / list.length / 1000),
  };
}

export function pageEngagement(stored: readonly ref.Stored[], hits: readonly ref.Hit[], p: ref.Params, now: number): ref.Row[] {
  const byPath = new Map<string, View[]>();
  for (const v of views(stored, hits, p, now)) byPath.set(v.pathname, [...(byPath.get(v.pathname) ?? []), v]);
  const rows: ref.Row[] = [];
  for (const [pathname, list] of byPath) {
    const current = list.filter((v) => v.which === "current");
    if (current.length === 0) continue;
    const row: ref.Row = { pathname, ...summary(current) };
    if (p.include_previous_period === "true") {
      const previous = list.filter((v) => v.which === "previous");
      const prev = previous.length ? summary(previous) : { visitors: 0, scroll_depth: null, time_on_page: null };
      Object.assign(row, { previous_visitors: prev.visitors, previous_scroll_depth: prev.scroll_depth, previous_time_on_page: prev.time_on_page });
    }
    rows.push(row);
  }
  rows.sort((a, b) => (b.visitors as number) - (a.visitors as number) || ref.compare(a.pathname as string, b.pathname as string));
  const skip = Number(p.skip ?? 0);
  return rows.slice(skip, skip + Number(p.limit ?? 50));
}
