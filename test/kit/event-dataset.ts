/**
 * The events the custom-event report tests send: generated traffic for two tenants (its
 * click, signup, add_to_cart and download events carry properties) and hand-made visits in
 * tenant `shop` for what chance may miss: numbers, booleans, null, nested objects and
 * arrays as values, payloads that are no object (an array, a string, text that is no
 * JSON, an object after a space), a bot's events, an event without a page view, an event
 * that names no domain (its session's), the tracker extensions' events, the built-in
 * actions (never listed), a visit across Kathmandu's midnight, purchases for an event goal
 * and thank-you pages for a page goal, and tenant `other` with the same event names.
 */
import { generateEvents, type FlockEvent } from "../../src/seed/generate.ts";
import { USER_AGENTS } from "../helpers/user-agents.ts";
import type { Goal } from "./reference-events.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const GOALS: readonly Goal[] = [
  { tenant: "shop", domain: "shop.example", id: "g-purchase", kind: "event", match: "purchase" },
  { tenant: "shop", domain: "shop.example", id: "g-thanks", kind: "page", match: "/thanks/*" },
];

/** The goals as rows of `analytics_goals`. */
export const GOAL_ROWS = GOALS.map((g) => ({ tenant_id: g.tenant, domain: g.domain, goal_id: g.id, name: g.id, kind: g.kind, match: g.match }));

type Agent = keyof typeof USER_AGENTS;

/** One session's events: page views (a path) and custom events (an action and a payload, or payload text), each at its time. */
type Step = { at: number; path: string } | { at: number; action: string; payload: object | string; domain?: string };

function session(id: string, tenant: string, domain: string, agent: Agent, steps: readonly Step[]): FlockEvent[] {
  return steps.map((s) => {
    const envelope = { timestamp: new Date(s.at).toISOString(), version: "1", session_id: id, tenant_id: tenant };
    if ("path" in s) {
      const href = `https://${domain}${s.path}`;
      const payload = { "user-agent": USER_AGENTS[agent], locale: "en-US", location: "US", referrer: "", pathname: new URL(href).pathname, href };
      return { ...envelope, action: "page_hit", domain, payload: JSON.stringify(payload) };
    }
    return { ...envelope, action: s.action, domain: s.domain ?? domain, payload: typeof s.payload === "string" ? s.payload : JSON.stringify(s.payload) };
  });
}

export function buildEventDataset(now: number): FlockEvent[] {
  const midnight = Math.floor(now / 86_400_000) * 86_400_000;
  const day = (offset: number, hour = 0, minute = 0, second = 0) => midnight + offset * 86_400_000 + hour * HOUR + minute * MINUTE + second * 1000;
  const generated = [...generateEvents({ events: 4000, tenants: 2, domains: 2, days: 20, seed: 15, end: now - HOUR, nullSessionShare: 0 })];
  const shop = (id: string, agent: Agent, steps: readonly Step[]) => session(id, "shop", "shop.example", agent, steps);
  const signup = (at: number, payload: object | string, domain?: string): Step => ({ at, action: "signup", payload, ...(domain !== undefined && { domain }) });
  const hand = [
    ...shop("pro", "windows", [
      { at: day(-1, 10), path: "/pricing" },
      signup(day(-1, 10, 0, 30), { plan: "pro", seats: 3, trial: true, meta: { src: "ad", tags: [1, "x"] }, tenant_id: "shop" }),
      { at: day(-1, 10, 1), path: "/thanks/pro" },
      { at: day(-1, 10, 1, 10), action: "purchase", payload: { amount: 49.5, currency: "EUR" } },
    ]),
    ...shop("free", "iphone", [
      { at: day(-1, 11), path: "/" },
      signup(day(-1, 11, 0, 20), { plan: "free", seats: 1.5, trial: false }),
      signup(day(-1, 11, 0, 40), { plan: "free" }),
      { at: day(-1, 11, 1), path: "/thanks/free" },
    ]),
    ...shop("bot", "bot", [{ at: day(-1, 12), path: "/" }, signup(day(-1, 12, 0, 10), { plan: "bot" })]),
    // Sent through the Events API without any page view: not known to be a bot, so counted.
    ...shop("api", "windows", [signup(day(-1, 13), { plan: "api" })]),
    // A tag without data-domain: the event names no domain; its session's page views do.
    ...shop("no-domain", "linux", [{ at: day(-1, 14), path: "/docs" }, signup(day(-1, 14, 0, 30), { plan: "pro" }, "")]),
    ...shop("earlier", "mac", [
      { at: day(-8, 9), path: "/pricing" },
      signup(day(-8, 9, 0, 20), { plan: "pro", seats: 2 }),
      { at: day(-8, 9, 1), action: "purchase", payload: { amount: 10 } },
    ]),
    ...shop("weird", "android", [
      { at: day(-2, 9), path: "/odd" },
      signup(day(-2, 9, 0, 5), "[1,2]"),
      signup(day(-2, 9, 0, 6), '"text"'),
      signup(day(-2, 9, 0, 7), "not json"),
      signup(day(-2, 9, 0, 8), ' {"plan":"spaced"}'),
      signup(day(-2, 9, 0, 9), { plan: null }),
      signup(day(-2, 9, 0, 10), { plan: 'é "quoted" 😀' }),
      signup(day(-2, 9, 0, 11), { plan: -2, seats: 0 }),
      signup(day(-2, 9, 0, 12), { plan: { nested: { deep: true } } }),
      signup(day(-2, 9, 0, 13), { plan: ["a", 1, null] }),
      { at: day(-2, 9, 0, 20), action: "engagement", payload: { pathname: "/odd", scroll_depth: 80, engaged_ms: 5000 } },
      { at: day(-2, 9, 0, 21), action: "web_vital", payload: { name: "LCP", value: 1200, pathname: "/odd" } },
    ]),
    ...shop("extensions", "android", [
      { at: day(-2, 15), path: "/downloads" },
      { at: day(-2, 15, 0, 10), action: "outbound_click", payload: { url: "https://other.example/x", pathname: "/downloads" } },
      { at: day(-2, 15, 0, 20), action: "file_download", payload: { url: "https://shop.example/a.pdf", pathname: "/downloads" } },
      { at: day(-2, 15, 0, 30), action: "not_found", payload: { pathname: "/missing" } },
    ]),
    // Kathmandu's midnight is 18:15 UTC: the page view is on one local day, the signup on the next.
    ...shop("kathmandu", "windows", [{ at: day(-3, 18, 10), path: "/pricing" }, signup(day(-3, 18, 20), { plan: "team" })]),
    ...session("other-1", "other", "other.example", "windows", [{ at: day(-1, 9), path: "/" }, signup(day(-1, 9, 0, 10), { plan: "other" })]),
  ];
  return [...generated, ...hand];
}
