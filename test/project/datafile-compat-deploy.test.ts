/**
 * Tinybird projects as real ones are written, deployed by a real server and used over
 * HTTP: connectors and sinks (inactive, their tables filled through the APIs), Kafka and
 * DynamoDB implicit columns, INCLUDE with variables, INDEXES, sampling, TAGS, quoted and
 * legacy tokens, older key names, a classic-format project, and the warnings a user sees.
 */
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { api, startServer, type TestServer } from "../helpers/server.ts";

const FIXTURES = new URL("../fixtures/datafiles/", import.meta.url).pathname;
const COMPAT = join(FIXTURES, "tinybird-compat");
const CLASSIC = join(FIXTURES, "classic");

interface LogLine {
  level: number;
  msg: string;
  file?: string;
  line?: number;
}
const warnings = (server: TestServer): LogLine[] =>
  server.logs.flatMap((l) => (l.startsWith("{") ? [JSON.parse(l) as LogLine] : [])).filter((l) => l.level === 40);

async function json<T>(res: Response | Promise<Response>, status = 200): Promise<T> {
  const answer = await res;
  const text = await answer.text();
  assert.equal(answer.status, status, text);
  return JSON.parse(text) as T;
}
const data = async (server: TestServer, path: string, token?: string): Promise<unknown[]> => (await json<{ data: unknown[] }>(api(server, path, token ? { token } : {}))).data;

async function send(server: TestServer, datasource: string, rows: object[], via: "events" | "datasources" = "events"): Promise<void> {
  const path = via === "events" ? `/v0/events?name=${datasource}&wait=true` : `/v0/datasources?name=${datasource}&mode=append&format=ndjson`;
  await json(api(server, path, { method: "POST", body: rows.map((r) => JSON.stringify(r)).join("\n") }));
}

/** The fixture's files under their base names, as a build sends them. */
async function flatFiles(dir: string): Promise<Record<string, string>> {
  const paths = (await readdir(dir, { recursive: true })).filter((p) => /\.(datasource|pipe|incl)$/.test(p)).sort((a, b) => (basename(a) < basename(b) ? -1 : 1));
  return Object.fromEntries(await Promise.all(paths.map(async (p) => [basename(p), await readFile(join(dir, p), "utf8")] as const)));
}

