/**
 * `/v0/sql` and `q=` with restricted tokens, on both engines: table functions, SETTINGS,
 * system tables, other databases, several statements and INTO OUTFILE are refused;
 * datasources outside the token's scopes are refused with 403 naming them; DATASOURCES:READ
 * filters hold through pipes used as tables and through the materialized target.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { startClickHouseHttp, type ClickHouseHttp } from "../helpers/clickhouse-http.ts";
import { startServer, type TestServer } from "../helpers/server.ts";
import { FIXTURE, getData, hs256, inAnHour, loadEvents, randomEvents } from "./helpers/auth-fixture.ts";

const sql = (q: string) => `/v0/sql?q=${encodeURIComponent(q)}`;
const errorOf = (text: string) => (JSON.parse(text) as { error: string }).error;

for (const engine of ["chdb", "clickhouse"] as const) describe(`restricted SQL (${engine} engine)`, () => {
  let server: TestServer;
  let clickhouse: ClickHouseHttp | undefined;
  const token = (scopes: unknown[]) => hs256({ exp: inAnHour(), scopes }, server.adminToken);
  let acme: string;

  before(async () => {
    clickhouse = engine === "clickhouse" ? await startClickHouseHttp() : undefined;
    server = await startServer({ project: FIXTURE, args: clickhouse ? ["--clickhouse-url", clickhouse.url] : [] });
    await loadEvents(server, randomEvents(300, 11));
    acme = token([
      { type: "DATASOURCES:READ", resource: "analytics_events", filter: "tenant_id = 'acme'" },
      { type: "PIPES:READ", resource: "kpis", fixed_params: { tenant_id: "acme" } },
    ]);
  });
  after(async () => {
    await server.stop();
    await clickhouse?.stop();
  });

  test("the filter holds on the datasource, through pipes used as tables, and on the materialized target", async () => {
    for (const q of [
      "SELECT DISTINCT tenant_id FROM analytics_events FORMAT JSON",
      "SELECT DISTINCT tenant_id FROM analytics_hits FORMAT JSON",
      "SELECT DISTINCT tenant_id FROM analytics_pages FORMAT JSON",
      "SELECT DISTINCT tenant_id FROM (SELECT tenant_id FROM analytics_events WHERE tenant_id = 'globex' UNION ALL SELECT 'acme') FORMAT JSON",
    ]) {
      const got = await getData(server, sql(q), acme);
      assert.equal(got.status, 200, `${q}: ${got.text}`);
      assert.deepEqual(got.data, [{ tenant_id: "acme" }], q);
    }
    const kpis = await getData(server, sql("SELECT * FROM kpis FORMAT JSON"), acme);
    assert.deepEqual(kpis.data, (await getData(server, "/v0/pipes/kpis.json?tenant_id=acme", server.adminToken)).data);
  });

  test("table functions, outside functions, SETTINGS, INTO OUTFILE: 400 naming what is refused", async () => {
    const refusals: [string, string][] = [
      ["SELECT * FROM file('/etc/passwd', 'LineAsString')", "The table function file is not allowed in queries with this token"],
      ["SELECT * FROM url('http://127.0.0.1:9/', 'LineAsString')", "The table function url is not allowed in queries with this token"],
      ["SELECT * FROM remote('127.0.0.1', 'aviary', 'analytics_events')", "The table function remote is not allowed in queries with this token"],
      ["SELECT * FROM s3('http://127.0.0.1:9/b/x.csv')", "The table function s3 is not allowed in queries with this token"],
      ["SELECT * FROM merge('aviary', '^analytics')", "The table function merge is not allowed in queries with this token"],
      ["SELECT * FROM executable('id', 'LineAsString', 'x String')", "The table function executable is not allowed in queries with this token"],
      ["SELECT * FROM analytics_events JOIN view(SELECT * FROM analytics_events) AS v USING session_id", "The table function view is not allowed in queries with this token"],
      ["SELECT file('/etc/hostname')", "The function file is not allowed in queries with this token"],
      ["SELECT dictGetString('d', 'a', 1)", "The function dictGetString is not allowed in queries with this token"],
      ["SELECT * FROM analytics_events SETTINGS additional_table_filters = {}", "A SETTINGS clause is not allowed in queries with this token"],
      ["SELECT * FROM (SELECT * FROM analytics_events SETTINGS max_threads = 1)", "A SETTINGS clause is not allowed in queries with this token"],
      ["SELECT 1 INTO OUTFILE '/tmp/aviary-auth-outfile'", "INTO OUTFILE is not allowed in queries with this token"],
    ];
    for (const [q, message] of refusals) {
      const got = await getData(server, sql(q), acme);
      assert.equal(got.status, 400, `${q}: ${got.text}`);
      assert.equal(errorOf(got.text), message, q);
    }
    assert.ok(!existsSync("/tmp/aviary-auth-outfile"));
    assert.equal((await getData(server, sql("SELECT count() AS n FROM numbers(3) FORMAT JSON"), acme)).status, 200, "generators stay open");
    // A format's name in any case, as ClickHouse reads it; the progress formats stay refused however written.
    const lower = await getData(server, sql("SELECT count() AS n FROM numbers(3) format json"), acme);
    assert.deepEqual([lower.status, lower.data], [200, [{ n: 3 }]], lower.text);
    const progress = await getData(server, sql("SELECT count() AS n FROM numbers(3) format jsoneachrowwithprogress"), acme);
    assert.equal(progress.status, 400, progress.text);
    assert.match(errorOf(progress.text), /^FORMAT jsoneachrowwithprogress is not available with this token/);
  });

  test("system tables, other databases and datasources outside the scopes: 403 naming them", async () => {
    const pagesOnly = token([{ type: "DATASOURCES:READ", resource: "analytics_pages", filter: "tenant_id = 'acme'" }]);
    const refusals: [string, string, string][] = [
      [acme, "SELECT * FROM system.tables", "system.tables"],
      [acme, "SELECT name FROM system.one", "system.one"],
      [acme, "SELECT * FROM information_schema.tables", "information_schema.tables"],
      [acme, "SELECT * FROM default.analytics_events", "default.analytics_events"],
      [acme, "SELECT * FROM analytics_events_quarantine", "analytics_events_quarantine"],
      [acme, "SELECT * FROM _aviary_resources", "_aviary_resources"],
      [acme, "DESCRIBE system.tables", "system.tables"],
      [pagesOnly, "SELECT count() FROM analytics_events", "analytics_events"],
      [pagesOnly, "SELECT count() FROM analytics_hits", "analytics_hits"],
      [pagesOnly, "SELECT count() FROM analytics_pages WHERE session_id IN analytics_events", "analytics_events"],
    ];
    for (const [t, q, resource] of refusals) {
      const got = await getData(server, sql(q), t);
      assert.equal(got.status, 403, `${q}: ${got.text}`);
      assert.equal(errorOf(got.text), `The token you have provided doesn't have access to this resource: ${resource}`, q);
    }
    // A name that is no table at all is refused as one the token may not read: which tables exist is not the token's to learn.
    for (const q of ["SELECT * FROM no_such_table", "SELECT 1 WHERE 1 IN no_such_table", "WITH x AS (SELECT 1) SELECT * FROM (SELECT * FROM x) AS y, no_such_table"]) {
      const unknown = await getData(server, sql(q), acme);
      assert.equal(unknown.status, 403, `${q}: ${unknown.text}`);
      assert.equal(errorOf(unknown.text), "The token you have provided doesn't have access to this resource: no_such_table", q);
    }
    const own = await getData(server, sql("WITH x AS (SELECT 1 AS n) SELECT n FROM x WHERE n IN x FORMAT JSON"), acme);
    assert.deepEqual(own.data, [{ n: 1 }], "the statement's own CTEs stay readable");
    const pages = await getData(server, sql("SELECT DISTINCT tenant_id FROM analytics_pages FORMAT JSON"), pagesOnly);
    assert.deepEqual(pages.data, [{ tenant_id: "acme" }]);
  });

  test("a WITH subquery may take any name the token does not read, existing or not; outside its scope a stand-in refuses", async () => {
    const pagesOnly = token([{ type: "DATASOURCES:READ", resource: "analytics_pages", filter: "tenant_id = 'acme'" }]);
    const answers: string[] = [];
    for (const name of ["analytics_events", "analytics_hits", "analytics_events_quarantine", "_aviary_resources", "no_such_table"]) {
      const own = await getData(server, sql(`WITH ${name} AS (SELECT 7 AS x) SELECT x FROM ${name} FORMAT JSON`), pagesOnly);
      assert.deepEqual([own.status, own.data], [200, [{ x: 7 }]], `${name}: ${own.text}`);
      // Outside the WITH's scope the name would read the table; the stand-in is read instead.
      for (const q of [`SELECT * FROM (WITH ${name} AS (SELECT 7 AS x) SELECT x FROM ${name}) WHERE x IN ${name}`, `SELECT b.* FROM (WITH ${name} AS (SELECT 7 AS x) SELECT x FROM ${name}) AS a, ${name} AS b`]) {
        const out = await getData(server, sql(q), pagesOnly);
        assert.equal(out.status, 400, `${q}: ${out.text}`);
        answers.push(errorOf(out.text).replaceAll(name, "NAME"));
      }
    }
    assert.equal(new Set(answers).size, 2, `the same answers for every name, existing or not: ${[...new Set(answers)].join(" | ")}`);
    assert.match(answers[0]!, /NAME is read outside the WITH that defines it/);
    // Reading none of its columns refuses too.
    for (const q of ["SELECT count() FROM (WITH no_such_table AS (SELECT 7 AS x) SELECT x FROM no_such_table) AS a, no_such_table", "SELECT EXISTS (SELECT 1 FROM no_such_table) FROM (WITH no_such_table AS (SELECT 7 AS x) SELECT x FROM no_such_table)"]) {
      const got = await getData(server, sql(q), pagesOnly);
      assert.equal(got.status, 400, `${q}: ${got.text}`);
    }
  });

  test("a datasource is named without its database (a plain-column CTE shadows the bare name)", async () => {
    const got = await getData(server, sql("SELECT DISTINCT tenant_id FROM aviary.analytics_events FORMAT JSON"), acme);
    assert.equal(got.status, 400, got.text);
    assert.equal(errorOf(got.text), "aviary.analytics_events with its database (write analytics_events) is not allowed in queries with this token");
  });

  test("several statements are refused by ClickHouse's parser; only SELECT and DESCRIBE run", async () => {
    const multi = await getData(server, sql("SELECT 1; SELECT * FROM analytics_events"), acme);
    assert.equal(multi.status, 400);
    assert.match(errorOf(multi.text), /Multi-statements are not allowed/);
    const insert = await getData(server, sql("INSERT INTO analytics_events SELECT * FROM analytics_events"), acme);
    assert.equal(insert.status, 400);
    assert.equal(errorOf(insert.text), "Only SELECT or DESCRIBE queries are supported. Got: InsertQuery");
    assert.equal((await getData(server, sql("DESCRIBE analytics_events"), acme)).status, 200);
  });

  test("a filter on columns the materialized target lacks makes its reads fail, never widen", async () => {
    const bySession = token([{ type: "DATASOURCES:READ", resource: "analytics_events", filter: "startsWith(session_id, 'acme-')" }]);
    const raw = await getData(server, sql("SELECT DISTINCT tenant_id FROM analytics_events FORMAT JSON"), bySession);
    assert.deepEqual(raw.data, [{ tenant_id: "acme" }]);
    const target = await getData(server, sql("SELECT DISTINCT tenant_id FROM analytics_pages FORMAT JSON"), bySession);
    assert.equal(target.status, 400, target.text);
    assert.ok(!target.text.includes("globex"));
  });

  test("a JWT with only PIPES:READ scopes reads its pipes as tables on /v0/sql, rendered with its fixed params, and no datasource", async () => {
    const pipesOnly = token([{ type: "PIPES:READ", resource: "*", fixed_params: { tenant_id: "acme" } }]);
    const got = await getData(server, sql("SELECT sum(hits) AS hits FROM kpis FORMAT JSON"), pipesOnly);
    assert.equal(got.status, 200, got.text);
    assert.deepEqual(got.data, (await getData(server, `/v0/pipes/kpis.json?tenant_id=acme&q=${encodeURIComponent("select sum(hits) as hits from _")}`, server.adminToken)).data);
    const raw = await getData(server, sql("SELECT count() FROM analytics_events"), pipesOnly);
    assert.equal(raw.status, 403);
    assert.equal(errorOf(raw.text), "The token you have provided doesn't have access to this resource: analytics_events");
  });

  test("q= over a pipe may read only _ (rendered with the fixed params)", async () => {
    const q = (text: string) => `/v0/pipes/kpis.json?tenant_id=globex&q=${encodeURIComponent(text)}`;
    const count = await getData(server, q("select sum(hits) as hits from _"), acme);
    assert.deepEqual(count.data, (await getData(server, `/v0/pipes/kpis.json?tenant_id=acme&q=${encodeURIComponent("select sum(hits) as hits from _")}`, server.adminToken)).data);
    // A later UNION branch with a WITH of its own sees _ too.
    const union = await getData(server, q("select 0 as hits union all with y as (select 1) select sum(hits) as hits from _"), acme);
    assert.equal(union.status, 200, union.text);
    assert.deepEqual(union.data?.find((row) => Number((row as { hits: unknown }).hits) > 0), count.data?.[0], union.text);
    for (const [text, message] of [
      ["select * from analytics_events", "Reading analytics_events (q may read only _, the pipe's result) is not allowed in queries with this token"],
      ["select * from _ where hits in analytics_pages", "Reading analytics_pages (q may read only _, the pipe's result) is not allowed in queries with this token"],
      // A name that is no table is refused as one that is: which tables exist is not the token's to learn.
      ["select * from _ where hits in no_such_table", "Reading no_such_table (q may read only _, the pipe's result) is not allowed in queries with this token"],
      ["select * from days", "Reading days (q may read only _, the pipe's result) is not allowed in queries with this token"],
      ["select * from _ settings max_threads = 1", "A SETTINGS clause is not allowed in queries with this token"],
    ]) {
      const got = await getData(server, q(text!), acme);
      assert.equal(got.status, 400, text);
      assert.equal(errorOf(got.text), message);
    }
  });

  test("a query that fails part-way leaves nothing for the next request to read", async () => {
    const globex = token([{ type: "DATASOURCES:READ", resource: "analytics_events", filter: "tenant_id = 'globex'" }]);
    for (let i = 0; i < 3; i++) {
      const failed = await getData(server, sql("SELECT tenant_id, domain, number, throwIf(number = 90000) FROM analytics_events, numbers(100000) FORMAT JSON"), acme);
      assert.equal(failed.status, 400);
      const next = await getData(server, sql("SELECT DISTINCT tenant_id FROM analytics_events FORMAT JSON"), globex);
      assert.equal(next.status, 200, next.text);
      assert.deepEqual(next.data, [{ tenant_id: "globex" }]);
    }
  });
});
