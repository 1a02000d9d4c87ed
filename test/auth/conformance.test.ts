/**
 * Conformance items 1–14 and 41 (spec/compat-api.md) over real HTTP against a spawned
 * server deploying test/fixtures/auth, with the seed's extensions: wildcard resources,
 * no workspace_id or name needed.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { after, before, describe, test } from "node:test";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { FIXTURE, getData, hs256, inAnHour, loadEvents, randomEvents, seedPayload, TENANTS } from "./helpers/auth-fixture.ts";

const run = promisify(execFile);
const others = (tenant: string) => TENANTS.filter((t) => t !== tenant);

describe("access control conformance (items 1–14, 41)", () => {
  let server: TestServer;
  let workspaceId: string;
  const jwt = (payload: unknown) => hs256(payload, server.adminToken);

  before(async () => {
    server = await startServer({ project: FIXTURE });
    await loadEvents(server, randomEvents(400, 7));
    workspaceId = (JSON.parse(await readFile(join(server.dataDir, "workspace.json"), "utf8")) as { id: string }).id;
  });
  after(() => server.stop());

  test("1. signed with the admin token: accepted; same payload, other key: 403 invalid authentication token", async () => {
    const good = await getData(server, "/v0/pipes/kpis.json", jwt(seedPayload("acme")));
    assert.equal(good.status, 200, good.text);
    const bad = await api(server, "/v0/pipes/kpis.json", { token: hs256(seedPayload("acme"), "p.some-other-admin-token") });
    assert.equal(bad.status, 403);
    assert.equal(bad.headers.get("content-type"), "application/json; charset=utf-8");
    const body = (await bad.json()) as { error: string };
    assert.match(body.error, /^invalid authentication token\. Invalid token b'.*': Signature verification failed$/);
  });

  test("2. the header's alg is ignored: an HS256 signature passes whatever alg says", async () => {
    for (const alg of ["HS512", "RS256", "none"]) {
      const res = await api(server, "/v0/pipes/kpis.json", { token: hs256(seedPayload("acme"), server.adminToken, { alg, typ: "JWT" }) });
      assert.equal(res.status, 200, `alg ${alg}: ${await res.text()}`);
    }
  });

  test("3–4. exp in the past or missing: 403", async () => {
    const expired = await api(server, "/v0/pipes/kpis.json", { token: jwt(seedPayload("acme", Math.floor(Date.now() / 1000) - 10)) });
    assert.equal(expired.status, 403);
    assert.match(((await expired.json()) as { error: string }).error, /Signature has expired$/);
    const { exp: _exp, ...noExp } = seedPayload("acme");
    const missing = await api(server, "/v0/pipes/kpis.json", { token: jwt(noExp) });
    assert.equal(missing.status, 403);
    assert.match(((await missing.json()) as { error: string }).error, /missing the "exp" claim$/);
  });

  test("5. workspace_id is optional, but when present it must be this workspace's", async () => {
    assert.equal((await api(server, "/v0/pipes/kpis.json", { token: jwt({ ...seedPayload("acme"), workspace_id: workspaceId }) })).status, 200);
    const wrong = await api(server, "/v0/pipes/kpis.json", { token: jwt({ ...seedPayload("acme"), workspace_id: "another-workspace" }) });
    assert.equal(wrong.status, 403);
    assert.match(((await wrong.json()) as { error: string }).error, /workspace_id is not this server's workspace$/);
  });

  test("6. a pipe outside the scopes: 403 (and never 404, even for a pipe that does not exist)", async () => {
    const token = jwt({ exp: inAnHour(), scopes: [{ type: "PIPES:READ", resource: "top_*", fixed_params: { tenant_id: "acme" } }] });
    for (const path of ["/v0/pipes/kpis.json", "/v0/pipes/no_such_pipe.json", "/v0/pipes/analytics_hits.json"]) {
      const res = await api(server, path, { token });
      assert.equal(res.status, 403, path);
      assert.deepEqual(await res.json(), { error: "The token you have provided doesn't have access to this resource" });
    }
    assert.equal((await api(server, "/v0/pipes/top_pages.json", { token })).status, 200);
  });

  test("7. fixed_params win over the query string: only the token's tenant", async () => {
    const token = jwt(seedPayload("acme"));
    for (const pipe of ["kpis", "top_pages", "top_actions", "current_visitors"]) {
      const admin = await getData(server, `/v0/pipes/${pipe}.json?tenant_id=acme`, server.adminToken);
      for (const other of others("acme")) {
        const got = await getData(server, `/v0/pipes/${pipe}.json?tenant_id=${other}`, token);
        assert.equal(got.status, 200, got.text);
        assert.deepEqual(got.data, admin.data, pipe);
        for (const t of others("acme")) assert.ok(!got.text.includes(t), `${pipe} leaked ${t}`);
      }
    }
  });

  test("8. fixed_params win over POST bodies (JSON and form)", async () => {
    const token = jwt(seedPayload("globex"));
    const admin = await getData(server, "/v0/pipes/top_pages.json?tenant_id=globex", server.adminToken);
    const json = await getData(server, "/v0/pipes/top_pages.json", token, { method: "POST", body: JSON.stringify({ tenant_id: "acme" }), headers: { "content-type": "application/json" } });
    const form = await getData(server, "/v0/pipes/top_pages.json", token, { method: "POST", body: "tenant_id=acme", headers: { "content-type": "application/x-www-form-urlencoded" } });
    assert.deepEqual(json.data, admin.data);
    assert.deepEqual(form.data, admin.data);
  });

  test("exact scope beats a wildcard; fixed_params keep their JSON type", async () => {
    // One tenant per JWT: the scopes differ in their other parameters.
    const token = jwt({
      exp: inAnHour(),
      scopes: [
        { type: "PIPES:READ", resource: "*", fixed_params: { tenant_id: "acme" } },
        { type: "PIPES:READ", resource: "top_pages", fixed_params: { tenant_id: "acme", limit: 2 } },
        { type: "PIPES:READ", resource: "top_*", fixed_params: { tenant_id: "acme", actions: "click" } },
      ],
    });
    const exact = await getData(server, "/v0/pipes/top_pages.json?limit=50", token);
    assert.deepEqual(exact.data, (await getData(server, "/v0/pipes/top_pages.json?tenant_id=acme&limit=2", server.adminToken)).data);
    assert.equal(exact.data?.length, 2);
    const wildcard = await getData(server, "/v0/pipes/top_actions.json", token);
    assert.deepEqual(wildcard.data, (await getData(server, "/v0/pipes/top_actions.json?tenant_id=acme&actions=click", server.adminToken)).data);
    assert.deepEqual(new Set(wildcard.data?.map((r) => (r as { action: string }).action)), new Set(["click"]));
    const broad = await getData(server, "/v0/pipes/current_visitors.json", token);
    assert.deepEqual(broad.data, (await getData(server, "/v0/pipes/current_visitors.json?tenant_id=acme", server.adminToken)).data);
  });

  test("9. limits.rps = 2: the third request in the same second gets 429 with rate-limit headers", async () => {
    const token = jwt({ ...seedPayload("acme"), name: "rps-nine", limits: { rps: 2 } });
    const statuses = [];
    let last: Response | undefined;
    for (let i = 0; i < 3; i++) {
      last = await api(server, "/v0/pipes/current_visitors.json", { token });
      statuses.push(last.status);
    }
    assert.deepEqual(statuses, [200, 200, 429]);
    assert.equal(last!.headers.get("retry-after"), "1");
    assert.equal(last!.headers.get("x-ratelimit-limit"), "2");
    assert.equal(last!.headers.get("x-ratelimit-remaining"), "0");
    assert.equal(last!.headers.get("x-ratelimit-reset"), "1");
    assert.match(((await last!.json()) as { error: string }).error, /^Too many requests/);
    // The budget is per pipe: another pipe is still open.
    assert.equal((await api(server, "/v0/pipes/kpis.json", { token })).status, 200);
  });

  test("10. JWTs with the same name share one budget; rps 0 is unlimited", async () => {
    const first = jwt({ ...seedPayload("acme"), name: "shared-ten", limits: { rps: 2 } });
    const second = jwt({ ...seedPayload("globex"), name: "shared-ten", limits: { rps: 2 } });
    assert.equal((await api(server, "/v0/pipes/top_pages.json", { token: first })).status, 200);
    assert.equal((await api(server, "/v0/pipes/top_pages.json", { token: first })).status, 200);
    assert.equal((await api(server, "/v0/pipes/top_pages.json", { token: second })).status, 429);
    const unlimited = jwt({ ...seedPayload("acme"), name: "zero", limits: { rps: 0 } });
    for (let i = 0; i < 6; i++) assert.equal((await api(server, "/v0/pipes/top_pages.json", { token: unlimited })).status, 200);
  });

  test("11. /v0/sql needs a read scope (filters enforced); /v0/events needs DATASOURCES:APPEND; others get 403", async () => {
    const reader = jwt({ exp: inAnHour(), scopes: [{ type: "DATASOURCES:READ", resource: "analytics_events", filter: "tenant_id = 'acme'" }] });
    const sql = await getData(server, `/v0/sql?q=${encodeURIComponent("SELECT DISTINCT tenant_id FROM analytics_events FORMAT JSON")}`, reader);
    assert.equal(sql.status, 200, sql.text);
    assert.deepEqual(sql.data, [{ tenant_id: "acme" }]);
    const pipesOnly = jwt(seedPayload("acme"));
    const event = JSON.stringify({ timestamp: "2024-06-30 12:00:00", session_id: "acme-sx", action: "click", tenant_id: "acme", domain: "acme.com", pathname: "/acme/x" });
    const appender = jwt({ exp: inAnHour(), scopes: [{ type: "DATASOURCES:APPEND", resource: "analytics_events" }] });
    const refused = await api(server, "/v0/sql?q=SELECT+1", { token: appender });
    assert.equal(refused.status, 403);
    assert.match(((await refused.json()) as { error: string }).error, /cannot query \/v0\/sql: it may only append/);
    const appended = await api(server, "/v0/events?name=analytics_events&wait=true", { token: appender, method: "POST", body: event });
    assert.equal(appended.status, 200, await appended.text());
    for (const token of [pipesOnly, reader]) {
      assert.equal((await api(server, "/v0/events?name=analytics_events&wait=true", { token, method: "POST", body: event })).status, 403);
    }
  });

  test("12. ?token= takes precedence over Authorization: Bearer", async () => {
    const good = jwt(seedPayload("acme"));
    const queryWins = await api(server, `/v0/pipes/kpis.json?token=${good}`, { headers: { authorization: "Bearer garbage" } });
    assert.equal(queryWins.status, 200);
    const queryWinsEvenWhenBad = await api(server, "/v0/pipes/kpis.json?token=garbage", { headers: { authorization: `Bearer ${good}` } });
    assert.equal(queryWinsEvenWhenBad.status, 403);
  });

  test("13. no token: 403 with Tinybird's body", async () => {
    const res = await api(server, "/v0/pipes/kpis.json", { token: null });
    assert.equal(res.status, 403);
    assert.deepEqual(await res.json(), { error: "invalid authentication token", documentation: "https://docs.tinybird.co/api-reference/overview#authentication" });
  });

  test("14. a static p. token with PIPES:READ:top_pages reads top_pages, 403 on kpis", async () => {
    const { stdout } = await run(process.execPath, ["bin/aviary.js", "token", "create", "--name", "top-only", "--scope", "PIPES:READ:top_pages", "--data-dir", server.dataDir]);
    const token = stdout.trim();
    assert.match(token, /^p\.ey/);
    assert.equal((await api(server, "/v0/pipes/top_pages.json", { token })).status, 200);
    assert.equal((await api(server, "/v0/pipes/kpis.json", { token })).status, 403);
  });

  test("41. OpenAPI lists only the pipes the token can read", async () => {
    type Doc = { openapi: string; paths: Record<string, Record<string, { operationId: string }>> };
    // Each document is kept once made: the admin's, asked for before and after, must not answer the other token.
    const everything = Object.keys(((await (await api(server, "/v0/pipes/openapi.json")).json()) as Doc).paths);
    assert.ok(everything.includes("/pipes/kpis.{format}"));
    const token = jwt({ exp: inAnHour(), scopes: [{ type: "PIPES:READ", resource: "top_*" }] });
    const res = await api(server, "/v0/pipes/openapi.json", { token });
    assert.equal(res.status, 200);
    const doc = (await res.json()) as Doc;
    assert.equal(doc.openapi, "3.0.0");
    assert.deepEqual(Object.keys(doc.paths).sort(), ["/pipes/top_actions.{format}", "/pipes/top_pages.{format}"]);
    assert.equal(doc.paths["/pipes/top_pages.{format}"]!.get!.operationId, "top_pages_get");
    assert.equal(doc.paths["/pipes/top_pages.{format}"]!.post!.operationId, "top_pages_post");
    const again = await api(server, "/v0/pipes/openapi.json");
    assert.deepEqual(Object.keys(((await again.json()) as Doc).paths), everything);

    // Revalidated by its ETag, which differs between the two documents; never shared by a cache.
    assert.equal(res.headers.get("cache-control"), "private, no-cache");
    assert.notEqual(res.headers.get("etag"), again.headers.get("etag"));
    const unchanged = await api(server, "/v0/pipes/openapi.json", { token, headers: { "if-none-match": res.headers.get("etag")! } });
    assert.equal(unchanged.status, 304);
    const otherTokens = await api(server, "/v0/pipes/openapi.json", { token, headers: { "if-none-match": again.headers.get("etag")! } });
    assert.equal(otherTokens.status, 200);
  });
});