describe("a Tinybird project with connectors, sinks, includes, indexes, tags and legacy keys", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ project: COMPAT });
  });
  after(() => server?.stop());

  test("the deploy log warns once about every inactive connector, and about each ignored keyword with file and line", () => {
    const logged = warnings(server);
    const connectors = logged.filter((w) => w.msg.startsWith("connectors are inactive"));
    assert.deepEqual(connectors.map((w) => w.msg), [
      'connectors are inactive in Aviary: datasource "ddb_profiles" (dynamodb, connection "profiles_table"), datasource "gcs_refunds" (gcs, connection "gcs_bucket"), ' +
        'datasource "kafka_clicks" (kafka, connection "shared_kafka"), datasource "s3_orders" (s3, connection "s3_bucket"), datasource "snowflake_plans" (snowflake, connection "sf_prod"), ' +
        'datasource "warehouse_accounts" (bigquery, connection "warehouse"), sink "export_daily" (s3, connection "s3_exports"). ' +
        "Their datasources are ordinary tables: send rows with the Events API (POST /v0/events) or the Data Sources API; sinks are ordinary pipes and export nothing",
    ]);
    const where = (w: LogLine) => `${basename(w.file ?? "")}:${w.line}: ${w.msg}`;
    assert.deepEqual(logged.filter((w) => w.line !== undefined).map(where), [
      "daily_totals.datasource:9: KEY is read as ENGINE_SORTING_KEY",
      `page_events.datasource:7: TOKEN "events_admin" CREATE: Tinybird's legacy CREATE permission has no counterpart here; in Aviary the token may only read datasource "page_events"`,
      "page_events.datasource:26: FORWARD_QUERY is ignored: Aviary creates tables from SCHEMA and does not migrate existing rows",
      "page_events.datasource:29: SHARED_WITH is ignored: Aviary serves a single workspace, so there is no other workspace to share with",
      "page_events.datasource:32: VERSION is ignored: Aviary keeps one version of each resource (Tinybird has deprecated it too)",
      "sampled_views.pipe:9: VERSION is ignored: Aviary keeps one version of each resource (Tinybird has deprecated it too)",
      `top_paths.pipe:5: TOKEN "paths_app" CREATE: Tinybird's legacy CREATE permission has no counterpart here; in Aviary the token may only read pipe "top_paths"`,
    ]);
  });

  test("connector datasources are ordinary tables that the Events and Data Sources APIs fill", async () => {
    await send(server, "s3_orders", [{ order_id: "o1", amount: 12.5 }], "datasources");
    await send(server, "gcs_refunds", [{ refund_id: "r1" }, { refund_id: "r2" }]);
    await send(server, "warehouse_accounts", [{ account_id: "a1", country: "ES" }], "datasources");
    await send(server, "snowflake_plans", [{ plan: "pro", price: "9.90" }], "datasources");
    await send(server, "daily_totals", [{ day: "2024-05-01", site: "a.example", views: 2 }], "datasources");
    await send(server, "site_labels", [{ site: "a.example", label: "A" }], "datasources");
    assert.deepEqual(await data(server, "/v0/pipes/imported_rows.json"), [{ orders: 1, refunds: 2, accounts: 1, plans: 1, totals: 1, labels: 1 }]);
  });

  test("a Kafka datasource has Tinybird's meta columns: its sorting key on them deploys, rows without them get defaults", async () => {
    await send(server, "kafka_clicks", [{ url: "/a", user_name: "ann" }, { url: "/b", user_name: "bob", __topic: "clicks", __partition: 2, __offset: 7, __key: "k", __value: "{}", __headers: { h: "v" } }]);
    assert.deepEqual(await data(server, "/v0/pipes/click_offsets.json"), [
      { url: "/a", user_name: "ann", __topic: "", __partition: 0, __offset: 0, __key: "", __value: "", __headers: {}, timestamped: 1 },
      { url: "/b", user_name: "bob", __topic: "clicks", __partition: 2, __offset: 7, __key: "k", __value: "{}", __headers: { h: "v" }, timestamped: 1 },
    ]);
  });

  test("a DynamoDB datasource has _timestamp and _is_deleted: ENGINE_VER and ENGINE_IS_DELETED use them", async () => {
    await send(server, "ddb_profiles", [
      { Item: { profile_id: "p1", plan: "free" }, _timestamp: "2024-01-01 00:00:00.000" },
      { Item: { profile_id: "p1", plan: "free" }, _timestamp: "2024-02-01 00:00:00.000", _is_deleted: 1 },
      { Item: { profile_id: "p2", plan: "free" }, _timestamp: "2024-01-01 00:00:00.000" },
      { Item: { profile_id: "p2", plan: "pro" }, _timestamp: "2024-03-01 00:00:00.000" },
    ]);
    assert.deepEqual(await data(server, "/v0/pipes/current_profiles.json"), [{ profile_id: "p2", plan: "pro" }]);
  });

  test("INCLUDE brings a shared node with its variable; % at column 0, tabs and blank lines in blocks; quoted token names", async () => {
    const rows = [
      { event_time: "2024-05-01 10:00:00", site: "a.example", visitor_id: 1, path: "/", duration_ms: 100 },
      { event_time: "2024-05-01 10:01:00", site: "a.example", visitor_id: 2, path: "/docs", duration_ms: 50 },
      { event_time: "2024-05-01 10:02:00", site: "a.example", visitor_id: 3, path: "/", duration_ms: 10 },
      { event_time: "2024-05-01 10:03:00", site: "b.example", visitor_id: 4, path: "/x" },
    ];
    const tokens = (await json<{ tokens: { name: string; token: string }[] }>(api(server, "/v0/tokens"))).tokens;
    const token = (name: string) => tokens.find((t) => t.name === name)!.token;
    await json(api(server, "/v0/events?name=page_events&wait=true", { method: "POST", body: rows.map((r) => JSON.stringify(r)).join("\n"), token: token("events_writer") }));
    assert.deepEqual(await data(server, "/v0/pipes/top_paths.json", token("paths_reader")), [
      { path: "/", views: 2, total_ms: 110 },
      { path: "/docs", views: 1, total_ms: 50 },
    ]);
    assert.deepEqual(await data(server, "/v0/pipes/top_paths.json?site=b.example", token("paths_app")), [{ path: "/x", views: 1, total_ms: 0 }]);
    assert.deepEqual(await data(server, "/v0/pipes/sampled_views.json"), [{ sampled_views: 3 }]);
  });

  test("INDEXES are ClickHouse data-skipping indexes; the sampling key is the table's SAMPLE BY", async () => {
    const q = encodeURIComponent("SELECT name, type_full, granularity FROM system.data_skipping_indices WHERE table = 'page_events' ORDER BY name FORMAT JSON");
    assert.deepEqual((await json<{ data: unknown[] }>(api(server, `/v0/sql?q=${q}`))).data, [
      { name: "duration_minmax", type_full: "minmax", granularity: 1 },
      { name: "path_bloom", type_full: "bloom_filter(0.01)", granularity: 4 },
    ]);
    const s = encodeURIComponent("SELECT sampling_key FROM system.tables WHERE name = 'page_events' FORMAT JSON");
    assert.deepEqual((await json<{ data: unknown[] }>(api(server, `/v0/sql?q=${s}`))).data, [{ sampling_key: "intHash32(visitor_id)" }]);
  });

  test("tokens: names in either quotes; a legacy CREATE token may read its resource and nothing more", async () => {
    const tokens = (await json<{ tokens: { name: string; token: string; scopes: unknown[] }[] }>(api(server, "/v0/tokens"))).tokens;
    assert.deepEqual(
      tokens.filter((t) => t.name !== "admin token").map((t) => [t.name, t.scopes]),
      [
        ["events_admin", [{ type: "DATASOURCES:READ", resource: "page_events" }]],
        ["events_writer", [{ type: "DATASOURCES:APPEND", resource: "page_events" }]],
        ["paths_app", [{ type: "PIPES:READ", resource: "top_paths" }]],
        ["paths_reader", [{ type: "PIPES:READ", resource: "top_paths" }]],
      ],
    );
    const admin = tokens.find((t) => t.name === "events_admin")!.token;
    await json(api(server, `/v0/sql?q=${encodeURIComponent("SELECT count() AS n FROM page_events FORMAT JSON")}`, { token: admin }));
    await json(api(server, "/v0/events?name=page_events&wait=true", { method: "POST", body: "{}", token: admin }), 403);
  });

  test("TAGS are listed by /v0/datasources and /v0/pipes; the sink is a pipe of type sink, with no endpoint", async () => {
    const { datasources } = await json<{ datasources: { name: string; tags: string[]; columns: { name: string }[] }[] }>(api(server, "/v0/datasources"));
    assert.deepEqual(datasources.find((d) => d.name === "page_events")!.tags, ["web", "landing"]);
    assert.deepEqual(datasources.find((d) => d.name === "s3_orders")!.tags, []);
    assert.deepEqual(datasources.find((d) => d.name === "ddb_profiles")!.columns.map((c) => c.name), ["profile_id", "plan", "_event_name", "_timestamp", "_record", "_is_deleted"]);
    const { pipes } = await json<{ pipes: { name: string; type: string; tags: string[]; endpoint: string | null }[] }>(api(server, "/v0/pipes"));
    assert.deepEqual(pipes.map((p) => [p.name, p.type, p.tags, p.endpoint]).filter(([, , tags]) => (tags as string[]).length > 0), [
      ["top_paths", "endpoint", ["web", "dashboard"], "/v0/pipes/top_paths.json"],
      ["export_daily", "sink", ["exports"], null],
    ]);
    const sink = await api(server, "/v0/pipes/export_daily.json");
    assert.deepEqual([sink.status, await sink.json()], [404, { error: "The pipe 'export_daily' does not have an endpoint yet" }]);
  });

  test("POST /v1/build: the same project with its .incl and .connection files answers its warnings as Tinybird's feedback", async () => {
    const form = new FormData();
    const files = { ...(await flatFiles(COMPAT)), "shared_kafka.connection": "TYPE kafka\nKAFKA_BOOTSTRAP_SERVERS kafka:9092\n" };
    for (const [name, content] of Object.entries(files)) form.append("data_project://", new Blob([content]), name);
    const body = await json<{ result: string; build: { feedback: { resource: string | null; level: string; message: string }[] } }>(api(server, "/v1/build", { method: "POST", body: form }));
    assert.equal(body.result, "no_changes");
    assert.deepEqual(body.build.feedback.slice(0, 2), [
      { resource: "daily_totals.datasource", level: "WARNING", message: "line 9: KEY is read as ENGINE_SORTING_KEY" },
      { resource: "page_events.datasource", level: "WARNING", message: `line 7: TOKEN "events_admin" CREATE: Tinybird's legacy CREATE permission has no counterpart here; in Aviary the token may only read datasource "page_events"` },
    ]);
    assert.deepEqual(body.build.feedback.filter((f) => f.resource === null || f.resource.endsWith(".connection")).map((f) => [f.resource, f.message.slice(0, 40)]), [
      ["shared_kafka.connection", "inactive: Aviary connects to no external"],
      [null, "connectors are inactive in Aviary: datas"],
    ]);
  });

  test("POST /v1/build: another workspace's datasource and a release's resource are refused, naming them and why", async () => {
    const form = new FormData();
    const pipe = "NODE n\nSQL >\n    SELECT count() FROM marketing.page_events\n    UNION ALL SELECT count() FROM v1_0_2.page_events\nTYPE endpoint\n";
    for (const [name, content] of Object.entries({ ...(await flatFiles(COMPAT)), "shared_counts.pipe": pipe })) form.append("data_project://", new Blob([content]), name);
    const body = await json<{ result: string; errors: { filename: string; error: string }[] }>(api(server, "/v1/build", { method: "POST", body: form }), 400);
    assert.deepEqual(body.errors, [
      { filename: "shared_counts.pipe", error: 'line 3: node "n" reads from "marketing.page_events" is datasource "page_events" shared from workspace "marketing": Aviary serves a single workspace, so add "page_events" to this project and read it as "page_events"' },
      { filename: "shared_counts.pipe", error: 'line 4: node "n" reads from "v1_0_2.page_events" is a resource of Tinybird release 1.0.2: Aviary keeps no releases, read "page_events" instead' },
    ]);
  });
});

