/** The traffic generator and `aviary seed`'s sender. */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { describe, it } from "node:test";
import { runSeed } from "../../src/cli/seed.ts";
import { generateEvents } from "../../src/seed/generate.ts";
import { deviceOf, browserOf } from "./reference.ts";

const END = Date.UTC(2026, 0, 15, 12);

describe("traffic generator", () => {
  it("is deterministic for a seed and yields exactly the asked number of events", () => {
    const a = [...generateEvents({ events: 3000, tenants: 20, domains: 2, days: 10, seed: 9, end: END })];
    const b = [...generateEvents({ events: 3000, tenants: 20, domains: 2, days: 10, seed: 9, end: END })];
    const c = [...generateEvents({ events: 3000, tenants: 20, domains: 2, days: 10, seed: 10, end: END })];
    assert.equal(a.length, 3000);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  it("stays inside the window and sends tracker-shaped events", () => {
    for (const e of generateEvents({ events: 5000, tenants: 5, domains: 3, days: 7, seed: 1, end: END })) {
      const t = Date.parse(e.timestamp);
      assert.ok(t <= END && t >= END - 7 * 86_400_000, e.timestamp);
      assert.match(e.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.equal(e.version, "1");
      assert.equal(typeof JSON.parse(e.payload), "object");
    }
  });

  it("makes realistic traffic: skewed tenants, sessions, referrers, devices, vitals with zeros, custom events", () => {
    const events = [...generateEvents({ events: 200_000, tenants: 1000, domains: 2, days: 30, seed: 3, end: END })];
    const perTenant = new Map<string, number>();
    for (const e of events) perTenant.set(e.tenant_id, (perTenant.get(e.tenant_id) ?? 0) + 1);
    const largest = Math.max(...perTenant.values()) / events.length;
    assert.ok(largest > 0.08 && largest < 0.12, `largest tenant share ${largest}`);
    assert.ok(perTenant.size > 500, `${perTenant.size} tenants have traffic`);

    const hits = events.filter((e) => e.action === "page_hit").map((e) => ({ ...e, p: JSON.parse(e.payload) as Record<string, string> }));
    const sessions = new Map<string, number>();
    for (const h of hits) sessions.set(h.session_id ?? "0", (sessions.get(h.session_id ?? "0") ?? 0) + 1);
    const pagesPerSession = hits.length / sessions.size;
    assert.ok(pagesPerSession > 1.8 && pagesPerSession < 4, `pages per session ${pagesPerSession}`);
    assert.ok(new Set(hits.map((h) => h.p.pathname)).size > 300, "a long tail of pages");
    const referrers = hits.map((h) => h.p.referrer!);
    assert.ok(referrers.some((r) => r === ""), "direct");
    assert.ok(referrers.some((r) => r.includes("google.")), "search");
    assert.ok(referrers.some((r) => r.includes("t.co") || r.includes("facebook")), "social");
    assert.ok(hits.some((h) => h.p.referrer !== "" && new URL(h.p.referrer!).host === new URL(h.p.href!).host), "internal");
    const devices = new Set(hits.map((h) => deviceOf(h.p["user-agent"]!)));
    const browsers = new Set(hits.map((h) => browserOf(h.p["user-agent"]!)));
    for (const d of ["bot", "mobile-android", "mobile-ios", "desktop"]) assert.ok(devices.has(d), d);
    for (const b of ["chrome", "safari", "firefox", "edge", "opera", "samsung", "ie"]) assert.ok(browsers.has(b), b);
    assert.ok(new Set(hits.map((h) => h.p.location)).size >= 10, "locations");
    assert.ok(hits.some((h) => h.domain === ""), "some trackers send no data-domain");
    const vitals = events.filter((e) => e.action === "web_vital").map((e) => JSON.parse(e.payload) as { name: string; value: number });
    assert.ok(vitals.some((v) => v.name === "CLS" && v.value === 0), "zero CLS");
    assert.ok(vitals.some((v) => v.name === "INP" && v.value === 0), "zero INP");
    assert.ok(new Set(events.map((e) => e.action)).size >= 5, "custom events");
  });
});

describe("aviary seed", () => {
  it("posts NDJSON batches with the token and reports a rate", async () => {
    const bodies: string[] = [];
    const urls: string[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        assert.equal(req.headers.authorization, "Bearer p.test");
        urls.push(req.url ?? "");
        bodies.push(body);
        const rows = body.trim().split("\n").length;
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ successful_rows: rows, quarantined_rows: 0 }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let output = "";
    const out = new Writable({ write: (chunk, _enc, done) => ((output += String(chunk)), done()) });
    try {
      const report = await runSeed({ events: 2500, tenants: 3, domains: 1, days: 2, seed: 4, end: END, url, token: "p.test", batchSize: 1000, out });
      assert.equal(report.events, 2500);
      assert.deepEqual(urls, Array(3).fill("/v0/events?name=analytics_events&wait=true"));
      const lines = bodies.flatMap((b) => b.trim().split("\n"));
      assert.equal(lines.length, 2500);
      // Two requests are in flight at once, so batches may arrive in either order.
      const expected = [...generateEvents({ events: 2500, tenants: 3, domains: 1, days: 2, seed: 4, end: END })].map((e) => JSON.stringify(e));
      assert.deepEqual([...lines].sort(), expected.sort());
      assert.match(output, /^seeded 2,500 events \(3 tenants, 1 domains each, 2 days\) in \d+\.\d s: [\d,]+ events\/s\n$/);
    } finally {
      server.close();
    }
  });
});
