/**
 * A delete interrupted after its rows left the raw table but before the views' new partitions
 * were swapped in (a kill at the worst moment, made here on purpose with the server stopped):
 * the journal entry written before the swap began makes the next start finish it, so the
 * tenant's numbers go from every view while the other tenants' stay exactly as they were.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { DataOpJournal } from "../../src/data-ops/journal.ts";
import { finishInterruptedDataOps } from "../../src/data-ops/data-op-service.ts";
import { buildDataOp, swapDataOp } from "../../src/data-ops/run-data-op.ts";
import { reachedTargets } from "../../src/data-ops/view-feeds.ts";
import { execute, queryRows } from "../../src/engine/engine.ts";
import { openEngine } from "../../src/engine/open-engine.ts";
import pino from "pino";
import { loadProject } from "../../src/project/load-project.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { KIT_PROJECT, kitParams, startSeededKit, TENANTS, type SeededKit } from "../client/helpers/seeded-kit.ts";

const [GONE, KEPT] = TENANTS;
let kit: SeededKit;
let resumed: TestServer | undefined;

async function topPages(server: Pick<TestServer, "url" | "adminToken">, tenant: string): Promise<unknown[]> {
  const res = await api(server, `/v0/pipes/top_pages.json?${new URLSearchParams(kitParams("top_pages", { tenant_id: tenant }))}`);
  assert.equal(res.status, 200);
  return ((await res.json()) as { data: unknown[] }).data;
}

before(async () => (kit = await startSeededKit()));
after(async () => {
  await resumed?.stop();
  await kit?.stop().catch(() => undefined);
});

test("a delete a crash interrupted is finished at the next start", async () => {
  const { server } = kit;
  const kept = await topPages(server, KEPT);
  assert.ok((await topPages(server, GONE)).length > 0);
  await server.stop({ keepData: true });

  // What the service does up to the raw table's swap, then the "crash".
  const project = await loadProject(KIT_PROJECT);
  const engine = await openEngine({ dataDir: server.dataDir, database: "aviary" });
  try {
    const op = { table: "analytics_events", condition: `tenant_id = '${GONE}'`, targets: reachedTargets(project, "analytics_events") };
    const plan = await buildDataOp(engine, op, "crashed", "test");
    assert.ok(plan.rowsRemoved > 0 && plan.swaps.length > 1);
    const journal = new DataOpJournal(server.dataDir);
    await journal.write({ id: "crashed", plan });
    // Swapped and recorded as the service does, up to the crash.
    await swapDataOp(engine, { ...plan, swaps: plan.swaps.slice(0, 1) }, { done: new Set(), swapped: (key) => journal.swapped("crashed", key) });
    const [gone] = await queryRows<{ n: string }>(engine, `SELECT count() AS n FROM analytics_events WHERE tenant_id = '${GONE}'`);
    assert.equal(Number(gone!.n), 0, "the raw table's partitions were swapped in");
    const [left] = await queryRows<{ n: string }>(engine, `SELECT count() AS n FROM analytics_pages_mv WHERE tenant_id = '${GONE}'`);
    assert.ok(Number(left!.n) > 0, "the views still hold the deleted rows, as a crash would leave them");
  } finally {
    await engine.close();
  }

  resumed = await startServer({ project: KIT_PROJECT, dataDir: server.dataDir });
  assert.ok(resumed.logs.some((line) => line.includes("finishing one a stop interrupted")));
  assert.deepEqual(await topPages(resumed, GONE), []);
  assert.deepEqual(await topPages(resumed, KEPT), kept);
  assert.deepEqual(await new DataOpJournal(server.dataDir).pending(), []);
});

test("a journal entry an earlier version wrote (a plan of mutations) stops the start with what to do, not a crash", async () => {
  const dir = await mkdtemp(join(tmpdir(), "aviary-old-journal-"));
  try {
    await mkdir(join(dir, "data-ops"));
    await writeFile(join(dir, "data-ops", "1.json"), JSON.stringify({ id: "1", plan: { table: "analytics_events", condition: "1", rowsAffected: 3, deleteFrom: [], recompute: [] } }));
    await assert.rejects(new DataOpJournal(dir).pending(), /written by an earlier version of Aviary.*start that version once to finish it, or remove the file/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a kill between a partition's swap and its record: the start finishes the operation, and still refuses over rows inserted since", async () => {
  const dir = await mkdtemp(join(tmpdir(), "aviary-unrecorded-swap-"));
  const engine = await openEngine({ dataDir: dir, database: "aviary" });
  const tenants = async () => (await queryRows<{ tenant: string }>(engine, "SELECT tenant FROM hits ORDER BY tenant")).map((r) => r.tenant);
  // Swapped in, the kill coming before the record: as the service's swap would leave it.
  const swappedUnrecorded = async (id: string) => {
    const plan = await buildDataOp(engine, { table: "hits", condition: "tenant = 'x'", targets: [] }, id, "test");
    await new DataOpJournal(dir).write({ id, plan });
    await swapDataOp(engine, plan);
  };
  try {
    await execute(engine, "CREATE TABLE hits (ts DateTime, tenant String) ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY (tenant, ts)");
    await execute(engine, "INSERT INTO hits VALUES ('2026-11-01 10:00:00', 'x'), ('2026-12-01 10:00:00', 'x'), ('2026-12-01 11:00:00', 'y')");
    await execute(engine, "INSERT INTO hits VALUES ('2026-12-01 12:00:00', 'y')");
    await swappedUnrecorded("unrecorded");
    await finishInterruptedDataOps(engine, dir, pino({ level: "silent" }));
    assert.deepEqual(await new DataOpJournal(dir).pending(), [], "the start refused an operation whose swap had been done");
    assert.deepEqual(await tenants(), ["y", "y"]);

    await execute(engine, "INSERT INTO hits VALUES ('2026-12-02 10:00:00', 'x')");
    await swappedUnrecorded("then-inserted");
    // Another node's insert after the swap: the partition no longer holds what was staged.
    await execute(engine, "INSERT INTO hits VALUES ('2026-12-03 10:00:00', 'z')");
    await assert.rejects(finishInterruptedDataOps(engine, dir, pino({ level: "silent" })), /rows were inserted since it was built into hits \(partition 202612\)/);
    assert.deepEqual(await tenants(), ["y", "y", "z"]);
  } finally {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
});