describe("a classic-format project: no TYPE anywhere", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ project: CLASSIC });
  });
  after(() => server?.stop());

  test("untyped pipes serve their last node, a DATASOURCE pipe materializes, and the log says so once", async () => {
    assert.deepEqual(warnings(server).map((w) => w.msg), [
      "classic-format project: no pipe declares TYPE endpoint, so each pipe without a TYPE serves its last node as an endpoint, as Tinybird Classic published them: daily_visitors, raw_visits",
    ]);
    await send(server, "visits", [
      { ts: "2024-05-01 10:00:00", site: "a.example", visitor: "v1" },
      { ts: "2024-05-01 11:00:00", site: "a.example", visitor: "v1" },
      { ts: "2024-05-02 10:00:00", site: "a.example", visitor: "v2" },
      { ts: "2024-05-02 10:00:00", site: "b.example", visitor: "v3" },
    ]);
    const { pipes } = await json<{ pipes: { name: string; type: string }[] }>(api(server, "/v0/pipes"));
    assert.deepEqual(pipes.map((p) => [p.name, p.type]), [["daily_visitors", "endpoint"], ["raw_visits", "endpoint"], ["visits_by_day_mv", "materialized"]]);
    const tokens = (await json<{ tokens: { name: string; token: string }[] }>(api(server, "/v0/tokens"))).tokens;
    const reader = tokens.find((t) => t.name === "daily_visitors_endpoint_read_7731")!.token;
    assert.deepEqual(await data(server, "/v0/pipes/daily_visitors.json", reader), [
      { day: "2024-05-01", visitors: 1 },
      { day: "2024-05-02", visitors: 1 },
    ]);
    assert.deepEqual(await data(server, "/v0/pipes/raw_visits.json"), [{ site: "a.example", visits: 3 }, { site: "b.example", visits: 1 }]);
  });
});
