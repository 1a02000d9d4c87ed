/**
 * What `funnel` must return, computed in TypeScript from the events and goals a test sent,
 * by the rules kit/README.md states (no SQL, nothing shared with the kit):
 * - the sessions counted are those with a page view of the tenant/domain in the period
 *   (bots only with include_bots=true; a page-view filter keeps the sessions with a
 *   matching page view), and their page views and custom events in the period are read;
 * - each event matches the steps whose definition it fits; in time order, events in the
 *   same second in step order, a step-1 match starts a chain, a step-k match extends the
 *   chain last at step k-1 if within `window` of that chain's start; a session reaches the
 *   deepest step a chain reaches; its times are those of the first chain to get that deep;
 * - per visitor, the events of all sessions with one visitor id are one sequence (an event
 *   without a visitor id is its session's alone).
 */
import { browserOf, deviceOf, type Row, type Stored } from "./reference.ts";

export interface Goal {
  goal_id: string;
  name: string;
  kind: string;
  match: string;
  deleted: number;
  updated_at: string;
}

export interface FunnelRequest {
  readonly tenant: string;
  readonly domain: string;
  readonly steps: readonly string[];
  readonly windowMinutes: number;
  /** Instants (epoch seconds): [from, to). */
  readonly from: number;
  readonly to: number;
  readonly includeBots?: boolean;
  readonly browser?: string;
  /** Follow visitors (their id, else their session) across sessions rather than sessions. */
  readonly perVisitor?: boolean;
}

const BUILTIN = new Set(["page_hit", "web_vital", "engagement"]);

/** A path pattern as a RegExp: `**` any characters, `*` any but `/`, the rest literal, the whole path. */
export function patternRegExp(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    if (pattern.startsWith("**", i)) {
      source += ".*";
      i++;
    } else if (pattern[i] === "*") source += "[^/]*";
    else source += pattern[i]!.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "s");
}

type Matcher = { label: string; matches: (e: Stored) => boolean };

function matcher(step: string, goals: readonly Goal[]): Matcher {
  const colon = step.indexOf(":");
  const kind = step.slice(0, colon);
  const value = step.slice(colon + 1);
  const page = (pattern: string) => (e: Stored) => e.action === "page_hit" && patternRegExp(pattern).test(String(e.payload.pathname ?? ""));
  const event = (name: string) => (e: Stored) => e.action === name && !BUILTIN.has(name);
  if (kind === "page") return { label: value, matches: page(value) };
  if (kind === "event") return { label: value, matches: event(value) };
  const versions = goals.filter((g) => g.goal_id === value).sort((a, b) => a.updated_at.localeCompare(b.updated_at));
  const current = versions[versions.length - 1];
  if (!current || current.deleted) return { label: value, matches: () => false };
  return { label: current.name, matches: current.kind === "page" ? page(current.match) : event(current.match) };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The deepest chain's times (first to get that deep) of one session's entries. */
function deepestChain(entries: [number, number][], windowSeconds: number, steps: number): number[] {
  const chains: (number[] | undefined)[] = Array.from({ length: steps });
  let best: number[] = [];
  for (const [ts, k] of entries.sort((a, b) => a[0] - b[0] || a[1] - b[1])) {
    const before = k === 0 ? undefined : chains[k - 1];
    if (k > 0 && (!before || ts > before[0]! + windowSeconds)) continue;
    chains[k] = before ? [...before, ts] : [ts];
    if (chains[k]!.length > best.length) best = chains[k]!;
  }
  return best;
}

export function funnelReference(stored: readonly Stored[], goals: readonly Goal[], r: FunnelRequest): Row[] {
  const matchers = r.steps.map((s) => matcher(s, goals));
  const inScope = (e: Stored) => e.tenant === r.tenant && e.ts >= r.from && e.ts < r.to;
  const sessions = new Set<string>();
  for (const e of stored) {
    if (!inScope(e) || e.action !== "page_hit" || e.envDomain !== r.domain) continue;
    const ua = String(e.payload["user-agent"] ?? "");
    if (!r.includeBots && deviceOf(ua) === "bot") continue;
    if (r.browser !== undefined && browserOf(ua) !== r.browser) continue;
    sessions.add(e.session ?? "0");
  }
  const entries = new Map<string, [number, number][]>();
  for (const e of stored) {
    const session = e.session ?? "0";
    if (!inScope(e) || !sessions.has(session) || (e.envDomain !== r.domain && e.envDomain !== "")) continue;
    const id = r.perVisitor && e.visitor !== "" ? `visitor ${e.visitor}` : `session ${session}`;
    matchers.forEach((m, k) => {
      if (m.matches(e)) entries.set(id, [...(entries.get(id) ?? []), [e.ts, k]]);
    });
  }
  const chains = [...entries.values()].map((list) => deepestChain(list, r.windowMinutes * 60, matchers.length));
  const counts = matchers.map((_, k) => chains.filter((c) => c.length > k).length);
  return matchers.map((m, k) => {
    const visitors = counts[k]!;
    const previous = k === 0 ? visitors : counts[k - 1]!;
    const first = counts[0]!;
    const times = chains.filter((c) => c.length > k && k > 0).map((c) => c[k]! - c[k - 1]!);
    return {
      step: k + 1,
      label: m.label,
      visitors,
      dropoff: previous - visitors,
      conversion_rate: first === 0 ? 0 : visitors / first,
      step_conversion: previous === 0 ? 0 : visitors / previous,
      median_seconds_from_previous: k === 0 || visitors === 0 ? null : median(times),
    };
  });
}
