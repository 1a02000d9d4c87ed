/**
 * Holes the adversarial pass over tenant isolation and data operations found (issues 17, 18):
 * the public tracker token outdating every tenant's cached answers through the Data Sources
 * API; rows a public token spreads over more than 100 months making a tenant impossible to
 * delete; a swap that fails for good once ClickHouse has cleared a partition the build emptied
 * (reads and writes held for five minutes, then the node stops and cannot start again); and a
 * JSON body's boolean `dry_run` answered with a 500.
 *
 * The swap's case is driven on the engine directly: over HTTP it takes a build longer than
 * ClickHouse's cleanup delay (30 to 40 s; a tenant with rows in 50 months of the kit's
 * datasource is enough), and the test does in one statement what that cleanup does.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { buildDataOp, dropBuilt, swapDataOp } from "../../src/data-ops/run-data-op.ts";
import { execute, queryRows, type Engine } from "../../src/engine/engine.ts";
import { openEngine } from "../../src/engine/open-engine.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";

type Json = Record<string, unknown>;

async function json(server: TestServer, path: string, init: Parameters<typeof api>[2] = {}): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await api(server, path, init);
  const text = await res.text();
  return { status: res.status, body: text === "" ? {} : (JSON.parse(text) as Json), headers: res.headers };
}

async function tokenNamed(server: TestServer, name: string): Promise<string> {
  const { body } = await json(server, "/v0/tokens");
  return (body.tokens as { name: string; token: string }[]).find((t) => t.name === name)!.token;
}

async function finished(server: TestServer, id: unknown): Promise<Json> {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    const { body } = await json(server, `/v0/jobs/${String(id)}`);
    if (body.status === "done" || body.status === "error") return body;
  }
  throw new Error(`job ${String(id)} did not finish`);
}

describe("the kit: attacker's regressions of session 7", () => {
  let server: TestServer;
  before(async () => (server = await startServer()));
  after(() => server.stop());

  test("the public tracker token's Data Sources API appends do not outdate another tenant's cached answers", async () => {
    const row = (tenant: string) => JSON.stringify({ timestamp: "2026-01-15 10:00:00", session_id: "s1", action: "page_hit", version: "1", tenant_id: tenant, domain: `${tenant}.test`, payload: JSON.stringify({ pathname: "/p", href: `https://${tenant}.test/p` }) });
    assert.equal((await api(server, "/v0/events?name=analytics_events&wait=true", { method: "POST", body: row("cache-a") })).status, 200);
    const minted = await json(server, `/v0/tokens?expiration_time=${Math.floor(Date.now() / 1000) + 3600}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "cache-a", scopes: [{ type: "PIPES:READ", resource: "top_pages", fixed_params: { tenant_id: "cache-a" } }] }),
    });
    assert.equal(minted.status, 200, JSON.stringify(minted.body));
    // Dates given: the statement does not read the clock, so its answer lasts until a write under it.
    const read = () => json(server, "/v0/pipes/top_pages.json?date_from=2026-01-01&date_to=2026-01-31", { token: String(minted.body.token) });
    await read();
    assert.equal((await read()).headers.get("x-aviary-cache"), "hit");
    const tracker = await tokenNamed(server, "tracker");
    // One refused byte: ClickHouse wrote nothing, yet every tenant's answers were outdated.
    const refused = await api(server, "/v0/datasources?name=analytics_events&mode=append", { method: "POST", body: "x", token: tracker });
    await refused.text();
    assert.equal((await read()).headers.get("x-aviary-cache"), "hit", "a refused append by the public token outdated tenant cache-a's cached answer");
    // One row of another tenant: the Events API would outdate that tenant's answers only.
    const other = await api(server, "/v0/datasources?name=analytics_events&mode=append", { method: "POST", body: row("cache-b"), token: tracker });
    await other.text();
    assert.equal((await read()).headers.get("x-aviary-cache"), "hit", "a row of tenant cache-b appended by the public token outdated tenant cache-a's cached answer");
  });

  test("a JSON body's boolean dry_run is not a 500", async () => {
    for (const dryRun of [true, false]) {
      const { status, body } = await json(server, "/v0/datasources/analytics_events/delete", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ delete_condition: "tenant_id = 'nobody'", dry_run: dryRun }),
      });
      assert.notEqual(status, 500, `dry_run: ${dryRun}: ${JSON.stringify(body)}`);
    }
  });
});

describe("a datasource partitioned by month: attacker's regressions of session 7", () => {
  let server: TestServer;
  let project: string;

  before(async () => {
    project = await mkdtemp(join(tmpdir(), "aviary-months-"));
    const datasource = [
      'TOKEN "tracker" APPEND',
      "",
      "SCHEMA >",
      "    `timestamp` DateTime `json:$.timestamp`,",
      "    `tenant_id` String `json:$.tenant_id`,",
      "    `path` String `json:$.path`",
      "",
      'ENGINE "MergeTree"',
      'ENGINE_PARTITION_KEY "toYYYYMM(timestamp)"',
      'ENGINE_SORTING_KEY "tenant_id, timestamp"',
      "",
    ].join("\n");
    await writeFile(join(project, "hits.datasource"), datasource);
    server = await startServer({ project });
  });
  after(async () => {
    await server.stop();
    await rm(project, { recursive: true, force: true });
  });

  test("a tenant whose rows a public token spread over 101 months can still be deleted", async () => {
    // What anyone can send with the page's tracker token: one row a month, dated as the sender likes.
    const rows = Array.from({ length: 101 }, (_, i) => JSON.stringify({ timestamp: `${2030 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}-15 10:00:00`, tenant_id: "wide", path: "/" }));
    const sent = await api(server, "/v0/events?name=hits&wait=true", { method: "POST", body: rows.join("\n"), token: await tokenNamed(server, "tracker") });
    assert.deepEqual([sent.status, await sent.json()], [200, { successful_rows: 101, quarantined_rows: 0 }]);
    const { status, body } = await json(server, "/v0/tenants/wide/delete", { method: "POST" });
    assert.equal(status, 201, JSON.stringify(body));
    const job = await finished(server, body.id);
    assert.equal(job.status, "done", `the tenant cannot be deleted: ${String(job.error).slice(0, 200)}`);
    assert.equal(job.verified, true);
  });
});

describe("the swap of a data operation: attacker's regressions of session 7", () => {
  let dir: string;
  let engine: Engine;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "aviary-empty-partition-"));
    engine = await openEngine({ dataDir: dir, database: "aviary" });
    await execute(engine, "CREATE TABLE hits (ts DateTime, tenant String) ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY (tenant, ts)");
    // March holds tenant x's rows only: deleting x empties it.
    await execute(engine, "INSERT INTO hits VALUES ('2031-03-05 10:00:00', 'x'), ('2026-01-05 10:00:00', 'x'), ('2026-01-06 10:00:00', 'y')");
  });
  after(async () => {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("a partition the build emptied still swaps once ClickHouse has cleared its empty part", async () => {
    const plan = await buildDataOp(engine, { table: "hits", condition: "tenant = 'x'", targets: [] }, "emptied", "test");
    const staging = plan.swaps[0]!.staging;
    // What ClickHouse's cleanup does to a part a mutation left with no rows, 30 to 40 s on;
    // the kit's builds take that long from about 50 months of a tenant's rows.
    const empty = await queryRows<{ name: string }>(engine, `SELECT name FROM system.parts WHERE database = currentDatabase() AND table = '${staging}' AND active AND rows = 0`);
    for (const { name } of empty) await execute(engine, `ALTER TABLE ${staging} DROP PART '${name}'`);
    // Refused here, the swap was retried for 5 minutes with reads and writes held, then the
    // node stopped, and every later start failed replaying it from the journal.
    await swapDataOp(engine, plan);
    await dropBuilt(engine, plan);
    assert.deepEqual(await queryRows(engine, "SELECT toString(ts) AS ts, tenant FROM hits ORDER BY ts"), [{ ts: "2026-01-06 10:00:00", tenant: "y" }]);
  });
});
