/**
 * Whole requests over HTTP: mixed good and bad rows, gzip, huge lines, invalid
 * UTF-8, deeply nested JSON, every Content-Type a client sends, and the 400s for
 * bodies with nothing to read. Good rows of a request are stored whatever else it holds.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { startServer, type TestServer } from "../helpers/server.ts";
import { count, FIXTURE, ndjson, postEvents, sql } from "./events-client.ts";

const event = (id: string, extra: Record<string, unknown> = {}) => ({ id, timestamp: "2025-10-22T09:40:59Z", payload: "{}", ...extra });

describe("Events API: batches", () => {
  let server: TestServer;
  before(async () => (server = await startServer({ project: FIXTURE })));
  after(() => server.stop());

  async function post(body: string | Buffer, headers: Record<string, string> = {}) {
    const res = await postEvents(server, "events", body, { wait: true, headers });
    return { status: res.status, body: (await res.json()) as unknown };
  }

  test("a mixed batch stores every good row and quarantines every bad one, invalid JSON included", async () => {
    const lines: string[] = [];
    for (let i = 0; i < 100; i++) {
      if (i % 10 === 3) lines.push(JSON.stringify(event(`mix-${i}`, { timestamp: "yesterday" })));
      else if (i % 10 === 6) lines.push(`{"id":"mix-${i}",`);
      else if (i % 10 === 9) lines.push(`["mix-${i}"]`);
      else lines.push(JSON.stringify(event(`mix-${i}`, { n: i })));
    }
    assert.deepEqual(await post(lines.join("\n")), { status: 200, body: { successful_rows: 70, quarantined_rows: 30 } });
    assert.equal(await count(server, "events", "startsWith(id, 'mix-')"), 70);
    assert.equal(await count(server, "events_quarantine", "startsWith(id, 'mix-')"), 10);
    const [broken] = await sql<{ c__error: string[] }>(server, "SELECT c__error FROM events_quarantine WHERE c__error[1] LIKE '%{\"id\":\"mix-6\",'");
    assert.match(broken!.c__error[0]!, /^the line is not valid JSON \(.+\): \{"id":"mix-6",$/);
  });

  test("gzip bodies behave like plain ones", async () => {
    const body = gzipSync(ndjson([event("gz-1"), event("gz-2", { timestamp: 1.5e12 })]));
    assert.deepEqual(await post(body, { "content-encoding": "gzip" }), { status: 200, body: { successful_rows: 1, quarantined_rows: 1 } });
  });

  test("a line of 9 MB is stored whole", async () => {
    const payload = "p".repeat(9 * 1024 * 1024);
    assert.deepEqual(await post(JSON.stringify(event("huge", { payload }))), { status: 200, body: { successful_rows: 1, quarantined_rows: 0 } });
    assert.deepEqual(await sql(server, "SELECT length(payload) AS n FROM events WHERE id = 'huge'"), [{ n: payload.length }]);
  });

  test("a line with invalid UTF-8 is quarantined; the lines around it are stored", async () => {
    const body = Buffer.concat([Buffer.from(`${JSON.stringify(event("utf-1"))}\n{"id":"utf-bad","payload":"`), Buffer.from([0xc3, 0x28]), Buffer.from(`"}\n${JSON.stringify(event("utf-2"))}\n`)]);
    assert.deepEqual(await post(body), { status: 200, body: { successful_rows: 2, quarantined_rows: 1 } });
    const rows = await sql<{ c__error: string[] }>(server, "SELECT c__error FROM events_quarantine WHERE c__error[1] LIKE '%utf-bad%'");
    assert.deepEqual(rows, [{ c__error: ['the line is not valid UTF-8: {"id":"utf-bad","payload":"\ufffd("}'] }]);
  });

  test("a line nesting JSON deeper than 64 levels is quarantined unparsed, wherever the nesting sits; the next line is stored", async () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const body = [`{"id":"deep-1","timestamp":1,"ignored":${deep}}`, `{"id":"deep-2","timestamp":1,"payload":${deep}}`, deep, JSON.stringify(event("deep-3"))].join("\n");
    assert.deepEqual(await post(body), { status: 200, body: { successful_rows: 1, quarantined_rows: 3 } });
    assert.deepEqual(await sql(server, "SELECT id FROM events WHERE startsWith(id, 'deep-')"), [{ id: "deep-3" }]);
  });

  test("any Content-Type, or none, is read as events", async () => {
    for (const [i, type] of ["application/json", "application/x-ndjson", "text/plain;charset=UTF-8", "application/octet-stream", ""].entries()) {
      const res = await postEvents(server, "events", JSON.stringify(event(`ct-${i}`)), { headers: type ? { "content-type": type } : {} });
      assert.deepEqual([type, res.status, await res.json()], [type, 202, { successful_rows: 1, quarantined_rows: 0 }]);
    }
  });

  test("a body with nothing to read is 400, naming what to send; unknown encodings too", async () => {
    assert.deepEqual(await post(" \n \n"), {
      status: 400,
      body: { error: "The request body is empty: send NDJSON (one JSON object per line), a JSON object or a JSON array of objects" },
    });
    assert.deepEqual(await post("{}", { "content-encoding": "br" }), { status: 400, body: { error: "Content-Encoding 'br' is not supported: send the body as is or gzip-compressed" } });
    assert.equal((await post(Buffer.from("not gzip at all"), { "content-encoding": "gzip" })).status, 400);
  });
});
