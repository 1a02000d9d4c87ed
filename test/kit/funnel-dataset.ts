/**
 * The events and goals the funnel tests send: hand-made sessions of tenant `shop` on
 * `shop.example` (and one of tenant `other`), each built for a rule of the funnel: steps in
 * and out of order, the window's last second and the one after, events in the same second,
 * `*` and `**` page patterns, goals (one edited since it was created), a bot, a Firefox
 * visit for a page-view filter, and a session cut by the period's start. Days are UTC, a
 * few days before `now`.
 */
import type { FlockEvent } from "../../src/seed/generate.ts";
import { USER_AGENTS } from "../helpers/user-agents.ts";

export const TENANT = "shop";
export const DOMAIN = "shop.example";

/** [seconds after the session's start, "/path" for a page view or an event name]. */
type Step = readonly [number, string];

export interface FunnelDataset {
  readonly events: FlockEvent[];
  readonly goals: Record<string, unknown>[];
  /** The period the checks ask for (date_from … date_to), and where the sessions start. */
  readonly dateFrom: string;
  readonly dateTo: string;
}

const DAY = 86_400_000;

function session(id: string, start: number, steps: readonly Step[], options: { agent?: keyof typeof USER_AGENTS; tenant?: string; visitor?: string } = {}): FlockEvent[] {
  const tenant = options.tenant ?? TENANT;
  const ua = USER_AGENTS[options.agent ?? "windows"];
  return steps.map(([seconds, what]) => {
    const timestamp = new Date(start + seconds * 1000).toISOString();
    const base = { timestamp, version: "1", session_id: id, tenant_id: tenant, domain: DOMAIN, ...(options.visitor !== undefined && { visitor_id: options.visitor }) };
    if (!what.startsWith("/")) return { ...base, action: what, payload: JSON.stringify({ plan: "pro" }) };
    const href = `https://${DOMAIN}${what}`;
    return { ...base, action: "page_hit", payload: JSON.stringify({ "user-agent": ua, locale: "en-US", location: "US", referrer: "", pathname: what, href }) };
  });
}

export function buildFunnelDataset(now: number): FunnelDataset {
  const day0 = Math.floor(now / DAY) * DAY - 4 * DAY;
  const at = (hour: number) => day0 + hour * 3_600_000;
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
  const events = [
    // The whole shop funnel, at different speeds (medians of an even and an odd count).
    ...session("full-1", at(1), [[0, "/"], [30, "/pricing"], [90, "signup"], [100, "/checkout/cart"], [130, "purchase"]]),
    ...session("full-2", at(2), [[0, "/"], [60, "/pricing"], [70, "/blog/a"], [400, "signup"], [1000, "/checkout/pay"], [1000, "purchase"]]),
    ...session("full-3", at(3), [[0, "/"], [10, "/pricing"], [20, "signup"]]),
    // Pricing before home only: `/` then `/pricing` is not reached in that order.
    ...session("reverse", at(4), [[0, "/pricing"], [50, "/"], [60, "/docs/api/v1"]]),
    // The window: signup 600 s after home (kept with window=10), and 601 s after (not kept).
    ...session("edge-in", at(5), [[0, "/"], [300, "/pricing"], [600, "signup"]]),
    ...session("edge-out", at(6), [[0, "/"], [300, "/pricing"], [601, "signup"]]),
    // A second home page view restarts the window: pricing and signup count from it.
    ...session("restart", at(7), [[0, "/"], [1700, "/"], [1750, "/pricing"], [1900, "signup"]]),
    // Events in the same second: taken in step order, whichever was sent first.
    ...session("tie", at(8), [[0, "purchase"], [0, "/checkout/cart"], [5, "/"]]),
    // Patterns: /blog/* is one segment, /blog/** any depth; /docs/** is a goal.
    ...session("blog-deep", at(9), [[0, "/blog/2024/post"], [20, "/docs/intro"], [40, "signup"]]),
    ...session("blog-flat", at(10), [[0, "/blog/post"], [15, "/pricing"], [25, "signup"], [35, "/docs"]]),
    // Regex characters in a path are plain characters in a pattern.
    ...session("dots", at(11), [[0, "/a.b"], [10, "/axb"], [20, "/pricing"]]),
    // A goal's old definition (/old) no longer counts; its current one (/checkout/*) does.
    ...session("old-goal", at(12), [[0, "/old"], [20, "/checkout/cart"]]),
    // Firefox, for a page-view filter; a bot; another tenant doing the whole funnel.
    ...session("firefox", at(13), [[0, "/"], [40, "/pricing"], [80, "signup"]], { agent: "linux" }),
    ...session("bot", at(14), [[0, "/"], [1, "/pricing"], [2, "signup"]], { agent: "bot" }),
    ...session("other-1", at(15), [[0, "/"], [5, "/pricing"], [9, "signup"]], { tenant: "other" }),
    // Across the period's start: the home page view before it does not count.
    ...session("early", day0 - 120_000, [[0, "/"], [100, "/pricing"], [140, "signup"], [150, "/pricing"]]),
    // After the period.
    ...session("late", day0 + 3 * DAY + 60_000, [[0, "/"], [10, "/pricing"]]),
    // Visitors across sessions (per=visitor), on pages the checks above do not ask for:
    // vis-a signs up for a trial in its second session, 10 minutes after its first began;
    // vis-b comes back 40 minutes later (a 30-minute window loses it, an hour keeps it);
    // a session without a visitor id is its own visitor; vis-a of another tenant is not shop's.
    ...session("vis-a-1", at(16), [[0, "/features"], [60, "/features/teams"]], { visitor: "vis-a" }),
    ...session("vis-a-2", at(16) + 600_000, [[0, "/features"], [30, "trial"]], { visitor: "vis-a" }),
    ...session("vis-b-1", at(17), [[0, "/features"]], { visitor: "vis-b" }),
    ...session("vis-b-2", at(17) + 2_400_000, [[0, "/features/teams"], [20, "trial"]], { visitor: "vis-b" }),
    ...session("no-visitor", at(18), [[0, "/features"], [50, "trial"]], { visitor: "" }),
    ...session("vis-a-other", at(19), [[0, "/features/teams"], [5, "trial"]], { visitor: "vis-a", tenant: "other" }),
  ];
  const goal = (goal_id: string, name: string, kind: string, match: string, updated: number) => ({
    tenant_id: TENANT, domain: DOMAIN, goal_id, name, kind, match, revenue_property: "", currency: "", deleted: 0,
    updated_at: new Date(updated).toISOString().replace("T", " ").replace("Z", ""),
  });
  const goals = [
    goal("g-signup", "Signed up", "event", "signup", day0 - 10 * DAY),
    // An event goal named like the tracker's own page views counts nothing, as in the goals report.
    goal("g-pagehit", "Any page view", "event", "page_hit", day0 - 10 * DAY),
    goal("g-docs", "Read the docs", "page", "/docs/**", day0 - 10 * DAY),
    goal("g-checkout", "Checkout (old)", "page", "/old", day0 - 10 * DAY),
    goal("g-checkout", "Checkout", "page", "/checkout/*", day0 + 30 * 60_000),
    { ...goal("g-gone", "Gone", "event", "signup", day0 - 10 * DAY) },
    { ...goal("g-gone", "Gone", "event", "signup", day0 - 9 * DAY), deleted: 1 },
  ];
  return { events, goals, dateFrom: iso(day0), dateTo: iso(day0 + 2 * DAY) };
}
