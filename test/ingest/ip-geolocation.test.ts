/**
 * IP geolocation over real HTTP against servers running the kit: the Events API writes
 * the visitor's country, region and city into page hits' payload, believes
 * X-Forwarded-For only from trusted proxies, can be turned off, and stores the address
 * nowhere. Expected places are read from the database files independently, with maxmind.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import maxmind from "maxmind";
import { geoDatabaseFiles } from "../../src/ingest/geo/geo-database.ts";
import { startServer, type TestServer } from "../helpers/server.ts";
import { ndjson, postEvents, sql, tokenNamed } from "./events-client.ts";

type Row = Record<string, unknown>;

const BASE = { pathname: "/p", href: "https://acme.com/p", location: "FR", locale: "fr-FR", referrer: "" };

function event(session: string, action: string, payload: unknown, extra: Row = {}): Row {
  return { timestamp: "2025-10-22 09:40:59", action, version: "1", session_id: session, tenant_id: "geo", domain: "acme.com", payload: typeof payload === "string" ? payload : JSON.stringify(payload), ...extra };
}

/** The place as the database files say, read without Aviary's code. */
async function expectedPlace(address: string): Promise<Row> {
  const files = await geoDatabaseFiles();
  const reader = await maxmind.open(address.includes(":") ? files.ipv6 : files.ipv4);
  const record = reader.get(address) as unknown as { country_code: string; state1: string; city: string };
  return { country: record.country_code, region: record.state1, city: record.city };
}

async function payloadsOf(server: TestServer, session: string): Promise<Row[]> {
  const rows = await sql<{ action: string; payload: string }>(server, `SELECT action, payload FROM analytics_events WHERE session_id = '${session}' ORDER BY action, payload`);
  return rows.map((r) => ({ action: r.action, payload: r.payload }));
}

async function post(server: TestServer, rows: Row[], forwardedFor?: string): Promise<unknown> {
  const res = await postEvents(server, "analytics_events", ndjson(rows), { wait: true, headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor } });
  assert.equal(res.status, 200);
  return res.json();
}

