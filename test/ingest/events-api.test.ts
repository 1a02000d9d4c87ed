/**
 * Conformance items 34–40 of the compatibility reference, over real HTTP against a
 * server running the web analytics kit: the Events API as the tracker and the SDK
 * call it, and the kit's materialized views filled by the inserts themselves.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { after, before, describe, test } from "node:test";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { count, ndjson, postEvents, postOversized, sql, tokenNamed } from "./events-client.ts";

function hit(session: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    timestamp: "2025-10-22T09:40:59.123Z",
    action: "page_hit",
    version: "1",
    session_id: session,
    tenant_id: "acme",
    domain: "acme.com",
    payload: JSON.stringify({ "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0", locale: "en-US", location: "US", referrer: "", pathname: "/p", href: "https://acme.com/p" }),
    ...extra,
  };
}

describe("Events API conformance (kit)", () => {
  let server: TestServer;
  before(async () => (server = await startServer({ project: "kit/index.ts" })));
  after(() => server.stop());

  test("34: two NDJSON lines with wait=true give 200 and the counts; without wait, 202", async () => {
    const waited = await postEvents(server, "analytics_events", ndjson([hit(randomUUID()), hit(randomUUID())]), { wait: true });
    assert.equal(waited.status, 200);
    assert.deepEqual(await waited.json(), { successful_rows: 2, quarantined_rows: 0 });
    const queued = await postEvents(server, "analytics_events", ndjson([hit(randomUUID()), hit(randomUUID())]));
    assert.equal(queued.status, 202);
    assert.deepEqual(await queued.json(), { successful_rows: 2, quarantined_rows: 0 });
  });

  test("35 and 36: an ISO timestamp with milliseconds is stored to the second; a missing tenant_id is the DEFAULT ''", async () => {
    const session = randomUUID();
    const { tenant_id: _omitted, ...event } = hit(session);
    const res = await postEvents(server, "analytics_events", JSON.stringify(event), { wait: true, headers: { "content-type": "application/json" } });
    assert.equal(res.status, 200);
    assert.deepEqual(await sql(server, `SELECT toString(timestamp) AS ts, tenant_id FROM analytics_events WHERE session_id = '${session}'`), [{ ts: "2025-10-22 09:40:59", tenant_id: "" }]);
  });

  test("37: a row with timestamp 'not-a-date' is quarantined with c__error_column ['timestamp']", async () => {
    const session = randomUUID();
    const res = await postEvents(server, "analytics_events", ndjson([hit(session, { timestamp: "not-a-date" }), hit(randomUUID())]), { wait: true });
    assert.deepEqual(await res.json(), { successful_rows: 1, quarantined_rows: 1 });
    const rows = await sql(server, `SELECT timestamp, c__error_column, c__error FROM analytics_events_quarantine WHERE session_id = '${session}'`);
    assert.deepEqual(rows, [{ timestamp: "not-a-date", c__error_column: ["timestamp"], c__error: ["value 'not-a-date' on column 'timestamp' is not DateTime"] }]);
  });

  test("38: no name gives 400; a token without APPEND on the datasource gives 403; the tracker token may append", async () => {
    const noName = await postEvents(server, undefined, ndjson([hit(randomUUID())]));
    assert.equal(noName.status, 400);
    assert.deepEqual(await noName.json(), { error: "The 'name' parameter is required: POST /v0/events?name=<datasource>" });
    const unknown = await postEvents(server, "nope", ndjson([hit(randomUUID())]));
    assert.deepEqual([unknown.status, await unknown.json()], [400, { error: "Data Source 'nope' does not exist" }]);
    const dashboard = await postEvents(server, "analytics_events", ndjson([hit(randomUUID())]), { token: await tokenNamed(server, "dashboard") });
    assert.equal(dashboard.status, 403);
    assert.deepEqual(await dashboard.json(), { error: 'Token does not have DATASOURCES:APPEND scope for Data Source "analytics_events"' });
    const noToken = await postEvents(server, "analytics_events", ndjson([hit(randomUUID())]), { token: null });
    assert.equal(noToken.status, 403);
    // The tracker's way: ?token=, Content-Type application/json, one object, &from ignored.
    const tracker = await tokenNamed(server, "tracker");
    const res = await api(server, `/v0/events?name=analytics_events&token=${tracker}&from=ts-sdk&format=json`, {
      method: "POST",
      token: null,
      headers: { "content-type": "text/plain;charset=UTF-8" },
      body: JSON.stringify(hit(randomUUID())),
    });
    assert.deepEqual([res.status, await res.json()], [202, { successful_rows: 1, quarantined_rows: 0 }]);
  });

  test("39: a gzip-compressed NDJSON body is accepted; a body over 10 MB is 413", async () => {
    const sessions = [randomUUID(), randomUUID(), randomUUID()];
    const res = await postEvents(server, "analytics_events", gzipSync(ndjson(sessions.map((s) => hit(s)))), { wait: true, headers: { "content-encoding": "gzip" } });
    assert.deepEqual([res.status, await res.json()], [200, { successful_rows: 3, quarantined_rows: 0 }]);
    assert.equal(await count(server, "analytics_events", `session_id IN ('${sessions.join("','")}')`), 3);
    const tooBig = await postOversized(server, "/v0/events?name=analytics_events", 10 * 1024 * 1024 + 1);
    assert.deepEqual(tooBig, { status: 413, body: { error: "Request body is larger than the 10 MB limit" } });
  });

  test("40: page hits fill every materialized view at insert; uniqExactMerge(visits) equals the raw sessions", async () => {
    const events = Array.from({ length: 300 }, (_, i) => hit(`s-${i % 37}`, { tenant_id: "mv-tenant", domain: "mv.example", timestamp: `2025-10-2${i % 5} 1${i % 10}:00:00` }));
    const res = await postEvents(server, "analytics_events", ndjson(events), { wait: true });
    assert.equal(res.status, 200);
    for (const table of ["analytics_pages_mv", "analytics_sessions_mv", "analytics_sources_mv", "tenant_domains_mv", "tenant_actions_mv"]) {
      assert.ok((await count(server, table, "tenant_id = 'mv-tenant'")) > 0, `${table} has rows`);
    }
    const [merged] = await sql<{ visits: number }>(server, "SELECT uniqExactMerge(visits) AS visits FROM analytics_pages_mv WHERE tenant_id = 'mv-tenant'");
    const [raw] = await sql<{ visits: number }>(server, "SELECT uniqExact(session_id) AS visits FROM analytics_hits WHERE tenant_id = 'mv-tenant'");
    assert.deepEqual(merged, { visits: 37 });
    assert.deepEqual(raw, merged);
  });
});
