/**
 * The server serves the built dashboard at `/` (src/api/routes/dashboard-static.ts):
 * content types, caching, the index.html fallback for client routes, and that it never
 * shadows the API, /health, /metrics or the tracker script.
 */
import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { ensureDashboardBuilt } from "../../dashboard/testing/ensure-built.ts";
import { startServer, type TestServer } from "../helpers/server.ts";

const DIST = new URL("../../dashboard/dist/", import.meta.url).pathname;

describe("dashboard static files", () => {
  let server: TestServer;
  let script: string;
  let stylesheet: string;
  before(async () => {
    await ensureDashboardBuilt();
    const assets = await readdir(`${DIST}assets`);
    script = assets.find((f) => f.endsWith(".js"))!;
    stylesheet = assets.find((f) => f.endsWith(".css"))!;
    server = await startServer();
  });
  after(() => server?.stop());

  it("serves index.html at / with a strict policy and no long cache", async () => {
    const res = await fetch(`${server.url}/`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/html; charset=UTF-8");
    assert.equal(res.headers.get("cache-control"), "no-cache");
    assert.match(res.headers.get("content-security-policy") ?? "", /script-src 'self'/);
    assert.equal(res.headers.get("referrer-policy"), "no-referrer");
    const html = await res.text();
    assert.match(html, /<div id="root"><\/div>/);
    assert.ok(html.includes(`/assets/${script}`), "index.html loads the hashed bundle");
  });

  it("serves hashed assets with their content type and a one-year immutable cache", async () => {
    for (const [file, type] of [
      [script, "text/javascript; charset=UTF-8"],
      [stylesheet, "text/css; charset=UTF-8"],
    ] as const) {
      const res = await fetch(`${server.url}/assets/${file}`);
      assert.equal(res.status, 200, file);
      assert.equal(res.headers.get("content-type"), type);
      assert.equal(res.headers.get("cache-control"), "public, max-age=31536000, immutable");
      const etag = res.headers.get("etag");
      assert.ok(etag);
      await res.arrayBuffer();
      const again = await fetch(`${server.url}/assets/${file}`, { headers: { "if-none-match": etag } });
      assert.equal(again.status, 304);
    }
  });

  it("answers client-side routes with index.html, and missing files with the JSON 404", async () => {
    const route = await fetch(`${server.url}/some/client/route?tab=vitals`);
    assert.equal(route.status, 200);
    assert.equal(route.headers.get("content-type"), "text/html; charset=UTF-8");
    for (const path of ["/assets/missing-123.js", "/nothing.css", "/assets/..%2f..%2fpackage.json", "/..%2f..%2fpackage.json"]) {
      const res = await fetch(`${server.url}${path}`);
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get("content-type") ?? "", /application\/json/, path);
    }
  });

  it("does not shadow the API, /health, /metrics or the tracker", async () => {
    const unknown = await fetch(`${server.url}/v0/no-such-route`);
    assert.equal(unknown.status, 404);
    assert.deepEqual(await unknown.json(), { error: "Not found: GET /v0/no-such-route" });
    const pipes = await fetch(`${server.url}/v0/pipes/kpis.json`);
    assert.equal(pipes.status, 403, "the Pipes API still answers (no token)");
    const health = await fetch(`${server.url}/health`);
    assert.equal(health.status, 200);
    assert.match(health.headers.get("content-type") ?? "", /application\/json/);
    const metrics = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${server.adminToken}` } });
    assert.match(metrics.headers.get("content-type") ?? "", /text\/plain/);
    const tracker = await fetch(`${server.url}/flock.js`);
    assert.doesNotMatch(tracker.headers.get("content-type") ?? "", /text\/html/, "flock.js is never the dashboard page");
    await tracker.arrayBuffer();
  });
});
