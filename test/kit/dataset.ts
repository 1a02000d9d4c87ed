/**
 * The events the kit tests send: generated traffic (fixed seed) plus hand-made cases the
 * generator leaves to chance: recent visits for the realtime endpoints, sessions without
 * an id, a localhost-only tenant, invalid, implausible and zero-valued web vitals, hostile strings
 * (markup, formulas, `javascript:` URLs, locations that are no country code), and the
 * seed's January 2024 tenant `customer-123` on `app.customer.com`.
 */
import { generateEvents, type FlockEvent } from "../../src/seed/generate.ts";

const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

function hit(at: number, session: string | null, tenant: string, domain: string, href: string, extra: Record<string, unknown> = {}): FlockEvent {
  const url = new URL(href);
  return {
    timestamp: new Date(at).toISOString(),
    action: "page_hit",
    version: "1",
    session_id: session,
    tenant_id: tenant,
    domain,
    payload: JSON.stringify({ "user-agent": CHROME, locale: "en-US", location: "US", referrer: "", pathname: url.pathname, href, ...extra }),
  };
}

function vital(at: number, tenant: string, domain: string, payload: Record<string, unknown>): FlockEvent {
  return { timestamp: new Date(at).toISOString(), action: "web_vital", version: "1", session_id: "vital-session", tenant_id: tenant, domain, payload: JSON.stringify({ pathname: "/vitals", href: `https://${domain}/vitals`, ...payload }) };
}

export interface Dataset {
  readonly events: FlockEvent[];
  readonly tenants: readonly string[];
}

