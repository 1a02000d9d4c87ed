/**
 * Holes the second adversarial pass over write holds across nodes and the fixes of the first
 * found (issues 17, 18):
 * - with several nodes, a backup or a delete inserts only its own node's acknowledged events
 *   first: another node's, acknowledged before the request and still in its write-ahead log,
 *   are missing from the backup, and come back after a delete (or a tenant delete) said done;
 * - a swap a crash interrupted is finished at the next start even when the hold has expired
 *   meanwhile (a node down more than ten minutes): it replaces the rows other nodes inserted
 *   since the build, acknowledged events lost without a word;
 * - a JSON body's empty array reads as an absent parameter: `"domain": []` deletes the whole
 *   tenant, `"dry_run": []` runs the delete;
 * - one Events API request of tiny unreadable lines from the public tracker token puts many
 *   times the backlog limit into the backlog (a 10 MB body of `{}` lines: 3.1M quarantine
 *   rows, 10 GB resident, every tenant's events refused meanwhile).
 *
 * The other node's write-ahead log is held still with a long flush interval, so that what it
 * acknowledged is certainly not in ClickHouse when the operation starts.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import pino from "pino";
import { finishInterruptedDataOps } from "../../src/data-ops/data-op-service.ts";
import { DataOpJournal } from "../../src/data-ops/journal.ts";
import { buildDataOp } from "../../src/data-ops/run-data-op.ts";
import { execute, queryRows, type Engine } from "../../src/engine/engine.ts";
import { openEngine } from "../../src/engine/open-engine.ts";
import { startClickHouseHttp, type ClickHouseHttp } from "../helpers/clickhouse-http.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { ndjson, postEvents, sql } from "../ingest/events-client.ts";

type Json = Record<string, unknown>;

const views = (site: string, count: number) => Array.from({ length: count }, (_, i) => ({ timestamp: "2026-11-10 10:00:00", site, path: `/p${i % 3}`, visitor: `${site}-${i}` }));

async function finished(server: TestServer, started: Response): Promise<Json> {
  const text = await started.text();
  assert.equal(started.status, 201, text);
  const { id } = JSON.parse(text) as { id: string };
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    const job = (await (await api(server, `/v0/jobs/${id}`)).json()) as Json;
    if (job.status === "done" || job.status === "error") return job;
  }
  throw new Error(`job ${id} did not finish`);
}

describe("several nodes: what another node acknowledged before an operation (attacker's regressions, session 7)", () => {
  let clickhouse: ClickHouseHttp;
  let a: TestServer;
  let b: TestServer;
  let backups: string;

  before(async () => {
    clickhouse = await startClickHouseHttp();
    backups = await mkdtemp(join(tmpdir(), "aviary-nodes-backup-"));
    const args = ["--clickhouse-url", clickhouse.url];
    a = await startServer({ project: "examples/pageviews", args });
    // Its acknowledged events stay in its write-ahead log for a minute unless something flushes them.
    b = await startServer({ project: "examples/pageviews", args: [...args, "--flush-ms", "60000"] });
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    for (const node of [a, b]) if (node) await rm(node.dataDir, { recursive: true, force: true });
    await rm(backups, { recursive: true, force: true });
    await clickhouse?.stop();
  });

  test("a backup holds every event acknowledged before it started, on any node", async () => {
    assert.equal((await postEvents(b, "pageviews", ndjson(views("before-backup.example", 50)))).status, 202);
    const job = await finished(a, await api(a, "/v0/backups", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ out: backups }) }));
    assert.equal(job.status, "done", String(job.error));
    const tables = (job.backup as { tables: Record<string, number> }).tables;
    assert.equal(tables.pageviews, 50, "the 50 events the other node acknowledged before the backup are missing from it");
  });

  test("rows a delete picks do not come back from another node's write-ahead log once it is done", async () => {
    assert.equal((await postEvents(b, "pageviews", ndjson(views("leaving.example", 40)))).status, 202);
    const job = await finished(a, await api(a, `/v0/datasources/pageviews/delete?${new URLSearchParams({ delete_condition: "site = 'leaving.example'" })}`, { method: "POST" }));
    assert.equal(job.status, "done", String(job.error));
    // Waited for: every event b acknowledged before it is inserted by then.
    assert.equal((await postEvents(b, "pageviews", ndjson(views("later.example", 1)), { wait: true })).status, 200);
    assert.deepEqual(await sql(a, "SELECT count() AS n FROM pageviews WHERE site = 'leaving.example'"), [{ n: 0 }], "rows acknowledged before the delete came back after it was done");
  });
});

describe("a swap a crash interrupted, finished after the hold expired (attacker's regression, session 7)", () => {
  let dir: string;
  let engine: Engine;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "aviary-late-swap-"));
    engine = await openEngine({ dataDir: dir, database: "aviary" });
    await execute(engine, "CREATE TABLE hits (ts DateTime, tenant String) ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY (tenant, ts)");
    await execute(engine, "INSERT INTO hits VALUES ('2026-12-01 10:00:00', 'x'), ('2026-12-01 11:00:00', 'y')");
  });
  after(async () => {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("rows inserted after the build (another node, once the hold expired) survive the swap finished at start", async () => {
    const plan = await buildDataOp(engine, { table: "hits", condition: "tenant = 'x'", targets: [] }, "late", "node1");
    // The node is killed mid-swap with its journal written; it stays down past the hold's ten minutes.
    await new DataOpJournal(dir).write({ id: "late", plan });
    // Another node resumes and inserts an event it acknowledged, into the partition the journal swaps.
    await execute(engine, "INSERT INTO hits VALUES ('2026-12-02 10:00:00', 'z')");
    // The killed node starts again; refusing to swap over newer rows would be fine too.
    await finishInterruptedDataOps(engine, dir, pino({ level: "silent" })).catch(() => undefined);
    assert.deepEqual(await queryRows(engine, "SELECT tenant FROM hits WHERE tenant = 'z'"), [{ tenant: "z" }], "the swap replaced a row inserted after its build");
  });
});

describe("the kit: attacker's regressions of session 7, second pass", () => {
  let server: TestServer;
  const row = (tenant: string, domain: string, i: number) => ({ timestamp: "2026-11-10 10:00:00", session_id: `s${i}`, action: "page_hit", version: "1", tenant_id: tenant, domain, payload: "{}" });
  const count = async (tenant: string, domain: string) => (await sql<{ n: number }>(server, `SELECT count() AS n FROM analytics_events WHERE tenant_id = '${tenant}' AND domain = '${domain}'`))[0]!.n;
  const jsonPost = (path: string, body: Json) => api(server, path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  before(async () => (server = await startServer({ args: ["--max-backlog-rows", "1000", "--flush-ms", "60000"] })));
  after(() => server.stop());

  test("an empty array for a tenant delete's domain does not delete the tenant's other domains", async () => {
    const rows = [...[0, 1, 2].map((i) => row("two-domains", "a.test", i)), ...[0, 1, 2].map((i) => row("two-domains", "b.test", i))];
    assert.equal((await postEvents(server, "analytics_events", ndjson(rows), { wait: true })).status, 200);
    const res = await jsonPost("/v0/tenants/two-domains/delete", { domain: [] });
    if (res.status === 201) await finished(server, res);
    else await res.text();
    assert.equal(await count("two-domains", "b.test"), 3, "a domain given as [] deleted every domain of the tenant");
  });

  test("an empty array for dry_run does not run the delete", async () => {
    assert.equal((await postEvents(server, "analytics_events", ndjson([0, 1].map((i) => row("dry", "d.test", i))), { wait: true })).status, 200);
    const res = await jsonPost("/v0/datasources/analytics_events/delete", { delete_condition: "tenant_id = 'dry'", dry_run: [] });
    if (res.status === 201) await finished(server, res);
    else await res.text();
    assert.equal(await count("dry", "d.test"), 2, "dry_run given as [] ran the delete");
  });

  // Last: it leaves the backlog full until the next flush.
  test("one request of the public tracker token does not put more rows in the backlog than its limit", async () => {
    const tracker = ((await (await api(server, "/v0/tokens")).json()) as { tokens: { name: string; token: string }[] }).tokens.find((t) => t.name === "tracker")!.token;
    // 15 kB: each `{}` line becomes a quarantine row (four errors, some 600 bytes).
    const res = await postEvents(server, "analytics_events", "{}\n".repeat(5000), { token: tracker });
    await res.text();
    const metrics = await (await api(server, "/metrics")).text();
    const backlog = Number(/^aviary_ingest_backlog_rows (\d+)$/m.exec(metrics)?.[1]);
    assert.ok(backlog <= 1000, `one request put ${backlog} rows in a backlog limited to 1000 (answered ${res.status})`);
  });
});
