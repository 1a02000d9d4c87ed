/**
 * The build-then-swap engine stage of a data operation on plain chdb tables (run-data-op.ts),
 * for what the kit's own tables do not show: a view reading another view's target, a Null
 * table, rows inserted past the write gate between the build and the swap, and a domain's
 * rows whose view keeps sites apart but names them differently from the condition.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { buildDataOp, dropBuilt, insertedSince, swapDataOp, swapUntilDone, type DataOp, type DataOpPlan } from "../../src/data-ops/run-data-op.ts";
import type { ReachedTarget } from "../../src/data-ops/view-feeds.ts";
import { execute, queryRows, type Engine } from "../../src/engine/engine.ts";
import { openEngine } from "../../src/engine/open-engine.ts";

let dir: string;
let engine: Engine;

// hits → daily (per day and page) → monthly (per month, from daily's rows): the second reads the first's target.
const DAILY = "SELECT toDate(ts) AS day, page, count() AS hits FROM hits GROUP BY day, page";
const MONTHLY = "SELECT toStartOfMonth(day) AS month, sum(hits) AS hits FROM daily GROUP BY month";
const targets: ReachedTarget[] = [
  { target: "daily", direct: true, feeds: [{ view: "daily_mv", target: "daily", select: DAILY, reads: new Set(["hits"]) }] },
  { target: "monthly", direct: false, feeds: [{ view: "monthly_mv", target: "monthly", select: MONTHLY, reads: new Set(["daily"]) }] },
];

async function rows(sql: string): Promise<string[]> {
  return (await queryRows<Record<string, unknown>>(engine, sql)).map((r) => Object.values(r).join(" "));
}

async function run(op: DataOp, id: string): Promise<DataOpPlan> {
  const plan = await buildDataOp(engine, op, id, "test");
  await swapDataOp(engine, plan);
  await dropBuilt(engine, plan);
  return plan;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "aviary-build-swap-"));
  engine = await openEngine({ dataDir: dir, database: "aviary" });
  await execute(engine, "CREATE TABLE hits (ts DateTime, page String) ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY ts");
  await execute(engine, "CREATE TABLE daily (day Date, page String, hits UInt64) ENGINE = SummingMergeTree PARTITION BY toYYYYMM(day) ORDER BY (day, page)");
  await execute(engine, "CREATE TABLE monthly (month Date, hits UInt64) ENGINE = SummingMergeTree PARTITION BY toYear(month) ORDER BY month");
  await execute(engine, `CREATE MATERIALIZED VIEW daily_mv TO daily AS ${DAILY}`);
  await execute(engine, `CREATE MATERIALIZED VIEW monthly_mv TO monthly AS ${MONTHLY}`);
  await execute(engine, "CREATE TABLE sink (ts DateTime, page String) ENGINE = Null");
  await execute(engine, "INSERT INTO hits VALUES ('2026-01-05 10:00:00', '/a'), ('2026-01-05 11:00:00', '/b'), ('2026-02-01 09:00:00', '/a'), ('2026-02-02 09:00:00', '/a')");
});
after(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

test("a delete reaches a view that reads another view's target, computed from the first one as it will be", async () => {
  await run({ table: "hits", condition: "page = '/a' AND ts >= '2026-02-01'", targets }, "del");
  assert.deepEqual(await rows("SELECT day, page, sum(hits) FROM daily GROUP BY day, page ORDER BY day, page"), ["2026-01-05 /a 1", "2026-01-05 /b 1"]);
  assert.deepEqual(await rows("SELECT month, sum(hits) FROM monthly GROUP BY month ORDER BY month"), ["2026-01-01 2"]);
  assert.deepEqual(await rows("SELECT name FROM system.tables WHERE database = currentDatabase() AND name LIKE '%aviary%'"), [], "staging tables and views are left behind");
});

test("a replace into a Null table inserts its new rows, which reach its views as any insert", async () => {
  await execute(engine, "CREATE TABLE sink_pages (page String, n UInt64) ENGINE = SummingMergeTree ORDER BY page");
  await execute(engine, "CREATE MATERIALIZED VIEW sink_mv TO sink_pages AS SELECT page, count() AS n FROM sink GROUP BY page");
  await execute(engine, "CREATE TABLE sink_in AS sink ENGINE = MergeTree ORDER BY tuple()");
  await execute(engine, "INSERT INTO sink_in VALUES ('2026-03-01 00:00:00', '/x'), ('2026-03-01 00:00:00', '/y')");
  const feeds = [{ view: "sink_mv", target: "sink_pages", select: "SELECT page, count() AS n FROM sink GROUP BY page", reads: new Set(["sink"]) }];
  const plan = await buildDataOp(engine, { table: "sink", condition: "page = '/x'", targets: [{ target: "sink_pages", direct: true, feeds }], incoming: "sink_in" }, "null", "test");
  assert.deepEqual([plan.rowsAdded, plan.swaps.length], [1, 0]);
  assert.deepEqual(await rows("SELECT page, sum(n) FROM sink_pages GROUP BY page"), ["/x 1"]);
});

test("rows inserted past the gate after the build began are seen before the swap would drop them; merges are not inserts", async () => {
  const plan = await buildDataOp(engine, { table: "hits", condition: "page = '/b'", targets }, "late", "test");
  await execute(engine, "OPTIMIZE TABLE hits FINAL");
  await execute(engine, "OPTIMIZE TABLE daily FINAL");
  assert.deepEqual(await insertedSince(engine, plan), []);
  await execute(engine, "INSERT INTO hits VALUES ('2026-01-06 10:00:00', '/c')");
  assert.deepEqual(await insertedSince(engine, plan), ["hits", "daily", "monthly"]);
  await dropBuilt(engine, plan);
});

test("a domain's rows leave a view keyed by tenant and domain outright only when no row left feeds them", async () => {
  await execute(engine, "CREATE TABLE ev (tenant_id String, domain String, host String, n UInt64) ENGINE = MergeTree ORDER BY (tenant_id, domain)");
  await execute(engine, "CREATE TABLE by_site (tenant_id String, domain String, n UInt64) ENGINE = SummingMergeTree ORDER BY (tenant_id, domain)");
  // The view names a row's site from `host` when `domain` is empty: a condition on `domain` alone leaves such rows feeding the site.
  const select = "SELECT tenant_id, if(domain = '', host, domain) AS domain, sum(n) AS n FROM ev GROUP BY tenant_id, domain";
  await execute(engine, `CREATE MATERIALIZED VIEW by_site_mv TO by_site AS ${select}`);
  await execute(engine, "INSERT INTO ev VALUES ('t', 'a.com', 'a.com', 1), ('t', '', 'a.com', 10), ('t', 'b.com', 'b.com', 100), ('u', 'a.com', 'a.com', 1000)");
  const bySite: ReachedTarget[] = [{ target: "by_site", direct: true, feeds: [{ view: "by_site_mv", target: "by_site", select, reads: new Set(["ev"]) }] }];
  const group = { tenant: "t", domain: "a.com" };
  const plan = await buildDataOp(engine, { table: "ev", condition: "tenant_id = 't' AND domain = 'a.com'", targets: bySite, group }, "site", "test");
  assert.deepEqual(plan.groupRowsOnly, [], "rows left feed the domain: the view must be computed again");
  await swapDataOp(engine, plan);
  await dropBuilt(engine, plan);
  assert.deepEqual(await rows("SELECT tenant_id, domain, sum(n) FROM by_site GROUP BY tenant_id, domain ORDER BY tenant_id, domain"), ["t a.com 10", "t b.com 100", "u a.com 1000"]);

  const outright = await run({ table: "ev", condition: "tenant_id = 't' AND if(domain = '', host, domain) = 'a.com'", targets: bySite, group }, "site2");
  assert.deepEqual(outright.groupRowsOnly, ["by_site"]);
  assert.deepEqual(await rows("SELECT tenant_id, domain, sum(n) FROM by_site GROUP BY tenant_id, domain ORDER BY tenant_id, domain"), ["t b.com 100", "u a.com 1000"]);
});

test("a replace of one tenant's rows gives a view keyed by tenant the new rows' aggregates, the other tenants' rows untouched", async () => {
  await execute(engine, "CREATE TABLE ev_in AS ev ENGINE = MergeTree ORDER BY tuple()");
  await execute(engine, "INSERT INTO ev_in VALUES ('u', 'a.com', 'a.com', 2), ('u', 'c.com', 'c.com', 3), ('t', 'z.com', 'z.com', 9)");
  const select = "SELECT tenant_id, if(domain = '', host, domain) AS domain, sum(n) AS n FROM ev GROUP BY tenant_id, domain";
  const bySite: ReachedTarget[] = [{ target: "by_site", direct: true, feeds: [{ view: "by_site_mv", target: "by_site", select, reads: new Set(["ev"]) }] }];
  const plan = await run({ table: "ev", condition: "tenant_id = 'u'", targets: bySite, incoming: "ev_in" }, "rep");
  assert.deepEqual([plan.rowsRemoved, plan.rowsAdded, plan.groupRowsOnly], [1, 2, ["by_site"]]);
  assert.deepEqual(await rows("SELECT tenant_id, domain, sum(n) FROM by_site GROUP BY tenant_id, domain ORDER BY tenant_id, domain"), ["t b.com 100", "u a.com 2", "u c.com 3"]);
  assert.deepEqual(await rows(`SELECT * FROM (${select}) ORDER BY tenant_id, domain`), ["t b.com 100", "u a.com 2", "u c.com 3"], "the view disagrees with its source");
});

test("a swap that fails part-way is tried again until done; one that keeps failing halts instead of letting writes in", async () => {
  await execute(engine, "INSERT INTO hits VALUES ('2026-05-01 10:00:00', '/r'), ('2026-05-02 10:00:00', '/s')");
  const plan = await buildDataOp(engine, { table: "hits", condition: "page = '/r'", targets }, "retry", "test");
  // The engine goes away after the datasource's partitions are in and before the views' are.
  let failures = 2;
  const flaky: Engine = { ...engine, query: (sql, options) => (/REPLACE PARTITION/.test(sql) && sql.includes("`daily`") && failures-- > 0 ? Promise.reject(new Error("engine unreachable")) : engine.query(sql, options)) };
  const logged: unknown[] = [];
  const halt = (reason: string): never => {
    throw new Error(`halted: ${reason}`);
  };
  await swapUntilDone(flaky, plan, { retryMs: 10_000, logger: { error: (obj: unknown) => void logged.push(obj) }, halt });
  assert.equal(logged.length, 2);
  assert.deepEqual(await rows("SELECT day, page, sum(hits) FROM daily WHERE day >= '2026-05-01' GROUP BY day, page ORDER BY day"), ["2026-05-02 /s 1"]);

  const down: Engine = { ...engine, query: (sql, options) => (/REPLACE PARTITION/.test(sql) ? Promise.reject(new Error("engine unreachable")) : engine.query(sql, options)) };
  await assert.rejects(swapUntilDone(down, plan, { retryMs: 600, logger: { error: () => undefined }, halt }), /halted: data operation on hits: its swap still fails \(engine unreachable\); stopping without writing anything more/);
  await dropBuilt(engine, plan);
});
