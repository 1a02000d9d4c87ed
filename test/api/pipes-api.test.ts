/**
 * The Pipes, SQL and Data Sources APIs over real HTTP against a spawned server that
 * deploys examples/pageviews (landing table → materialized view → AggregatingMergeTree,
 * endpoints with chained nodes and typed parameters). Expected values are computed here
 * from the rows the test loads.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startClickHouseHttp, type ClickHouseHttp } from "../helpers/clickhouse-http.ts";
import { rawRequest } from "../helpers/raw-request.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";

interface View {
  timestamp: string;
  site: string;
  path: string;
  visitor: string;
  duration_ms: number;
}

const views: View[] = [];
for (let i = 0; i < 300; i++) {
  const day = 1 + (i % 5);
  views.push({
    timestamp: `2024-01-0${day} 1${i % 10}:00:00`,
    site: i % 3 === 0 ? "b.example" : "a.example",
    path: `/p${i % 7}`,
    visitor: `v${i % 23}`,
    duration_ms: i * 10,
  });
}

function expectedTopPaths(site: string, limit: number) {
  const byPath = new Map<string, { views: number; visitors: Set<string> }>();
  for (const v of views.filter((x) => x.site === site)) {
    const entry = byPath.get(v.path) ?? { views: 0, visitors: new Set<string>() };
    entry.views++;
    entry.visitors.add(v.visitor);
    byPath.set(v.path, entry);
  }
  return [...byPath.entries()]
    .map(([path, e]) => ({ path, views: e.views, visitors: e.visitors.size }))
    .sort((a, b) => b.views - a.views || (a.path < b.path ? -1 : 1))
    .slice(0, limit);
}

for (const engine of ["chdb", "clickhouse"] as const) describe(`Pipes and SQL APIs (${engine} engine)`, () => {
  let server: TestServer;
  let clickhouse: ClickHouseHttp | undefined;
  before(async () => {
    clickhouse = engine === "clickhouse" ? await startClickHouseHttp() : undefined;
    server = await startServer({ project: "examples/pageviews", args: clickhouse ? ["--clickhouse-url", clickhouse.url] : [] });
    const body = views.map((v) => JSON.stringify(v)).join("\n");
    const res = await api(server, "/v0/datasources?name=pageviews&mode=append&format=ndjson", {
      method: "POST",
      body,
      headers: { "content-type": "application/x-ndjson" },
    });
    assert.equal(res.status, 200, await res.clone().text());
  });
  after(async () => {
    await server.stop();
    await clickhouse?.stop();
  });

  test("health is ok once deployed", async () => {
    const res = await fetch(`${server.url}/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: "ok", engine });
  });

  test("an endpoint over the materialized view equals the reference", async () => {
    const res = await api(server, "/v0/pipes/top_paths.json?site=a.example&limit=3");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/json; charset=UTF-8");
    const body = (await res.json()) as { meta: unknown[]; data: unknown[]; rows: number; rows_before_limit_at_least?: number; statistics: Record<string, number> };
    assert.deepEqual(body.data, expectedTopPaths("a.example", 3));
    assert.equal(body.rows, 3);
    assert.equal(body.rows_before_limit_at_least, 7);
    assert.deepEqual(body.meta, [
      { name: "path", type: "String" },
      { name: "views", type: "UInt64" },
      { name: "visitors", type: "UInt64" },
    ]);
    assert.deepEqual(Object.keys(body.statistics).sort(), ["bytes_read", "elapsed", "rows_read"]);
  });

  test("defaults apply when parameters are absent; POST bodies carry parameters", async () => {
    const get = await api(server, "/v0/pipes/top_paths.json");
    assert.deepEqual(((await get.json()) as { data: unknown[] }).data, []);
    const post = await api(server, "/v0/pipes/top_paths.json", {
      method: "POST",
      body: JSON.stringify({ site: "b.example", limit: 2 }),
      headers: { "content-type": "application/json" },
    });
    assert.deepEqual(((await post.json()) as { data: unknown[] }).data, expectedTopPaths("b.example", 2));
    const form = await api(server, "/v0/pipes/top_paths.json", {
      method: "POST",
      body: "site=b.example&limit=1",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.deepEqual(((await form.json()) as { data: unknown[] }).data, expectedTopPaths("b.example", 1));
  });

  test("optional filters over the raw table, first value of repeated keys", async () => {
    const res = await api(server, "/v0/pipes/views_by_day.json?site=a.example&site=b.example&path=/p1");
    const body = (await res.json()) as { data: { day: string; views: number }[]; rows_before_limit_at_least?: number };
    const expected = new Map<string, number>();
    for (const v of views.filter((x) => x.site === "a.example" && x.path === "/p1")) {
      const day = v.timestamp.slice(0, 10);
      expected.set(day, (expected.get(day) ?? 0) + 1);
    }
    assert.deepEqual(
      body.data.map((r) => [r.day, r.views]),
      [...expected.entries()].sort(),
    );
    assert.equal(body.rows_before_limit_at_least, undefined);
  });

  test("csv and ndjson formats", async () => {
    const csv = await api(server, "/v0/pipes/top_paths.csv?site=a.example&limit=2");
    assert.match(csv.headers.get("content-type") ?? "", /^text\/csv/);
    const top = expectedTopPaths("a.example", 2);
    assert.equal(await csv.text(), `"path","views","visitors"\n${top.map((r) => `"${r.path}",${r.views},${r.visitors}`).join("\n")}\n`);
    const nd = await api(server, "/v0/pipes/top_paths.ndjson?site=a.example&limit=2");
    assert.equal(nd.headers.get("content-type"), "application/x-ndjson; charset=UTF-8");
    assert.deepEqual((await nd.text()).trim().split("\n").map((l) => JSON.parse(l) as unknown), top);
  });

  test("q runs SQL over the pipe's result", async () => {
    const res = await api(server, `/v0/pipes/top_paths.json?site=a.example&limit=100&q=${encodeURIComponent("select count() as c, sum(views) as v from _")}`);
    const body = (await res.json()) as { data: { c: number; v: number }[] };
    assert.deepEqual(body.data, [{ c: 7, v: views.filter((x) => x.site === "a.example").length }]);
    const templated = await api(server, `/v0/pipes/top_paths.json?q=${encodeURIComponent("% select 1")}`);
    assert.equal(templated.status, 400);
    assert.deepEqual(await templated.json(), { error: "'q' parameter doesn't support templates" });
  });

  test("query strings decode as Tinybird's: valid escapes decoded, a stray % kept (raw SQL in q=)", async () => {
    // Sent byte for byte: `%p` and `%'` are no escapes, `%27` and `+` are.
    const raw = "select+count()+as+c+from+_+where+path+like+%27%p%'+and+path+not+like+'%localhost%'";
    const got = await rawRequest(server.url, `/v0/pipes/top_paths.json?site=a.example&limit=100&q=${raw}`, { headers: { authorization: `Bearer ${server.adminToken}` } });
    assert.equal(got.status, 200, got.body);
    assert.deepEqual((JSON.parse(got.body) as { data: unknown[] }).data, [{ c: 7 }]);
    const sql = await rawRequest(server.url, "/v0/sql?q=SELECT+'100%'+AS+a,+'%E2%82%AC'+AS+b+FORMAT+JSON", { headers: { authorization: `Bearer ${server.adminToken}` } });
    assert.deepEqual((JSON.parse(sql.body) as { data: unknown[] }).data, [{ a: "100%", b: "€" }]);
  });

  test("POST /v0/sql with a form-encoded body: a bare statement (curl --data) or q=", async () => {
    const form = { "content-type": "application/x-www-form-urlencoded" };
    const bare = await api(server, "/v0/sql", { method: "POST", body: "SELECT count() AS c FROM pageviews WHERE site = 'a.example'", headers: form });
    assert.equal(bare.status, 200);
    assert.deepEqual(((await bare.json()) as { data: unknown[] }).data, [{ c: 200 }]);
    const q = await api(server, "/v0/sql", { method: "POST", body: `q=${encodeURIComponent("SELECT 3 AS n FORMAT JSON")}`, headers: form });
    assert.deepEqual(((await q.json()) as { data: unknown[] }).data, [{ n: 3 }]);
  });

  test("pipe errors: missing, not an endpoint, bad format, bad and missing parameters", async () => {
    const cases: [string, number, unknown][] = [
      ["/v0/pipes/nope.json", 404, { error: "The pipe 'nope' does not exist" }],
      ["/v0/pipes/daily_pages_mv.json", 404, { error: "The pipe 'daily_pages_mv' does not have an endpoint yet" }],
    ];
    for (const [path, status, body] of cases) {
      const res = await api(server, path);
      assert.equal(res.status, status, path);
      assert.deepEqual(await res.json(), body, path);
    }
    const xml = await api(server, "/v0/pipes/top_paths.xml");
    assert.equal(xml.status, 400);
    assert.match(((await xml.json()) as { error: string }).error, /^Format 'xml' not supported, it must be one of json, csv/);
    const bad = await api(server, "/v0/pipes/top_paths.json?limit=abc");
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /Error validating 'abc' to type Int32/);
    const missing = await api(server, "/v0/pipes/views_by_day.json");
    assert.equal(missing.status, 400);
    assert.match(((await missing.json()) as { error: string }).error, /Required parameter is not defined\. Check the parameters site/);
  });

  test("auth: no token and a wrong token get 403", async () => {
    const none = await api(server, "/v0/pipes/top_paths.json", { token: null });
    assert.equal(none.status, 403);
    assert.deepEqual(await none.json(), {
      error: "invalid authentication token",
      documentation: "https://docs.tinybird.co/api-reference/overview#authentication",
    });
    const wrong = await api(server, "/v0/pipes/top_paths.json", { token: "notreal" });
    assert.equal(wrong.status, 403);
    assert.match(((await wrong.json()) as { error: string }).error, /^invalid authentication token\. Invalid token b'notreal'/);
    // ?token= is read before the header.
    const both = await api(server, `/v0/pipes/top_paths.json?token=${server.adminToken}`, { token: "notreal" });
    assert.equal(both.status, 200);
  });

  test("CORS headers everywhere and 204 for preflight", async () => {
    const res = await fetch(`${server.url}/v0/pipes/top_paths.json`, { method: "OPTIONS" });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    assert.match(res.headers.get("access-control-allow-headers") ?? "", /Authorization, Content-Type/);
    const err = await api(server, "/v0/pipes/nope.json");
    assert.equal(err.headers.get("access-control-allow-origin"), "*");
    assert.ok(err.headers.get("x-request-id"));
  });

  test("SQL API: select with a pipe as a table, formats, refusals", async () => {
    const q = encodeURIComponent("SELECT count() AS c FROM views_by_day FORMAT JSON");
    const json = await api(server, `/v0/sql?q=${q}`);
    assert.equal(json.status, 400, "views_by_day needs site, so inlining it without parameters fails");
    const ok = await api(server, `/v0/sql?q=${encodeURIComponent("SELECT sum(views) AS v FROM top_paths FORMAT JSON")}`);
    assert.equal(ok.status, 200);
    assert.deepEqual(((await ok.json()) as { data: unknown[] }).data, [{ v: 0 }]);
    const tsv = await api(server, `/v0/sql?q=${encodeURIComponent("SELECT site, count() FROM pageviews GROUP BY site ORDER BY site")}`);
    assert.equal(tsv.headers.get("content-type"), "text/tab-separated-values; charset=UTF-8");
    assert.equal(await tsv.text(), `a.example\t200\nb.example\t100\n`);
    const post = await api(server, "/v0/sql", { method: "POST", body: "SELECT 1 AS n FORMAT JSON", headers: { "content-type": "text/plain" } });
    const body = (await post.json()) as Record<string, unknown>;
    assert.deepEqual(body.data, [{ n: 1 }]);
    assert.equal("rows_before_limit_at_least" in body, false);
    // A statement POSTed as the body defaults to JSON (what the SDK's sql() parses); `q` to TSV.
    const bare = await api(server, "/v0/sql", { method: "POST", body: "SELECT 2 AS n", headers: { "content-type": "text/plain" } });
    assert.equal(bare.headers.get("content-type"), "application/json; charset=UTF-8");
    assert.deepEqual(((await bare.json()) as { data: unknown[] }).data, [{ n: 2 }]);
    const insert = await api(server, `/v0/sql?q=${encodeURIComponent("INSERT INTO pageviews (site) VALUES ('x')")}`);
    assert.equal(insert.status, 400);
    assert.deepEqual(await insert.json(), { error: "Only SELECT or DESCRIBE queries are supported. Got: InsertQuery" });
    const multi = await api(server, `/v0/sql?q=${encodeURIComponent("SELECT 1; DROP TABLE pageviews")}`);
    assert.equal(multi.status, 400);
    const still = await api(server, `/v0/sql?q=${encodeURIComponent("SELECT count() FROM pageviews")}`);
    assert.equal(await still.text(), "300\n");
  });

  test("OpenAPI lists endpoints with their parameters", async () => {
    const res = await api(server, "/v0/pipes/openapi.json");
    const doc = (await res.json()) as { openapi: string; paths: Record<string, { get: { operationId: string; parameters: { name: string; schema: { default?: unknown } }[] } }> };
    assert.equal(doc.openapi, "3.0.0");
    assert.deepEqual(Object.keys(doc.paths).sort(), ["/pipes/top_paths.{format}", "/pipes/views_by_day.{format}"]);
    const op = doc.paths["/pipes/top_paths.{format}"]!.get;
    assert.equal(op.operationId, "top_paths_get");
    const limit = op.parameters.find((p) => p.name === "limit");
    assert.equal(limit?.schema.default, 10);
  });

  test("metrics count requests, for the admin token only", async () => {
    assert.equal((await fetch(`${server.url}/metrics`)).status, 403);
    const text = await (await api(server, "/metrics")).text();
    assert.match(text, /aviary_http_requests_total\{route="\/v0\/pipes\/\*",method="GET",status="200"\} \d+/);
    assert.match(text, /aviary_engine_query_duration_seconds_count\{kind="query"\} \d+/);
  });
});
