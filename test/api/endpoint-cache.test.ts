/**
 * The result cache over real HTTP, on a datafile project whose endpoints say `CACHE 10` (and
 * one that does not, kept until a write on the embedded engine):
 * engine statements are counted with the server's own metric (statements per kind), tenant
 * JWTs are signed with the admin token. Expiry is proven with an injected clock in
 * test/query/result-cache.test.ts, not by sleeping.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { hs256, inAnHour } from "../auth/helpers/auth-fixture.ts";

let server: TestServer;

/** Engine statements so far (`aviary_engine_query_duration_seconds_count{kind="query"}`). */
async function statements(): Promise<number> {
  const text = await (await api(server, "/metrics")).text();
  const line = text.split("\n").find((l) => l.startsWith('aviary_engine_query_duration_seconds_count{kind="query"}'));
  return Number(line?.split(" ")[1] ?? 0);
}

/** Statements the engine ran while `work` ran. */
async function counted<T>(work: () => Promise<T>): Promise<{ result: T; ran: number }> {
  const before = await statements();
  const result = await work();
  return { result, ran: (await statements()) - before };
}

const tenantJwt = (tenant: string, name: string) =>
  hs256({ name, exp: inAnHour(), scopes: ["tenant_total", "tenant_total_strict", "tenant_total_uncached"].map((resource) => ({ type: "PIPES:READ", resource, fixed_params: { tenant_id: tenant } })) }, server.adminToken);

async function get(path: string, token?: string, headers: Record<string, string> = {}) {
  const res = await api(server, path, { ...(token !== undefined && { token }), headers });
  const body = (await res.json()) as { data?: Record<string, unknown>[]; error?: string };
  return { status: res.status, age: res.headers.get("age"), cache: res.headers.get("x-aviary-cache"), exposed: res.headers.get("access-control-expose-headers"), data: body.data, error: body.error };
}

async function append(rows: readonly { tenant_id: string; n: number }[]): Promise<void> {
  const res = await api(server, "/v0/datasources?name=counts&mode=append&format=ndjson", { method: "POST", body: rows.map((r) => JSON.stringify(r)).join("\n") });
  assert.equal(res.status, 200, await res.text());
}