export function buildDataset(now: number): Dataset {
  // Generated traffic stops an hour ago, so the realtime endpoints see only the hand-made visits.
  const generated = [...generateEvents({ events: 9000, tenants: 4, domains: 2, days: 35, seed: 42, end: now - 3_600_000, nullSessionShare: 0 })];
  const minute = 60_000;
  const recent: FlockEvent[] = [
    hit(now - 30_000, "recent-1", "customer-1", "customer-1.com", "https://customer-1.com/"),
    hit(now - 90_000, "recent-1", "customer-1", "customer-1.com", "https://customer-1.com/pricing"),
    hit(now - 2 * minute, "recent-2", "customer-1", "", "https://www.customer-1.com/docs"),
    hit(now - 3 * minute, "recent-3", "customer-1", "app.customer-1.com", "https://app.customer-1.com/"),
    hit(now - 4 * minute, "recent-4", "customer-2", "customer-2.com", "https://customer-2.com/"),
    hit(now - 9 * minute, "recent-5", "customer-2", "customer-2.com", "https://customer-2.com/blog"),
    hit(now - 20 * minute, "recent-5", "customer-2", "customer-2.com", "https://customer-2.com/blog/post-1"),
    hit(now - 45 * minute, "recent-6", "customer-1", "app.customer-1.com", "https://app.customer-1.com/login"),
  ];
  // Hits without a session id all count as session '0'.
  const anonymous = [1, 2, 3].map((i) => hit(now - (30 + i) * 3_600_000, null, "customer-2", "customer-2.com", `https://customer-2.com/anon-${i}`));
  // A tenant seen only on localhost: `domain` has no non-local fallback for it.
  const local = [hit(now - 5 * 3_600_000, "local-1", "customer-local", "", "http://localhost:3000/dev")];
  const vitals = [
    vital(now - 2 * 3_600_000, "customer-3", "customer-3.com", { name: "CLS", value: 0, delta: 0, rating: "good", id: "z-cls" }),
    vital(now - 2 * 3_600_000, "customer-3", "customer-3.com", { name: "INP", value: 0, delta: 0, rating: "good", id: "z-inp" }),
    vital(now - 2 * 3_600_000, "customer-3", "customer-3.com", { name: "LCP", value: -5, rating: "good", id: "neg" }),
    vital(now - 2 * 3_600_000, "customer-3", "customer-3.com", { name: "FCP", rating: "good", id: "missing-value" }),
    vital(now - 2 * 3_600_000, "customer-3", "customer-3.com", { name: "FID", value: 12, rating: "good", id: "unknown-metric" }),
    vital(now - 2 * 3_600_000, "customer-3", "customer-3.com", { name: "cls", value: 0.1, rating: "good", id: "lower-case-at-threshold" }),
    // Garbage a page can send: dropped above CLS 10 and above an hour, kept at the limits.
    vital(now - 2 * 3_600_000, "customer-3", "customer-3.com", { name: "CLS", value: 10, rating: "poor", id: "cls-at-limit" }),
    vital(now - 2 * 3_600_000, "customer-3", "customer-3.com", { name: "CLS", value: 10.5, rating: "poor", id: "cls-too-big" }),
    vital(now - 2 * 3_600_000, "customer-3", "customer-3.com", { name: "LCP", value: 3_600_000, rating: "poor", id: "lcp-at-limit" }),
    vital(now - 2 * 3_600_000, "customer-3", "customer-3.com", { name: "TTFB", value: 3_600_001, rating: "poor", id: "ttfb-too-big" }),
    vital(now - 2 * 3_600_000, "customer-3", "customer-3.com", { name: "INP", value: 1e300, rating: "poor", id: "inp-huge" }),
    // 1e999 is valid JSON that every parser reads as Infinity (JSON.stringify cannot write it).
    { ...vital(now - 2 * 3_600_000, "customer-3", "customer-3.com", { name: "FCP", value: 1, rating: "good", id: "fcp-infinite" }), payload: JSON.stringify({ name: "FCP", value: 1, id: "fcp-infinite", pathname: "/vitals", href: "https://customer-3.com/vitals" }).replace('"value":1', '"value":1e999') },
  ];
  // What the generator leaves to chance: an hour with 6 CLS measurements (an hourly point in
  // any zone: the first minutes of a UTC hour), a route with one metric only, and a domain
  // whose previous period is empty.
  const hourStart = Math.floor((now - 5 * 3_600_000) / 3_600_000) * 3_600_000;
  const steady = [0, 0.05, 0.12, 0.3, 0.08, 0.02].map((value, i) =>
    vital(hourStart + i * 20_000, "customer-1", "customer-1.com", { name: "CLS", value, rating: "good", id: `hour-cls-${i}`, pathname: "/slow/page", href: "https://customer-1.com/slow/page" }),
  );
  const newDomain = [vital(now - 5 * 86_400_000, "customer-3", "new.customer-3.com", { name: "LCP", value: 1200, rating: "good", id: "new-domain", pathname: "/new" })];
  // Strings any page can post with the public tracker token: reports keep them as text, a
  // location that is no country code reads as unknown (''), the UA rules still decide.
  // One page view per session: the sessions view keeps one browser per session.
  const xss = "<svg onload=alert(1)>";
  const formula = '=HYPERLINK("http://x")';
  const hostileHit = (hoursAgo: number, session: string, fields: Record<string, string>) =>
    hit(now - hoursAgo * 3_600_000, session, "customer-1", "customer-1.com", "https://customer-1.com/", fields);
  const hostile: FlockEvent[] = [
    hostileHit(26, "hostile-1", { location: xss, pathname: "javascript:alert(1)", referrer: "javascript:alert(1)", "user-agent": `${xss} Firefox/125.0` }),
    hostileHit(26, "hostile-2", { location: formula, pathname: formula, referrer: "data:text/html,<script>alert(1)</script>", "user-agent": "=cmd|' /C calc'!A0" }),
    hostileHit(27, "hostile-3", { location: "us", pathname: "/-1+2", referrer: "javascript://evil.example/%0aalert(document.domain)", "user-agent": "<script>alert(1)</script> Android iPhone" }),
    hostileHit(28, "hostile-4", { location: "US\n", pathname: "/@SUM(1+1)", "user-agent": "" }),
    hostileHit(29, "hostile-5", { location: "USA", "user-agent": "curl/8.0 <img src=x onerror=alert(1)>" }),
    hostileHit(30, "hostile-6", { location: "ÉS", "user-agent": "\t=1+1 SamsungBrowser/24.0" }),
    { ...hostileHit(26, "hostile-1", {}), action: formula, payload: JSON.stringify({ label: xss }) },
    { ...hostileHit(27, "hostile-3", {}), action: xss, payload: JSON.stringify({ href: "javascript:alert(1)" }) },
  ];
  // The seed's examples: tenant customer-123 on app.customer.com in January 2024.
  const january = [...generateEvents({ events: 1500, tenants: 1, domains: 1, days: 31, seed: 7, end: Date.UTC(2024, 1, 1) - 1000, nullSessionShare: 0 })].map((e) => ({
    ...e,
    tenant_id: "customer-123",
    domain: "app.customer.com",
  }));
  return {
    events: [...generated, ...recent, ...anonymous, ...local, ...vitals, ...steady, ...newDomain, ...hostile, ...january],
    tenants: ["customer-1", "customer-2", "customer-3", "customer-4", "customer-local", "customer-123"],
  };
}
