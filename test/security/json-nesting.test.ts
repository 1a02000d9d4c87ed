/**
 * JSON nested deeper than any event, payload, token or API body is refused before JSON.parse
 * runs on it: parsing 5 million nested arrays held the server's one thread for seconds, for
 * anyone, since a body is parsed before the request is authenticated.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { MAX_JSON_NESTING, nestsWithin, parseJson } from "../../src/json-nesting.ts";
import { startServer, type TestServer } from "../helpers/server.ts";
import { ndjson, postEvents, sql } from "../ingest/events-client.ts";

const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

describe("the nesting check", () => {
  test("counts arrays and objects, not brackets inside strings or escaped quotes", () => {
    assert.equal(nestsWithin(nested(MAX_JSON_NESTING)), true);
    assert.equal(nestsWithin(nested(MAX_JSON_NESTING + 1)), false);
    // More than 64 brackets, 41 deep at most: the exact count decides.
    assert.equal(nestsWithin(`{"a":${"[".repeat(40)}${"]".repeat(40)},"b":${"{\"c\":".repeat(30)}1${"}".repeat(30)}}`), true);
    assert.equal(nestsWithin(`{"a":${"[".repeat(40)}${"{\"c\":".repeat(30)}1${"}".repeat(30)}${"]".repeat(40)}}`), false);
    assert.equal(nestsWithin(JSON.stringify({ payload: nested(500), quoted: `\\"${"[".repeat(100)}` })), true);
    assert.equal(nestsWithin(`[${"[],".repeat(1000)}[]]`), true);
    assert.equal(nestsWithin(`["\\"", ${nested(MAX_JSON_NESTING)}]`), false);
  });

  test("parseJson refuses what is too deep as a SyntaxError and parses the rest", () => {
    assert.throws(() => parseJson(nested(100)), { name: "SyntaxError", message: "JSON nested more than 64 levels deep" });
    assert.deepEqual(parseJson('{"a":[1,{"b":"[[["}]}'), { a: [1, { b: "[[[" }] });
  });
});

describe("deep JSON over HTTP", () => {
  let server: TestServer;
  before(async () => (server = await startServer({ project: "kit/index.ts" })));
  after(() => server.stop());

  test("a JSON body is parsed only for a request with a valid token, only up to 1 MB, and refused with 400 when too deep", async () => {
    const post = (path: string, body: string, token?: string) =>
      fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });
    const answer = async (res: Response) => [res.status, ((await res.json()) as { error: string }).error];
    for (const path of ["/v0/sql", "/v0/pipes/kpis.json", "/v0/tokens", "/nowhere"]) {
      assert.deepEqual(await answer(await post(path, `[${"{},".repeat(300_000)}{}]`)), [403, "invalid authentication token"], path);
      assert.deepEqual(await answer(await post(path, nested(500_000), "p.not-a-token")), [403, "invalid authentication token. Invalid token b'p.not-a-token': not a token of this server (one made for another data directory or workspace, or removed)"], path);
    }
    for (const path of ["/v0/sql", "/v0/pipes/kpis.json", "/v0/tokens"]) {
      assert.deepEqual(await answer(await post(path, nested(500_000), server.adminToken)), [400, "The JSON body nests more than 64 levels deep"], path);
      assert.deepEqual(await answer(await post(path, JSON.stringify({ q: "x".repeat(1024 * 1024) }), server.adminToken)), [413, "Request body is larger than the 1 MB limit"], path);
    }
    const shallow = await fetch(`${server.url}/v0/sql`, { method: "POST", headers: { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" }, body: JSON.stringify({ q: "SELECT 1 AS one FORMAT JSON" }) });
    assert.equal(shallow.status, 200, await shallow.text());
  });

  test("an event line nested too deep is quarantined with the reason; the request's other rows land", async () => {
    const session = randomUUID();
    const good = { timestamp: "2025-10-22T09:40:59.123Z", action: "page_hit", version: "1", session_id: session, tenant_id: "acme", domain: "acme.com", payload: "{}" };
    const body = `${ndjson([good])}${JSON.stringify({ ...good, session_id: nested(1000) })}\n${nested(200_000)}\n`;
    const res = await postEvents(server, "analytics_events", body, { wait: true });
    assert.deepEqual(await res.json(), { successful_rows: 2, quarantined_rows: 1 });
    const quarantined = await sql<{ c__error: string }>(server, `SELECT toString(c__error) AS c__error FROM analytics_events_quarantine WHERE toString(c__error) LIKE '%nested more than%'`);
    assert.equal(quarantined.length, 1);
    assert.match(quarantined[0]!.c__error, /the line is not valid JSON \(JSON nested more than 64 levels deep\)/);
  });
});
