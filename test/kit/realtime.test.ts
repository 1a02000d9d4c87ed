/**
 * `realtime` against the reference (reference-realtime.ts) computed from the very page
 * views sent: generated visits over the last 40 minutes on two domains and more than ten
 * pages, bots, a visitor whose clock runs ahead, a visit that began before the window, an
 * envelope without a domain, a custom event, and another tenant on the same paths. The
 * answer says its own instant (the `current` row starts 5 minutes before it), so the
 * reference is computed at exactly that instant, cached answer or not.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FlockEvent } from "../../src/seed/generate.ts";
import { USER_AGENTS } from "../helpers/user-agents.ts";
import { classifiedHits } from "./classified-hits.ts";
import { assertRows } from "./compare.ts";
import { startKitServer, type KitServer } from "./kit-server.ts";
import { hitsOf, store, type Hit, type Params, type Row } from "./reference.ts";
import { realtime } from "./reference-realtime.ts";

const MINUTE = 60_000;
const PAGES = ["/", "/pricing", "/docs", "/docs/start", "/blog", "/blog/a", "/blog/b", "/about", "/contact", "/careers", "/login", "/signup", "/terms", "/privacy"];
const REFERRERS = ["", "https://www.google.com/", "https://news.ycombinator.com/item?id=1", "https://t.co/abc", "https://duckduckgo.com/", "https://live.com/internal"];

function hit(at: number, session: string, tenant: string, domain: string, host: string, path: string, extra: Record<string, string> = {}): FlockEvent {
  const payload = { "user-agent": USER_AGENTS.windows, locale: "en-US", location: "US", referrer: "", pathname: path, href: `https://${host}${path}`, ...extra };
  return { timestamp: new Date(at).toISOString(), action: "page_hit", version: "1", session_id: session, tenant_id: tenant, domain, payload: JSON.stringify(payload) };
}

/** A deterministic sequence, so a failure can be replayed. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

function dataset(now: number): FlockEvent[] {
  const random = sequence(7);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const events: FlockEvent[] = [];
  for (let s = 0; s < 60; s++) {
    const host = s % 3 === 0 ? "shop.live.com" : "live.com";
    const views = 1 + Math.floor(random() * 5);
    // Sessions start from 40 minutes ago to now; their views are 20 to 80 s apart, never at the same second.
    let at = now - Math.floor(random() * 40 * MINUTE);
    const referrer = pick(REFERRERS);
    const campaign = s % 7 === 0 ? "?utm_source=newsletter" : "";
    for (let v = 0; v < views && at <= now; v++) {
      const path = pick(PAGES);
      const first = v === 0;
      events.push(hit(at, `s${s}`, "live", host, host, first ? `${path}${campaign}` : path, { referrer: first ? referrer : `https://${host}/`, ...(first && campaign && { pathname: path }) }));
      at += 20_000 + Math.floor(random() * 60_000);
    }
  }
  const bot = (at: number, i: number) => hit(at, `bot-${i}`, "live", "live.com", "live.com", "/", { "user-agent": USER_AGENTS.bot });
  return [
    ...events,
    bot(now - 2 * MINUTE, 1),
    bot(now - 12 * MINUTE, 2),
    // A visitor whose clock runs 3 minutes ahead.
    hit(now + 3 * MINUTE, "ahead", "live", "live.com", "live.com", "/pricing", { referrer: "https://www.google.com/" }),
    // Began (from Google) before the window, still browsing: in the window its visit starts on an internal page.
    hit(now - 45 * MINUTE, "long", "live", "live.com", "live.com", "/", { referrer: "https://www.google.com/" }),
    hit(now - 10 * MINUTE, "long", "live", "live.com", "live.com", "/docs", { referrer: "https://live.com/" }),
    // No domain in the envelope: the page's host decides.
    hit(now - 4 * MINUTE, "hostless", "live", "", "www.live.com", "/blog"),
    { ...hit(now - MINUTE, "s1", "live", "live.com", "live.com", "/"), action: "signup", payload: JSON.stringify({ plan: "pro" }) },
    ...PAGES.slice(0, 3).map((path, i) => hit(now - (i + 1) * MINUTE, `other-${i}`, "other", "other.com", "other.com", path)),
  ];
}

let server: KitServer;
let hits: Hit[];

/** The answer, checked against the reference at the instant it was computed. */
async function check(params: Params): Promise<Row[]> {
  const asked = Math.floor(Date.now() / 1000);
  const rows = await server.query("realtime", params);
  const current = rows.find((r) => r.section === "current");
  assert.ok(current, `realtime ${JSON.stringify(params)}: no current row`);
  const now = Date.parse(`${String(current.time).replace(" ", "T")}Z`) / 1000 + 300;
  // Cached for at most 10 s, computed by the time it arrived.
  assert.ok(now >= asked - 11 && now <= Math.floor(Date.now() / 1000), `computed at ${now}, asked at ${asked}`);
  assertRows(rows, realtime(hits, params, now), `realtime ${JSON.stringify(params)}`);
  return rows;
}

describe("realtime", () => {
  before(async () => {
    server = await startKitServer();
    const events = dataset(Date.now());
    await server.ingest(events);
    hits = await classifiedHits(server, hitsOf(store(events)));
  });
  after(() => server.stop());

  test("every scope against the reference: visitors now, per minute, top pages and sources", async () => {
    for (const params of [{}, { tenant_id: "live" }, { tenant_id: "live", domain: "live.com" }, { domain: "shop.live.com" }, { tenant_id: "live", include_bots: "true" }, { tenant_id: "other" }]) {
      await check(params);
    }
  });

  test("the shape: one current and one total row, 30 minutes a minute apart, at most 10 pages and sources", async () => {
    const rows = await check({ tenant_id: "live" });
    const sections = rows.map((r) => r.section);
    assert.deepEqual([...new Set(sections)], ["current", "total", "minute", "page", "source"]);
    const minutes = rows.filter((r) => r.section === "minute").map((r) => Date.parse(`${String(r.time).replace(" ", "T")}Z`));
    assert.deepEqual(minutes.map((m) => m - minutes[0]!), Array.from({ length: 30 }, (_, i) => i * MINUTE));
    assert.equal(rows.filter((r) => r.section === "page").length, 10);
    assert.ok(hits.filter((h) => h.tenant === "live").map((h) => h.pathname).filter((p, i, all) => all.indexOf(p) === i).length > 10, "more pages than are listed");
  });

  test("a tenant without page views: zeros, every minute still listed", async () => {
    const rows = await check({ tenant_id: "nobody" });
    assert.deepEqual(rows.map((r) => [r.section, r.visitors]), [["current", 0], ["total", 0], ...Array.from({ length: 30 }, () => ["minute", 0])]);
  });
});
