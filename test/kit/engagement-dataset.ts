/**
 * The events the page_engagement tests send, by hand: page views and `engagement` events
 * (one per page view, as the tracker sends them) in two tenants, over the last minutes, days
 * and the week before, with what a report must handle: a bot's views, a tag without
 * data-domain, an engagement naming another domain, an engagement without any page view,
 * a view across Kathmandu's midnight, and hostile payloads (out-of-range and non-numeric
 * measures, numbers as text, an array, text that is no JSON, a non-string pathname, a
 * pathname longer than the kit reads).
 */
import type { FlockEvent } from "../../src/seed/generate.ts";
import { USER_AGENTS } from "../helpers/user-agents.ts";

type Agent = keyof typeof USER_AGENTS;
/** A page view (a path) or an engagement (a payload object or raw text), at an instant in ms. */
type Step = { at: number; path: string; envDomain?: string } | { at: number; engagement: object | string; envDomain?: string };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function session(id: string, tenant: string, domain: string, agent: Agent, steps: readonly Step[]): FlockEvent[] {
  return steps.map((s) => {
    const envelope = { timestamp: new Date(s.at).toISOString(), version: "1", session_id: id, tenant_id: tenant, domain: s.envDomain ?? domain };
    if ("path" in s) {
      const href = `https://${domain}${s.path}`;
      return { ...envelope, action: "page_hit", payload: JSON.stringify({ "user-agent": USER_AGENTS[agent], locale: "en-US", location: "US", referrer: "", pathname: s.path, href }) };
    }
    return { ...envelope, action: "engagement", payload: typeof s.engagement === "string" ? s.engagement : JSON.stringify(s.engagement) };
  });
}

const view = (pathname: string, scroll_depth: unknown, engaged_ms: unknown) => ({ pathname, scroll_depth, engaged_ms });

export function buildEngagementDataset(now: number): FlockEvent[] {
  const midnight = Math.floor(now / 86_400_000) * 86_400_000;
  const at = (day: number, hour: number, minute = 0) => midnight + day * 86_400_000 + hour * HOUR + minute * MINUTE;
  const shop = (id: string, agent: Agent, steps: readonly Step[]) => session(id, "shop", "shop.example", agent, steps);
  const long = "/" + "é".repeat(3000);
  return [
    ...shop("reader", "windows", [
      { at: at(-1, 10), path: "/pricing" },
      { at: at(-1, 10, 2), engagement: view("/pricing", 40, 12_000) },
      { at: at(-1, 10, 3), path: "/docs" },
      { at: at(-1, 10, 5), engagement: view("/docs", 100, 3_000) },
      // Sent by a tag whose data-domain names another site.
      { at: at(-1, 10, 6), engagement: view("/docs", 20, 1_000), envDomain: "elsewhere.example" },
    ]),
    ...shop("phone", "iphone", [{ at: at(-1, 11), path: "/pricing" }, { at: at(-1, 11, 1), engagement: view("/pricing", 80.6, 20_500) }]),
    ...shop("phone-2", "iphone", [{ at: at(-3, 9), path: "/pricing" }, { at: at(-3, 9, 1), engagement: view("/pricing", 33, 2_250) }]),
    ...shop("crawler", "bot", [{ at: at(-1, 12), path: "/pricing" }, { at: at(-1, 12, 1), engagement: view("/pricing", 10, 1_000) }]),
    // A tag without data-domain: the envelope names no domain; the session's page views do.
    ...shop("no-domain", "linux", [
      { at: at(-1, 13), path: "/", envDomain: "" },
      { at: at(-1, 13, 1), engagement: view("/", 55, 7_000), envDomain: "" },
    ]),
    ...shop("hostile", "android", [
      { at: at(-2, 8), path: "/hostile" },
      { at: at(-2, 8, 1), engagement: view("/hostile", 150, 1e300) },
      { at: at(-2, 8, 2), engagement: view("/hostile", -5, -20) },
      { at: at(-2, 8, 3), engagement: view("/hostile", "50", 1_000) },
      { at: at(-2, 8, 4), engagement: view("/hostile", 50, true) },
      { at: at(-2, 8, 5), engagement: { pathname: "/hostile", engaged_ms: 1_000 } },
      { at: at(-2, 8, 6), engagement: { pathname: 5, scroll_depth: 50, engaged_ms: 1_000 } },
      { at: at(-2, 8, 7), engagement: '["/hostile", 50, 1000]' },
      { at: at(-2, 8, 8), engagement: "not json" },
      { at: at(-2, 8, 9), engagement: '{"pathname": "/hostile", "scroll_depth": 1e400, "engaged_ms": 5}' },
      { at: at(-2, 8, 10), engagement: view(long, 12.25, 600) },
      { at: at(-2, 8, 11), engagement: view("/hostile", 0, 1_800_001) },
    ]),
    // Through the Events API with no page view: no visit in scope, so not counted.
    ...shop("no-view", "windows", [{ at: at(-1, 14), engagement: view("/pricing", 90, 60_000) }]),
    // Kathmandu is UTC+5:45: the view is on the local day before, its engagement after midnight.
    ...shop("kathmandu", "mac", [{ at: at(-2, 18), path: "/late" }, { at: at(-2, 18, 20), engagement: view("/late", 64, 5_000) }]),
    ...shop("last-week", "windows", [{ at: at(-8, 9), path: "/pricing" }, { at: at(-8, 9, 1), engagement: view("/pricing", 30, 4_000) }]),
    ...shop("recent", "mac", [{ at: now - 20 * MINUTE, path: "/docs" }, { at: now - 19 * MINUTE, engagement: view("/docs", 72, 8_400) }]),
    ...session("blogger", "blog", "blog.example", "windows", [{ at: at(-1, 9), path: "/post" }, { at: at(-1, 9, 4), engagement: view("/post", 70, 9_000) }]),
  ];
}
