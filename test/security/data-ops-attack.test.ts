/**
 * Holes the adversarial pass over data operations found (issue 18), over real HTTP against
 * the kit: acknowledged events outliving a tenant's deletion, conditions a mutation cannot run
 * accepted, a condition on a virtual column meaning one thing on the datasource and another on
 * its staging copy, export formats and long tenant ids, and one failed mutation blocking every
 * later delete. That last one rests on how ClickHouse reads a MergeTree: a SELECT (the check, the dry
 * run, the job's planning) skips the granules (8,192 rows) its primary key rules out, while the
 * mutation evaluates the condition on every row of a part it touches. Rows of each test sit in
 * a month of their own, so in parts of their own.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { api, startServer, type TestServer } from "../helpers/server.ts";

type Json = Record<string, unknown>;

describe("data operations: attacker's regressions", () => {
  let server: TestServer;

  // Acknowledged events wait in the write-ahead log until a request with wait=true flushes them.
  before(async () => (server = await startServer({ args: ["--flush-ms", "60000"] })));
  after(() => server.stop());

  async function json(path: string, init: Parameters<typeof api>[2] = {}): Promise<{ status: number; body: Json }> {
    const res = await api(server, path, init);
    const text = await res.text();
    return { status: res.status, body: text === "" ? {} : (JSON.parse(text) as Json) };
  }

  /** `n` page hits of a tenant and domain at `day`, in one request (one insert, one part). */
  const rows = (tenant: string, domain: string, day: string, n: number) =>
    Array.from({ length: n }, (_, i) => JSON.stringify({ timestamp: `${day} 10:${String(i % 60).padStart(2, "0")}:00`, session_id: `s${i % 50}`, action: "page_hit", version: "1", tenant_id: tenant, domain, payload: JSON.stringify({ pathname: "/p", href: `https://${domain}/p` }) }));

  async function send(lines: string[], wait: boolean): Promise<number> {
    const res = await api(server, `/v0/events?name=analytics_events${wait ? "&wait=true" : ""}`, { method: "POST", body: lines.join("\n") });
    await res.text();
    return res.status;
  }

  async function count(where: string, table = "analytics_events"): Promise<number> {
    const { status, body } = await json(`/v0/sql?q=${encodeURIComponent(`SELECT count() AS n FROM ${table} WHERE ${where} FORMAT JSON`)}`);
    assert.equal(status, 200, JSON.stringify(body));
    return Number((body.data as { n: number }[])[0]!.n);
  }

  async function finished(id: unknown): Promise<Json> {
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      const { body } = await json(`/v0/jobs/${String(id)}`);
      if (body.status === "done" || body.status === "error") return body;
    }
    throw new Error(`job ${String(id)} did not finish`);
  }

  const deleteRows = (condition: string) => json("/v0/datasources/analytics_events/delete", { method: "POST", body: new URLSearchParams({ delete_condition: condition }) });

  test("a tenant delete also removes the events acknowledged before it was asked for", async () => {
    const today = new Date().toISOString().slice(0, 10);
    assert.equal(await send(rows("wal-gone", "gone.test", today, 5), false), 202);
    const { status, body } = await json("/v0/tenants/wal-gone/delete", { method: "POST" });
    assert.equal(status, 201, JSON.stringify(body));
    const job = await finished(body.id);
    assert.equal(job.status, "done", JSON.stringify(job));
    assert.equal(job.verified, true);
    // Any later insert flushes the log; the tenant's rows must not come back with it.
    assert.equal(await send(rows("wal-other", "other.test", today, 1), true), 200);
    assert.equal(await count("tenant_id = 'wal-gone'"), 0, "rows acknowledged before the delete landed after it was verified");
  });

  test("a condition ClickHouse refuses in a mutation (arrayJoin) is a 400, not a job that fails", async () => {
    const { status, body } = await deleteRows("tenant_id = 'nobody' AND arrayJoin([1]) = 1");
    assert.equal(status, 400, `a job was queued: ${JSON.stringify(body)}`);
    assert.match(String(body.error), /^Invalid delete_condition for Data Source "analytics_events": /);
  });

  test("export formats named after Object.prototype's keys are unknown formats", async () => {
    const { status, body } = await json("/v0/tenants/wal-other/export?format=constructor");
    assert.deepEqual([status, body], [400, { error: "Unknown export format 'constructor': use ndjson, csv or parquet" }]);
  });

  test("a tenant whose id is longer than 100 characters can be exported and deleted", async () => {
    const tenant = "t".repeat(101);
    assert.equal(await send(rows(tenant, "long.test", "2026-07-10", 3), true), 200);
    const exported = await api(server, `/v0/tenants/${tenant}/export?format=csv`);
    await exported.text();
    assert.deepEqual([exported.status, exported.headers.get("x-aviary-rows")], [200, "3"]);
    const { status, body } = await json(`/v0/tenants/${tenant}/delete`, { method: "POST" });
    assert.equal(status, 201, JSON.stringify(body));
    assert.equal((await finished(body.id)).status, "done");
    assert.equal(await count(`tenant_id = '${tenant}'`), 0);
  });

  test("a replace_condition on a virtual column (_table) neither deletes other tenants' rows nor leaves the views out of step", async () => {
    // Month of its own: tenant vr-a's rows sit in April; the replace brings a new tenant's rows into the same month.
    assert.equal(await send(rows("vr-a", "a.test", "2026-04-10", 5), true), 200);
    const incoming = rows("vr-new", "new.test", "2026-04-12", 3).join("\n");
    // On analytics_events `_table` picks no row; in the staging copy (named _aviary_copy_…) it picks every one.
    const condition = encodeURIComponent("startsWith(_table, '_aviary')");
    const { status, body } = await json(`/v0/datasources?name=analytics_events&mode=replace&replace_condition=${condition}`, { method: "POST", body: incoming });
    assert.equal(status, 400, JSON.stringify(body));
    assert.match(String(body.error), /^Invalid replace_condition for Data Source "analytics_events": _table is not a column of the datasource/);
    for (const virtual of ["_part = 'all_1_1_0'", "_block_number > 0", "_row_exists = 1 AND tenant_id = 'vr-a'"]) {
      assert.equal((await deleteRows(virtual)).status, 400, virtual);
    }
    assert.equal(await count("tenant_id = 'vr-a'"), 5, "rows the condition did not pick were deleted");
    assert.equal(await count("tenant_id = 'vr-a'", "analytics_page_views_mv"), 5, "the view and the datasource disagree");
  });

  test("functions ClickHouse does not call deterministic (NULL in system.functions: neighbor, runningAccumulate) are refused", async () => {
    for (const condition of ["runningAccumulate(initializeAggregation('sumState', 1)) < 3", "neighbor(tenant_id, 1) = 'x'"]) {
      const { status, body } = await deleteRows(condition);
      assert.equal(status, 400, `${condition}: ${JSON.stringify(body)}`);
    }
  });

  // Last: on the code this was written against, it leaves analytics_events unable to delete anything.
  test("a delete whose condition fails on rows the check never read changes nothing, and later deletes work", async () => {
    // Sorted by tenant and domain: granule 0 holds pz-a/x and the first pz-a/y rows, the last granule pz-b's.
    assert.equal(await send([...rows("pz-a", "x.test", "2026-09-10", 100), ...rows("pz-a", "y.test", "2026-09-10", 20_000), ...rows("pz-b", "b.test", "2026-09-10", 10)], true), 200);
    const poison = await deleteRows("throwIf(tenant_id = 'pz-b') = 0 AND tenant_id = 'pz-a' AND domain = 'x.test' AND toYYYYMM(timestamp) = 202609");
    if (poison.status === 201) await finished(poison.body.id);
    else assert.equal(poison.status, 400, JSON.stringify(poison.body));
    // The same trap with a cast that throws on pz-b's rows only: refused by no check, it fails the job before anything is deleted.
    const cast = await deleteRows("if(tenant_id = 'pz-b', toUInt8(domain), 0) = 0 AND tenant_id = 'pz-a' AND domain = 'x.test' AND toYYYYMM(timestamp) = 202609");
    assert.equal(cast.status, 201, JSON.stringify(cast.body));
    const failed = await finished(cast.body.id);
    assert.equal(failed.status, "error");
    assert.match(String(failed.error), /Cannot parse|CANNOT_PARSE/);
    assert.equal(await count("tenant_id = 'pz-a' AND domain = 'x.test'"), 100);
    const { status, body } = await deleteRows("tenant_id = 'pz-a' AND domain = 'y.test'");
    assert.equal(status, 201, JSON.stringify(body));
    const job = await finished(body.id);
    assert.equal(job.status, "done", `a failed delete holds every later one: ${String(job.error).slice(0, 300)}`);
    assert.equal(await count("tenant_id = 'pz-a' AND domain = 'y.test'"), 0);
    assert.equal(await count("tenant_id = 'pz-a' AND domain = 'y.test'", "analytics_pages_mv"), 0);
  });
});
