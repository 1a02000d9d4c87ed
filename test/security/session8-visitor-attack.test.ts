/**
 * Attacker's pass over visitor ids and per-visitor funnels (session 8):
 * - a sender that resets its connection right after its request is still stored, but its
 *   visitor id is computed without its address (the socket's remoteAddress is gone by then):
 *   every such sender with the same site and user agent gets one id, whatever its address,
 *   so different people are merged into one visitor (and a hostile sender can join them);
 * - an empty (torn) `visitor-salt.json` turns visitor ids off for good: the JSON.parse error
 *   escapes the read's fallback, no fresh salt is ever written (not even on a later day), and
 *   every event is stored with visitor_id '' from then on;
 * - one sender (the public tracker token, a few requests) puts enough events under one
 *   visitor id that the tenant's per-visitor funnel no longer answers (408 at the tenant limit,
 *   holding the engine for the whole limit on each try).
 */
import assert from "node:assert/strict";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import net from "node:net";
import { after, before, describe, test } from "node:test";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { ndjson, sql, tokenNamed } from "../ingest/events-client.ts";

const stamp = () => new Date().toISOString().replace("T", " ").slice(0, 19);

const pageHit = (tenant: string, session: string, path = "/x") => ({
  timestamp: stamp(),
  session_id: session,
  action: "page_hit",
  version: "1",
  tenant_id: tenant,
  domain: "a.example",
  payload: JSON.stringify({ "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0", pathname: path, href: `https://a.example${path}` }),
});

/** Posts one event from `localAddress` (a loopback address) and resets the connection as soon as it is written. */
function postAndReset(server: TestServer, token: string, localAddress: string, body: string): Promise<void> {
  const { port } = new URL(server.url);
  const request =
    `POST /v0/events?name=analytics_events&token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: https://a.example\r\n` +
    `User-Agent: Mozilla/5.0 same-browser\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port: Number(port), localAddress }, () => {
      socket.write(request, () => {
        socket.resetAndDestroy();
        resolve();
      });
    });
    socket.on("error", reject);
  });
}

describe("visitor ids (attacker's regressions, session 8)", () => {
  let server: TestServer;
  let tracker: string;

  before(async () => {
    server = await startServer();
    tracker = await tokenNamed(server, "tracker");
  });
  let reusedDir: string | undefined;
  after(async () => {
    await server?.stop();
    if (reusedDir) await rm(reusedDir, { recursive: true, force: true });
  });

  test("senders at different addresses never share a visitor id, even when they drop the connection", async () => {
    const addresses = ["127.0.0.2", "127.0.0.3", "127.0.0.4"];
    for (const address of addresses) {
      for (let i = 0; i < 4; i++) await postAndReset(server, tracker, address, JSON.stringify(pageHit("reset-tenant", `${address}-${i}`)));
    }
    // Everything acknowledged so far is queryable once a waiting request is answered.
    const flushed = await api(server, "/v0/events?name=analytics_events&wait=true", { method: "POST", token: tracker, headers: { origin: "https://a.example" }, body: JSON.stringify(pageHit("other", "flush")) });
    assert.equal(flushed.status, 200, await flushed.text());
    const rows = await sql<{ session_id: string; visitor_id: string }>(server, "SELECT session_id, visitor_id FROM analytics_events WHERE tenant_id = 'reset-tenant'");
    assert.ok(rows.length > 0, "the reset requests were stored");
    const addressesOf = new Map<string, Set<string>>();
    for (const row of rows) {
      if (row.visitor_id === "") continue;
      const address = row.session_id.slice(0, row.session_id.lastIndexOf("-"));
      addressesOf.set(row.visitor_id, (addressesOf.get(row.visitor_id) ?? new Set()).add(address));
    }
    const shared = [...addressesOf].filter(([, set]) => set.size > 1).map(([id, set]) => `${id}: ${[...set].join(", ")}`);
    assert.deepEqual(shared, [], "one visitor id given to senders at different addresses (the address was read after the socket closed)");
  });

  test("a torn (empty) salt file does not turn visitor ids off for good", async () => {
    const dataDir = server.dataDir;
    reusedDir = dataDir;
    await server.stop({ keepData: true });
    // What a crash between the rename and the data reaching the disk can leave.
    await writeFile(join(dataDir, "visitor-salt.json"), "");
    server = await startServer({ dataDir });
    tracker = await tokenNamed(server, "tracker");
    const res = await api(server, "/v0/events?name=analytics_events&wait=true", { method: "POST", token: tracker, headers: { origin: "https://a.example" }, body: JSON.stringify(pageHit("torn-salt", "t1")) });
    assert.equal(res.status, 200, await res.text());
    const [row] = await sql<{ visitor_id: string }>(server, "SELECT visitor_id FROM analytics_events WHERE tenant_id = 'torn-salt'");
    assert.notEqual(row?.visitor_id, "", "an unreadable salt file is never replaced: every event is stored without a visitor id from then on");
  });
});

describe("per-visitor funnel under one planted visitor (attacker's regressions, session 8)", () => {
  let server: TestServer;

  before(async () => {
    server = await startServer();
  });
  after(() => server?.stop());

  test("150,000 events of one sender, posted with the public tracker token, do not take a tenant's per-visitor funnel down", async () => {
    const tracker = await tokenNamed(server, "tracker");
    const start = Date.now() - 3_600_000;
    const events = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, k) => {
        const i = from + k;
        const path = Math.floor(i / 100) % 2 ? "/b" : "/a";
        return { ...pageHit("victim", `s-${i % 100}`, path), timestamp: new Date(start + (i % 3000) * 1000).toISOString().replace("T", " ").slice(0, 19) };
      });
    for (let from = 0; from < 150_000; from += 30_000) {
      const res = await api(server, `/v0/events?name=analytics_events${from + 30_000 >= 150_000 ? "&wait=true" : ""}`, { method: "POST", token: tracker, headers: { origin: "https://a.example" }, body: ndjson(events(from, from + 30_000)) });
      assert.ok(res.status === 200 || res.status === 202, await res.text());
    }
    const jwt = await (async () => {
      const { execFile } = await import("node:child_process");
      return new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ["bin/aviary.js", "token", "jwt", "--tenant", "victim", "--pipes", "funnel", "--data-dir", server.dataDir], (err, out) => (err ? reject(err) : resolve(out.trim()))),
      );
    })();
    const day = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const res = await api(server, `/v0/pipes/funnel.json?step1=page:/a&step2=page:/b&per=visitor&date_from=${yesterday}&date_to=${day}`, { token: jwt });
    const text = await res.text();
    assert.equal(res.status, 200, `the tenant's per-visitor funnel: ${text.slice(0, 300)}`);
  });
});
