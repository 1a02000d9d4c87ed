/**
 * Visitor ids: the hash on its own (a fake clock, the salt file in a temporary directory),
 * then over real HTTP against a server running the kit: the Events API gives a tracker's
 * events the sender's visitor id of the day, the same across sessions and different for
 * another address, browser or site, whatever the row says; the admin's rows keep theirs;
 * the Data Sources API refuses a tracker's append that would bypass it.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { VisitorIds } from "../../src/ingest/visitor-ids.ts";
import { VISITOR_SALT_FILE, fileVisitorSalt } from "../../src/state/visitor-salt.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { ndjson, postEvents, sql, tokenNamed } from "./events-client.ts";

const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

describe("visitor ids, on their own", () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), "aviary-visitors-"))));
  after(() => rm(dir, { recursive: true, force: true }));

  test("the same sender all day; everyone gets a new id the next day, and the old salt is gone", async () => {
    let now = Date.parse("2026-12-07T08:00:00Z");
    const ids = new VisitorIds((day) => fileVisitorSalt(dir, day), () => assert.fail("salt read"), () => now);
    const sender = { address: "203.0.113.9", userAgent: CHROME, origin: "https://shop.example" };
    const morning = await ids.idOf(sender);
    assert.match(morning, /^[0-9a-f]{16}$/);
    now += 10 * 3_600_000;
    assert.equal(await ids.idOf(sender), morning);
    assert.notEqual(await ids.idOf({ ...sender, address: "203.0.113.10" }), morning);
    assert.notEqual(await ids.idOf({ ...sender, userAgent: FIREFOX }), morning);
    assert.notEqual(await ids.idOf({ ...sender, origin: "https://other.example" }), morning);
    // Referer stands in for a missing Origin; a page's path does not change the site.
    assert.equal(await ids.idOf({ address: sender.address, userAgent: CHROME, referer: "https://shop.example/pricing?x=1" }), morning);
    const monday = (JSON.parse(await readFile(join(dir, VISITOR_SALT_FILE), "utf8")) as { salt: string }).salt;
    now += 6 * 3_600_000;
    assert.notEqual(await ids.idOf(sender), morning);
    const stored = JSON.parse(await readFile(join(dir, VISITOR_SALT_FILE), "utf8")) as { day: string; salt: string };
    assert.equal(stored.day, "2026-12-08");
    assert.notEqual(stored.salt, monday);
  });

  test("without its salt, the id is '' and the failure is told (events are still taken); the store is asked again after 5 s, not at every request", async () => {
    const told: unknown[] = [];
    let now = Date.parse("2026-12-07T08:00:00Z");
    let asked = 0;
    const ids = new VisitorIds(() => (asked++, Promise.reject(new Error("state store down"))), (err) => told.push(err), () => now);
    assert.equal(await ids.idOf({ address: "203.0.113.9" }), "");
    assert.equal(await ids.idOf({ address: "203.0.113.9" }), "");
    assert.deepEqual([told.length, asked], [2, 1]);
    now += 6_000;
    assert.equal(await ids.idOf({ address: "203.0.113.9" }), "");
    assert.equal(asked, 2);
  });

  test("a salt read again that fails keeps the day's salt it had", async () => {
    let now = Date.parse("2026-12-07T08:00:00Z");
    let down = false;
    const ids = new VisitorIds(() => (down ? Promise.reject(new Error("state store down")) : Promise.resolve("the-salt")), () => assert.fail("told"), () => now);
    const before = await ids.idOf({ address: "203.0.113.9" });
    down = true;
    now += 120_000;
    assert.equal(await ids.idOf({ address: "203.0.113.9" }), before);
  });

  test("a request whose address is unknown gets no id", async () => {
    const ids = new VisitorIds(() => Promise.resolve("the-salt"), () => assert.fail("told"));
    assert.equal(await ids.idOf({ userAgent: CHROME, origin: "https://shop.example" }), "");
  });
});

describe("visitor ids through the Events API (--trusted-proxies 127.0.0.1/32)", () => {
  let server: TestServer;
  let tracker: string;
  before(async () => {
    server = await startServer({ project: "kit/index.ts", args: ["--trusted-proxies", "127.0.0.1/32"] });
    tracker = await tokenNamed(server, "tracker");
  });
  after(() => server.stop());

  const hit = (session: string, extra: Record<string, unknown> = {}) => ({
    timestamp: "2026-12-07 09:40:59", action: "page_hit", version: "1", session_id: session, tenant_id: "vis", domain: "shop.example",
    payload: JSON.stringify({ pathname: "/", href: "https://shop.example/", "user-agent": CHROME }), ...extra,
  });

  async function send(rows: Record<string, unknown>[], headers: Record<string, string>, token?: string): Promise<void> {
    const res = await postEvents(server, "analytics_events", ndjson(rows), { wait: true, token, headers });
    assert.equal(res.status, 200, await res.text());
  }

  async function visitorOf(session: string): Promise<string> {
    const rows = await sql<{ visitor_id: string }>(server, `SELECT DISTINCT visitor_id FROM analytics_events WHERE session_id = '${session}'`);
    assert.equal(rows.length, 1, JSON.stringify(rows));
    return rows[0]!.visitor_id;
  }

  test("one sender's sessions share an id; another address, browser or site has another; a row's own is overwritten", async () => {
    const browser = { "user-agent": CHROME, origin: "https://shop.example", "x-forwarded-for": "198.51.100.7" };
    const [first, second, elsewhere, firefox, site] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await send([hit(first), hit(first, { action: "signup", payload: "{}" })], browser, tracker);
    await send([hit(second, { visitor_id: "chosen-by-the-page" })], browser, tracker);
    await send([hit(elsewhere)], { ...browser, "x-forwarded-for": "198.51.100.8" }, tracker);
    await send([hit(firefox)], { ...browser, "user-agent": FIREFOX }, tracker);
    await send([hit(site)], { ...browser, origin: "https://blog.example" }, tracker);
    const id = await visitorOf(first);
    assert.match(id, /^[0-9a-f]{16}$/);
    assert.equal(await visitorOf(second), id);
    const others = [await visitorOf(elsewhere), await visitorOf(firefox), await visitorOf(site)];
    assert.equal(new Set([id, ...others]).size, 4, others.join(", "));
    // Both views carry it, for per-visitor funnels.
    const views = await sql<{ n: number }>(server, `SELECT (SELECT count() FROM analytics_page_views_mv WHERE visitor_id = '${id}') + (SELECT count() FROM analytics_custom_events_mv WHERE visitor_id = '${id}') AS n`);
    assert.equal(Number(views[0]!.n), 3);
  });

  test("the admin's rows keep their own visitor id (imports), or none", async () => {
    const [imported, plain] = [randomUUID(), randomUUID()];
    await send([hit(imported, { visitor_id: "from-the-old-system" }), hit(plain)], { "x-forwarded-for": "198.51.100.7" });
    assert.equal(await visitorOf(imported), "from-the-old-system");
    assert.equal(await visitorOf(plain), "");
  });

  test("a tracker cannot append through the Data Sources API, which would skip the visitor id", async () => {
    const res = await api(server, "/v0/datasources?name=analytics_events&mode=append", { method: "POST", token: tracker, headers: { "content-type": "application/x-ndjson" }, body: ndjson([hit(randomUUID(), { visitor_id: "forged" })]) });
    assert.equal(res.status, 403, await res.text());
  });
});