/** Every file under a directory, as text: the address must be in none of them. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(entries.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name), "latin1")));
}

describe("IP geolocation behind a trusted proxy (--trusted-proxies 127.0.0.1/32)", () => {
  let server: TestServer;
  before(async () => (server = await startServer({ project: "kit/index.ts", args: ["--trusted-proxies", "127.0.0.1/32"] })));
  after(() => server.stop());

  test("the database and its build date are logged once at start", async () => {
    const files = await geoDatabaseFiles();
    const built = (await maxmind.open(files.ipv4)).metadata.buildEpoch.toISOString().slice(0, 10);
    const lines = server.logs.filter((l) => l.includes("IP geolocation"));
    assert.equal(lines.length, 1, lines.join("\n"));
    assert.equal((JSON.parse(lines[0]!) as { msg: string }).msg, `IP geolocation: DB-IP IP to City Lite (built ${built}); X-Forwarded-For is read from 1 trusted proxy`);
  });

  test("a page hit gets the visitor's country, region and city; other actions and the client's spoofed hop are left alone", async () => {
    const session = randomUUID();
    const place = await expectedPlace("81.2.69.142");
    assert.equal(place.country, "GB");
    const vital = { name: "LCP", value: 1200 };
    const result = await post(server, [event(session, "page_hit", BASE), event(session, "web_vital", vital)], "1.1.1.1, 81.2.69.142");
    assert.deepEqual(result, { successful_rows: 2, quarantined_rows: 0 });
    const [hit, other] = await payloadsOf(server, session);
    assert.deepEqual(JSON.parse(hit!.payload as string), { ...BASE, ...place });
    assert.equal(other!.payload, JSON.stringify(vital));
  });

  test("IPv6 and IPv4-mapped addresses; a found place overwrites what the client sent", async () => {
    const [v6, mapped] = [randomUUID(), randomUUID()];
    await post(server, [event(v6, "page_hit", { ...BASE, country: "ZZ", region: "Nowhere", city: "Atlantis" })], "2001:4860:4860::8888");
    await post(server, [event(mapped, "page_hit", BASE)], "::ffff:8.8.8.8");
    const placeV6 = await expectedPlace("2001:4860:4860::8888");
    const placeV4 = await expectedPlace("8.8.8.8");
    assert.equal(placeV4.country, "US");
    assert.deepEqual(JSON.parse((await payloadsOf(server, v6))[0]!.payload as string), { ...BASE, ...placeV6 });
    assert.deepEqual(JSON.parse((await payloadsOf(server, mapped))[0]!.payload as string), { ...BASE, ...placeV4 });
  });

  test("a private address is simply not found: the payload is stored as sent", async () => {
    const session = randomUUID();
    const sent = JSON.stringify({ ...BASE, country: "DE" });
    await post(server, [event(session, "page_hit", sent)], "10.0.0.7");
    assert.deepEqual(await payloadsOf(server, session), [{ action: "page_hit", payload: sent }]);
  });

  test("payloads that are not JSON objects are stored unchanged and the good rows beside them are kept", async () => {
    const session = randomUUID();
    const odd = ["not json {", "[1,2,3]", '"a string"', "{broken"];
    const result = await post(server, [...odd.map((p) => event(session, "page_hit", p)), event(session, "page_hit", BASE)], "81.2.69.142");
    assert.deepEqual(result, { successful_rows: 5, quarantined_rows: 0 });
    const stored = (await payloadsOf(server, session)).map((r) => r.payload as string);
    assert.deepEqual(stored.filter((p) => odd.includes(p)).sort(), [...odd].sort());
    assert.deepEqual(stored.filter((p) => !odd.includes(p)).map((p) => JSON.parse(p) as Row), [{ ...BASE, ...(await expectedPlace("81.2.69.142")) }]);
  });

  test("a page sending with the tracker token cannot choose its place: its own keys are removed when none is found, and a place is read only from an object payload", async () => {
    const tracker = await tokenNamed(server, "tracker");
    const send = async (rows: Row[], forwardedFor: string) => {
      const res = await postEvents(server, "analytics_events", ndjson(rows), { wait: true, token: tracker, headers: { "x-forwarded-for": forwardedFor } });
      assert.equal(res.status, 200, await res.clone().text());
    };
    const [unknown, escaped, array, bom] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await send([event(unknown, "page_hit", { ...BASE, country: "KP", region: "Spoof", city: "Spoof" })], "10.0.0.7");
    // The same keys written with JSON escapes, and twice: JSON.parse reads them, so they go too.
    await send([event(escaped, "page_hit", `{"c\\u006funtry":"KP","country":"KP","city":"Spoof","pathname":"/p","href":"https://acme.com/p"}`)], "10.0.0.7");
    await send([event(array, "page_hit", JSON.stringify(["en", "US", "", "/arr", "https://acme.com/arr", "Mozilla/5.0", "", 1200, "KP", "ArrRegion", "ArrCity"]))], "8.8.8.8");
    await send([event(bom, "page_hit", `\uFEFF${JSON.stringify({ ...BASE, country: "KP", region: "Bom", city: "Bom" })}`)], "10.0.0.7");
    assert.deepEqual(JSON.parse((await payloadsOf(server, unknown))[0]!.payload as string), BASE);
    assert.deepEqual(JSON.parse((await payloadsOf(server, escaped))[0]!.payload as string), { pathname: "/p", href: "https://acme.com/p" });
    const parsed = await sql<{ session_id: string; location: string; region: string; city: string; location_source: string }>(
      server,
      `SELECT session_id, location, region, city, location_source FROM analytics_hits WHERE session_id IN ('${array}', '${bom}') ORDER BY session_id = '${array}' DESC`,
    );
    assert.deepEqual(parsed.map(({ region, city, location_source }) => [region, city, location_source]), [["", "", "timezone"], ["", "", "timezone"]]);
  });

  test("the address is written nowhere: not in the row, the quarantine, the data directory or the logs", async () => {
    const session = randomUUID();
    const address = "81.2.69.142";
    const result = await post(server, [event(session, "page_hit", BASE), event(session, "page_hit", BASE, { timestamp: "not-a-date" })], `198.51.100.23, ${address}`);
    assert.deepEqual(result, { successful_rows: 1, quarantined_rows: 1 });
    const rows = await sql(server, `SELECT * FROM analytics_events WHERE session_id = '${session}'`);
    const quarantined = await sql(server, `SELECT * FROM analytics_events_quarantine WHERE session_id = '${session}'`);
    assert.equal(rows.length, 1);
    assert.equal(quarantined.length, 1);
    assert.equal(JSON.parse(String(quarantined[0]!.payload)).country, "GB");
    for (const text of [JSON.stringify(rows), JSON.stringify(quarantined), server.logs.join("\n"), ...(await filesUnder(server.dataDir))]) {
      assert.equal(text.includes(address), false);
      assert.equal(text.includes("198.51.100.23"), false);
    }
  });
});

describe("IP geolocation without a trusted proxy in front (AVIARY_TRUSTED_PROXIES=10.0.0.0/8)", () => {
  let server: TestServer;
  before(async () => (server = await startServer({ project: "kit/index.ts", env: { AVIARY_TRUSTED_PROXIES: "10.0.0.0/8" } })));
  after(() => server.stop());

  test("X-Forwarded-For from an untrusted peer is ignored: the loopback peer is not found, nothing is written", async () => {
    const session = randomUUID();
    await post(server, [event(session, "page_hit", BASE)], "81.2.69.142");
    assert.deepEqual(await payloadsOf(server, session), [{ action: "page_hit", payload: JSON.stringify(BASE) }]);
  });
});

describe("IP geolocation turned off (--no-ip-geolocation)", () => {
  let server: TestServer;
  before(async () => (server = await startServer({ project: "kit/index.ts", args: ["--no-ip-geolocation", "--trusted-proxies", "127.0.0.1/32"] })));
  after(() => server.stop());

  test("nothing is looked up or written, and the start says so", async () => {
    const session = randomUUID();
    await post(server, [event(session, "page_hit", BASE)], "81.2.69.142");
    assert.deepEqual(await payloadsOf(server, session), [{ action: "page_hit", payload: JSON.stringify(BASE) }]);
    const lines = server.logs.filter((l) => l.includes("IP geolocation"));
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as { msg: string }).msg), ["IP geolocation is off (--no-ip-geolocation): events get no country, region or city from the visitor's address"]);
  });
});
