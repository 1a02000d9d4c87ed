/**
 * The events the visit report tests send: generated traffic for two tenants with two
 * domains each (campaigns, screens, places, bots, visits over several 15-minute buckets),
 * and hand-made visits for what chance may miss, in tenants `acme` (two domains), `other`,
 * `tiny` and `live`: a campaign with every UTM parameter on the landing URL, internal referrers and
 * a later external one after the landing, visits across UTC, Kathmandu (+5:45) and Kolkata
 * (+5:30) midnights, bots, a place from the time zone only, a country that is no code, one
 * session id in two tenants, London in two countries, and visits in the last minutes.
 */
import { generateEvents, type FlockEvent } from "../../src/seed/generate.ts";
import { USER_AGENTS } from "../helpers/user-agents.ts";

const AGENTS = USER_AGENTS;

interface Visitor {
  readonly agent: keyof typeof AGENTS;
  readonly width?: number;
  readonly locale: string;
  /** The tracker's time-zone guess. */
  readonly location: string;
  /** What the Events API's address lookup would write. */
  readonly place?: { country: string; region?: string; city?: string };
}

interface View {
  readonly at: number;
  /** Path and query string. */
  readonly path: string;
  /** Default: none on the landing, the previous page (an internal link) after it. */
  readonly referrer?: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function visit(session: string, tenant: string, domain: string, who: Visitor, views: readonly View[]): FlockEvent[] {
  let previous = "";
  return views.map((v) => {
    const href = `https://${domain}${v.path}`;
    const payload = {
      "user-agent": AGENTS[who.agent], locale: who.locale, location: who.location, referrer: v.referrer ?? previous,
      pathname: new URL(href).pathname, href, ...(who.width !== undefined && { screen_width: who.width }), ...who.place,
    };
    previous = href;
    return { timestamp: new Date(v.at).toISOString(), action: "page_hit", version: "1", session_id: session, tenant_id: tenant, domain, payload: JSON.stringify(payload) };
  });
}

const CAMPAIGN = "?utm_source=newsletter&utm_medium=email&utm_campaign=Spring%20Sale&utm_term=web+analytics&utm_content=cta-button";

export function buildVisitDataset(now: number): FlockEvent[] {
  const midnight = Math.floor(now / 86_400_000) * 86_400_000;
  const day = (offset: number, hour = 0, minute = 0) => midnight + offset * 86_400_000 + hour * HOUR + minute * MINUTE;
  const generated = [...generateEvents({ events: 5000, tenants: 2, domains: 2, days: 20, seed: 21, end: now - HOUR, nullSessionShare: 0 })];
  const munich: Visitor = { agent: "windows", width: 1920, locale: "de-DE", location: "DE", place: { country: "DE", region: "Bavaria", city: "Munich" } };
  const paris: Visitor = { agent: "linux", width: 1280, locale: "fr-FR", location: "FR", place: { country: "FR", region: "Ile-de-France", city: "Paris" } };
  const sf: Visitor = { agent: "windows", width: 1920, locale: "en-US", location: "US", place: { country: "US", region: "California", city: "San Francisco" } };
  const bot: Visitor = { agent: "bot", locale: "en-US", location: "US", place: { country: "US" } };
  const mobile: Visitor = { agent: "iphone", width: 390, locale: "en-US", location: "US", place: { country: "US", region: "New York", city: "Brooklyn" } };
  const hand = [
    visit("hm-google", "acme", "acme.example", munich, [{ at: day(-1, 10, 5), path: "/pricing", referrer: "https://www.google.de/" }, { at: day(-1, 10, 20), path: "/docs" }, { at: day(-1, 10, 40), path: "/signup" }]),
    // A later page view from elsewhere does not change where the visit came from.
    visit("hm-utm", "acme", "acme.example", mobile, [{ at: day(-2, 9), path: `/${CAMPAIGN}` }, { at: day(-2, 9, 3), path: "/blog" }, { at: day(-2, 9, 31), path: "/blog/post-1", referrer: "https://t.co/x1" }]),
    visit("hm-cross-utc", "acme", "acme.example", paris, [{ at: day(-2, 0, -10), path: "/features", referrer: "https://duckduckgo.com/" }, { at: day(-2, 0, 5), path: "/pricing" }, { at: day(-2, 0, 25), path: "/bye" }]),
    visit("hm-cross-kathmandu", "acme", "shop.acme.example", { agent: "android", width: 412, locale: "ne-NP", location: "NP", place: { country: "NP", region: "Bagmati Province", city: "Kathmandu" } }, [
      { at: day(-4, 18, 5), path: "/login?utm_source=partner-7&utm_medium=affiliate", referrer: "https://www.bing.com/" }, { at: day(-4, 18, 20), path: "/home" }, { at: day(-4, 18, 50), path: "/settings" },
    ]),
    visit("hm-cross-kolkata", "other", "other.example", { agent: "windows", width: 1366, locale: "hi-IN", location: "IN", place: { country: "IN", region: "Maharashtra", city: "Mumbai" } }, [
      { at: day(-5, 18, 20), path: "/x", referrer: "https://news.ycombinator.com/" }, { at: day(-5, 18, 40), path: "/y" },
    ]),
    visit("hm-bot", "acme", "acme.example", bot, [{ at: day(-1, 11), path: "/pricing?utm_source=spam", referrer: "https://www.google.com/" }, { at: day(-1, 11, 1), path: "/docs" }]),
    visit("hm-london-gb", "acme", "acme.example", { agent: "mac", width: 1440, locale: "en-GB", location: "GB", place: { country: "GB", region: "England", city: "London" } }, [{ at: day(-1, 12), path: "/pricing", referrer: "https://www.reddit.com/r/analytics" }]),
    // The lookup's country wins over the time zone's guess.
    visit("hm-london-ca", "acme", "acme.example", { agent: "windows", width: 1536, locale: "en-CA", location: "US", place: { country: "CA", region: "Ontario", city: "London" } }, [{ at: day(-1, 12, 30), path: "/pricing", referrer: "https://www.reddit.com/" }]),
    // Region and city count only beside a country code from the lookup.
    visit("hm-tz-only", "acme", "acme.example", { agent: "linux", width: 800, locale: "es-ES", location: "ES" }, [{ at: day(-1, 13), path: "/es" }, { at: day(-1, 13, 2), path: "/es/precios" }]),
    visit("hm-bad-country", "acme", "acme.example", { agent: "mac", width: 1000, locale: "pt-BR", location: "BR", place: { country: "usa", region: "Nowhere", city: "Nothing" } }, [{ at: day(-1, 13, 30), path: "/pt" }]),
    // One session id in two tenants: each tenant's report sees only its own page views.
    visit("hm-shared", "other", "other.example", sf, [{ at: day(-1, 8), path: "/landing-b", referrer: "https://www.facebook.com/" }]),
    visit("hm-shared", "acme", "shop.acme.example", sf, [{ at: day(-1, 8, 30), path: "/landing-a" }]),
    visit("hm-other-google", "other", "other.example", { ...munich, agent: "android", width: 360 }, [{ at: day(-1, 10, 10), path: "/pricing", referrer: "https://www.google.com/" }]),
    // The realtime reports' visits, in a tenant of their own (near midnight they would fall on yesterday).
    visit("hm-recent", "live", "live.example", { ...mobile, width: 375 }, [{ at: now - 20 * MINUTE, path: "/?utm_source=twitter&utm_medium=social", referrer: "https://t.co/x2" }, { at: now - 2 * MINUTE, path: "/pricing" }]),
    visit("hm-recent-other", "live", "live.example", munich, [{ at: now - 10 * MINUTE, path: "/docs" }]),
    visit("hm-recent-bot", "live", "live.example", bot, [{ at: now - MINUTE, path: "/" }]),
  ];
  // tiny.example on yesterday: exit and bounce rates worked out by hand in the test.
  const tiny = (session: string, who: Visitor, views: [number, number, string][]) => visit(session, "tiny", "tiny.example", who, views.map(([h, m, path]) => ({ at: day(-1, h, m), path })));
  const small = [
    tiny("t1", sf, [[10, 0, "/a"], [10, 5, "/b"], [10, 10, "/c"]]),
    tiny("t2", sf, [[11, 0, "/a"]]),
    tiny("t3", sf, [[12, 0, "/b"], [12, 2, "/a"]]),
    tiny("t4", sf, [[13, 0, "/a"], [13, 1, "/b"]]),
    tiny("t5", bot, [[14, 0, "/c"]]),
  ];
  return [...generated, ...hand.flat(), ...small.flat()];
}
