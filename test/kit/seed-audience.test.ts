/** What the traffic generator gives the acquisition and audience reports: campaigns, referrer hosts, viewport widths, looked-up places, locales. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generateEvents } from "../../src/seed/generate.ts";

const END = Date.UTC(2026, 0, 15, 12);

interface PageHit {
  session: string;
  p: { "user-agent": string; locale: string; location: string; referrer: string; href: string; screen_width?: number; country?: string; region?: string; city?: string };
}

const hits: PageHit[] = [...generateEvents({ events: 60_000, tenants: 50, domains: 2, days: 20, seed: 5, end: END, nullSessionShare: 0 })]
  .filter((e) => e.action === "page_hit")
  .map((e) => ({ session: e.session_id!, p: JSON.parse(e.payload) as PageHit["p"] }));
const sessions = new Map<string, PageHit[]>();
for (const h of hits) sessions.set(h.session, [...(sessions.get(h.session) ?? []), h]);
const share = (n: number, of: number) => n / of;

describe("traffic generator: acquisition and audience", () => {
  it("tags a share of landing URLs with utm_* parameters, and only landing URLs", () => {
    const visits = [...sessions.values()];
    const tagged = visits.filter(([first]) => new URL(first!.p.href).searchParams.has("utm_source"));
    assert.ok(share(tagged.length, visits.length) > 0.06 && share(tagged.length, visits.length) < 0.2, `tagged visits ${tagged.length}/${visits.length}`);
    assert.ok(visits.every((v) => v.slice(1).every((h) => !h.p.href.includes("?"))), "later page views carry no query string");
    const mediums = new Set(tagged.map(([first]) => new URL(first!.p.href).searchParams.get("utm_medium")));
    for (const m of ["email", "cpc", "social", "paid_social", "display", "affiliate", "video"]) assert.ok(mediums.has(m), m);
    const params = new Set(tagged.flatMap(([first]) => [...new URL(first!.p.href).searchParams.keys()]));
    for (const k of ["utm_campaign", "utm_term", "utm_content", "gclid"]) assert.ok(params.has(k), k);
    assert.ok(hits.some((h) => h.p.href.includes("utm_source=chatgpt.com")), "ChatGPT's own tag");
  });

  it("sends referrers from many hosts of one brand and from AI assistants", () => {
    const hosts = new Set(hits.filter((h) => h.p.referrer !== "").map((h) => new URL(h.p.referrer).host));
    assert.ok([...hosts].filter((h) => /^(www\.)?google\./.test(h)).length >= 8, "Google's country domains");
    for (const h of ["www.google.com", "www.google.de", "www.google.co.uk", "l.facebook.com", "m.facebook.com", "t.co", "x.com", "chatgpt.com", "www.perplexity.ai", "www.youtube.com", "com.google.android.gm"]) {
      assert.ok(hosts.has(h), h);
    }
  });

  it("sends a viewport width that fits the device, none from agents that run no script", () => {
    const widths = (test: (ua: string) => boolean) => hits.filter((h) => test(h.p["user-agent"]) && h.p.screen_width !== undefined).map((h) => h.p.screen_width!);
    const phones = widths((ua) => /iPhone|Android.*Mobile/.test(ua));
    const ipads = widths((ua) => ua.includes("iPad"));
    const computers = widths((ua) => /Windows NT|Macintosh|X11/.test(ua) && !/bot|Headless/i.test(ua));
    assert.ok(phones.length > 1000 && phones.every((w) => w >= 320 && w < 576), "phones");
    assert.ok(ipads.length > 0 && ipads.every((w) => w >= 768 && w <= 1180), "tablets");
    assert.ok(computers.length > 1000 && computers.every((w) => w >= 460 && w <= 3440), "computers");
    assert.ok(share(computers.filter((w) => w >= 1440).length, computers.length) > 0.4, "many wide screens");
    assert.ok(hits.filter((h) => /^(curl|Wget|python)/i.test(h.p["user-agent"])).every((h) => h.p.screen_width === undefined), "no script, no width");
    assert.ok(hits.some((h) => h.p.screen_width === undefined && h.p["user-agent"].includes("Chrome/124")), "some trackers send none");
  });

  it("writes country, region and city for most visits, the same on each of their page views", () => {
    const placed = hits.filter((h) => h.p.country !== undefined);
    assert.ok(share(placed.length, hits.length) > 0.7 && share(placed.length, hits.length) < 0.9, `placed ${placed.length}/${hits.length}`);
    assert.ok(placed.every((h) => /^[A-Z][A-Z]$/.test(h.p.country!) && h.p.city), "a country code and a city");
    assert.ok(share(placed.filter((h) => h.p.country === h.p.location).length, placed.length) > 0.9, "mostly the time zone's country");
    assert.ok(placed.some((h) => h.p.country !== h.p.location), "some addresses abroad");
    assert.ok(placed.some((h) => h.p.country === "SG" && h.p.region === undefined), "a place without a region");
    for (const visit of sessions.values()) {
      const where = new Set(visit.map((h) => `${h.p.country}/${h.p.region}/${h.p.city}`));
      assert.equal(where.size, 1, `one place per visit: ${[...where].join(", ")}`);
    }
    const regions = new Set(placed.map((h) => `${h.p.country}/${h.p.region}`));
    const cities = new Set(placed.map((h) => `${h.p.country}/${h.p.region}/${h.p.city}`));
    assert.ok(regions.size >= 30 && cities.size >= 50, `${regions.size} regions, ${cities.size} cities`);
    assert.ok(cities.has("GB/England/London") && cities.has("CA/Ontario/London"), "one city name in two countries");
  });

  it("gives browsers several locales per country", () => {
    const locales = new Set(hits.map((h) => h.p.locale));
    for (const l of ["en-US", "es-US", "de-DE", "de", "fr-CA", "hi-IN", "pt-BR"]) assert.ok(locales.has(l), l);
    assert.ok(hits.some((h) => h.p.location === "DE" && h.p.locale === "en-US"), "English browsers elsewhere");
  });
});