describe("endpoint result cache over HTTP", () => {
  before(async () => {
    server = await startServer({ project: "test/fixtures/endpoint-cache" });
    await append([{ tenant_id: "acme", n: 1 }, { tenant_id: "acme", n: 2 }, { tenant_id: "globex", n: 40 }, { tenant_id: "soylent", n: 5 }, { tenant_id: "tyrell", n: 4 }]);
  });
  after(() => server.stop());

  test("the same request twice within the interval: one engine statement; the second answer says its age", async () => {
    const { result, ran } = await counted(async () => [await get("/v0/pipes/tenant_total.json?tenant_id=acme"), await get("/v0/pipes/tenant_total.json?tenant_id=acme")]);
    assert.equal(ran, 1);
    assert.deepEqual(result.map((r) => [r.status, r.cache, r.data]), [
      [200, "miss", [{ tenant: "acme", total: 3 }]],
      [200, "hit", [{ tenant: "acme", total: 3 }]],
    ]);
    assert.match(result[1]!.age!, /^\d+$/);
    // Readable by a page of another origin too.
    assert.equal(result[1]!.exposed, "X-Tb-Warning, Age, X-Aviary-Cache, X-Aviary-Rows");
  });

  test("an endpoint without CACHE is kept until a write reaches its data (the embedded engine sees every write)", async () => {
    const path = "/v0/pipes/tenant_total_uncached.json?tenant_id=soylent";
    const { result, ran } = await counted(async () => [await get(path), await get(path)]);
    assert.equal(ran, 1);
    assert.deepEqual(result.map((r) => [r.cache, r.data]), [
      ["miss", [{ total: 5 }]],
      ["hit", [{ total: 5 }]],
    ]);
    // An append whose tenants are not known (the datasources API) outdates every tenant's answers.
    await append([{ tenant_id: "soylent", n: 10 }]);
    const after = await counted(() => get(path));
    assert.deepEqual([after.ran, after.result.cache, after.result.data], [1, "miss", [{ total: 15 }]]);
  });

  test("events of one tenant outdate that tenant's answers and the admin's, not another tenant's (its token fixes the tenant)", async () => {
    const path = "/v0/pipes/tenant_total_uncached.json";
    const [soylent, tyrell] = [tenantJwt("soylent", "soylent-dash"), tenantJwt("tyrell", "tyrell-dash")];
    const admin = `${path}?tenant_id=soylent`;
    for (const [p, token] of [[path, soylent], [path, tyrell], [admin, undefined]] as const) await get(p, token);
    const events = await api(server, "/v0/events?name=counts&wait=true", { method: "POST", body: JSON.stringify({ tenant_id: "tyrell", n: 2 }) });
    assert.equal(events.status, 200, await events.text());
    const { result, ran } = await counted(async () => [await get(path, soylent), await get(path, tyrell), await get(admin)]);
    assert.equal(ran, 2);
    assert.deepEqual(result.map((r) => [r.cache, r.data]), [
      ["hit", [{ total: 15 }]],
      ["miss", [{ total: 6 }]],
      // The admin's answer for soylent is recomputed (same rows): only a token's fixed tenant narrows.
      ["miss", [{ total: 15 }]],
    ]);
  });

  test("a tenant's answers share one slice of the cache however many tokens it holds: flooding it keeps another tenant's answer", async () => {
    const path = "/v0/pipes/tenant_total_uncached.json";
    const victim = tenantJwt("tyrell", "tyrell-dash");
    assert.equal((await get(path, victim)).status, 200);
    // Unnamed JWTs (each its own rate key) for one tenant: one slice (312 answers) between them.
    const flooders = [1, 2, 3].map((i) =>
      hs256({ exp: inAnHour() + i, scopes: [{ type: "PIPES:READ", resource: "tenant_total_uncached", fixed_params: { tenant_id: "initech" } }] }, server.adminToken),
    );
    for (let i = 0; i < 400; i++) {
      const res = await api(server, `${path}?q=${encodeURIComponent(`SELECT total + ${i} AS x FROM _`)}`, { token: flooders[i % 3]! });
      assert.equal(res.status, 200, await res.text());
    }
    assert.equal((await get(path, victim)).cache, "hit");
    // The slice is the tenant's, not each token's: its oldest answers went, though no token alone held 312.
    const first = await api(server, `${path}?q=${encodeURIComponent("SELECT total + 0 AS x FROM _")}`, { token: flooders[0]! });
    assert.equal(first.headers.get("x-aviary-cache"), "miss");
  });

  test("q= over a cached endpoint: the checked statement is what is cached", async () => {
    const path = `/v0/pipes/tenant_total.json?tenant_id=acme&q=${encodeURIComponent("SELECT total * 2 AS doubled FROM _")}`;
    const [first, second] = [await get(path), await get(path)];
    assert.deepEqual([first.cache, first.data, second.cache, second.data], ["miss", [{ doubled: 6 }], "hit", [{ doubled: 6 }]]);
  });

  test("two tenants: two statements, each its own rows", async () => {
    const { result, ran } = await counted(async () => [await get("/v0/pipes/tenant_total.json?tenant_id=globex"), await get("/v0/pipes/tenant_total.json?tenant_id=initech")]);
    assert.equal(ran, 2);
    assert.deepEqual(result.map((r) => r.data), [[{ tenant: "globex", total: 40 }], [{ tenant: "initech", total: 0 }]]);
  });

  test("ten identical requests at once: one statement", async () => {
    const { result, ran } = await counted(() => Promise.all(Array.from({ length: 10 }, () => get("/v0/pipes/tenant_total.json?tenant_id=umbrella"))));
    assert.equal(ran, 1);
    assert.deepEqual(new Set(result.map((r) => JSON.stringify(r.data))), new Set([JSON.stringify([{ tenant: "umbrella", total: 0 }])]));
    // One computed it; the others waited for it or, arriving after, found it.
    assert.equal(result.filter((r) => r.cache === "miss").length, 1);
    assert.deepEqual(result.filter((r) => r.cache !== "miss" && r.cache !== "coalesced" && r.cache !== "hit"), []);
  });

  test("a client cannot skip the cache: no-cache headers and parameters the pipe does not read change nothing", async () => {
    await get("/v0/pipes/tenant_total.json?tenant_id=hooli");
    const { result, ran } = await counted(() => get("/v0/pipes/tenant_total.json?tenant_id=hooli&_=1712345678&nocache=1", undefined, { "cache-control": "no-cache", pragma: "no-cache" }));
    assert.equal(ran, 0);
    assert.equal(result.cache, "hit");
  });

  test("a tenant's JWT never gets another tenant's cached rows, even asking for them by parameter", async () => {
    const globex = await get("/v0/pipes/tenant_total.json?tenant_id=globex", tenantJwt("globex", "globex-dash"));
    assert.deepEqual(globex.data, [{ tenant: "globex", total: 40 }]);
    // The same parameters under acme's JWT: its fixed tenant_id wins, and so does its own statement.
    const acme = await get("/v0/pipes/tenant_total.json?tenant_id=globex", tenantJwt("acme", "acme-dash"));
    assert.deepEqual([acme.status, acme.data], [200, [{ tenant: "acme", total: 3 }]]);
    // Another JWT of the same tenant runs the very same statement, so it shares the entry.
    const { result, ran } = await counted(() => get("/v0/pipes/tenant_total.json", tenantJwt("acme", "acme-other-dash")));
    assert.deepEqual([ran, result.cache, result.data], [0, "hit", [{ tenant: "acme", total: 3 }]]);
  });

  test("failures are not cached: the next request runs again and sees the rows that arrived", async () => {
    const failed = await get("/v0/pipes/tenant_total_strict.json?tenant_id=wayne");
    assert.equal(failed.status, 400);
    assert.match(failed.error ?? "", /no rows yet/);
    await append([{ tenant_id: "wayne", n: 7 }]);
    const { result, ran } = await counted(() => get("/v0/pipes/tenant_total_strict.json?tenant_id=wayne"));
    assert.equal(ran, 1);
    assert.deepEqual([result.status, result.cache, result.data], [200, "miss", [{ failed: 0, total: 7 }]]);
  });
});

describe("--no-result-cache", () => {
  let plain: TestServer;
  before(async () => {
    plain = await startServer({ project: "test/fixtures/endpoint-cache", args: ["--no-result-cache"] });
  });
  after(() => plain.stop());

  test("answers every request from the engine, except what a pipe's CACHE keeps", async () => {
    const cacheOf = async (path: string) => (await api(plain, path)).headers.get("x-aviary-cache");
    const uncached = "/v0/pipes/tenant_total_uncached.json?tenant_id=acme";
    assert.deepEqual([await cacheOf(uncached), await cacheOf(uncached)], [null, null]);
    const declared = "/v0/pipes/tenant_total.json?tenant_id=acme";
    assert.deepEqual([await cacheOf(declared), await cacheOf(declared)], ["miss", "hit"]);
  });
});
