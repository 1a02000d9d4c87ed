/**
 * The state store's pieces on their own: the state tables' statements (ClickHouse's own
 * parser accepts each, in both modes), the claims lease keeping two holders apart on one
 * server, and the project version deploy compares.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { query } from "chdb";
import { ChdbEngine } from "../../src/engine/chdb-engine.ts";
import { quoteString } from "../../src/engine/ddl.ts";
import { deployProject } from "../../src/engine/deploy.ts";
import { execute, queryRows } from "../../src/engine/engine.ts";
import { clickhouseState, keyedState } from "../../src/state/clickhouse-state.ts";
import { keyedDeployRecord } from "../../src/state/keyed-deploy-record.ts";
import { loadProject } from "../../src/project/load-project.ts";
import { withDeployLease } from "../../src/state/deploy-lease.ts";
import { projectVersion } from "../../src/state/project-version.ts";
import { stateTablesSql } from "../../src/state/state-tables.ts";

/** A chdb engine of its own, with the one-server state tables. */
async function engineWithState(database: string): Promise<{ engine: ChdbEngine; close: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `aviary-${database}-`));
  const engine = await ChdbEngine.open(dir, database);
  for (const sql of stateTablesSql(database)) await execute(engine, sql);
  const close = async () => {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  };
  return { engine, close };
}

const parses = (sql: string) => query(`SELECT formatQuery(${quoteString(sql)})`, "TSVRaw").toString().length > 0;

describe("state tables", () => {
  test("one server: MergeTree tables (the write holds too), no ON CLUSTER", () => {
    const sql = stateTablesSql("aviary");
    assert.deepEqual(sql.map((s) => /ENGINE = (\w+)/.exec(s)?.[1]), ["ReplacingMergeTree", "MergeTree", "MergeTree", "MergeTree"]);
    for (const s of sql) assert.ok(parses(s) && !s.includes("ON CLUSTER"), s);
  });

  test("a cluster: keyed state and lease in KeeperMap, builds replicated on every node, all ON CLUSTER", () => {
    const sql = stateTablesSql("aviary", "two-by-two");
    assert.deepEqual(sql, [
      "CREATE TABLE IF NOT EXISTS _aviary_state ON CLUSTER `two-by-two` (key String, value String, updated_at DateTime64(6) DEFAULT now64(6)) ENGINE = KeeperMap('/aviary/aviary/_aviary_state') PRIMARY KEY key",
      "CREATE TABLE IF NOT EXISTS _aviary_builds ON CLUSTER `two-by-two` (id String, files String, built_at DateTime64(6) DEFAULT now64(6)) ENGINE = ReplicatedMergeTree('/clickhouse/tables/aviary-state/{database}/_aviary_builds', '{replica}') ORDER BY built_at",
      "CREATE TABLE IF NOT EXISTS _aviary_lease ON CLUSTER `two-by-two` (name String, owner String, expires_at DateTime64(3)) ENGINE = KeeperMap('/aviary/aviary/_aviary_lease') PRIMARY KEY name",
    ]);
    for (const s of sql) assert.ok(parses(s), s);
  });
});

describe("the deploy lease on one server (claims read back)", () => {
  let engine: ChdbEngine;
  let close: () => Promise<void>;
  before(async () => ({ engine, close } = await engineWithState("lease_test")));
  after(() => close());

  test("four contenders at once: each runs, never two at a time", async () => {
    let inside = 0;
    const overlaps: number[] = [];
    const runs: number[] = [];
    await Promise.all(
      [1, 2, 3, 4].map((n) =>
        withDeployLease(engine, undefined, async () => {
          inside++;
          overlaps.push(inside);
          await new Promise((done) => setTimeout(done, 50));
          inside--;
          runs.push(n);
        }),
      ),
    );
    assert.deepEqual(overlaps, [1, 1, 1, 1]);
    assert.deepEqual([...runs].sort(), [1, 2, 3, 4]);
  });

  test("released after work that fails, so the next one gets it", async () => {
    await assert.rejects(withDeployLease(engine, undefined, async () => Promise.reject(new Error("deploy broke"))), { message: "deploy broke" });
    assert.equal(await withDeployLease(engine, undefined, async () => "next"), "next");
  });
});

describe("the deploy record as keys of the shared state (cluster mode's)", () => {
  let engine: ChdbEngine;
  let close: () => Promise<void>;
  before(async () => ({ engine, close } = await engineWithState("record_test")));
  after(() => close());

  test("a second deploy plans against it and changes nothing; no _aviary_resources table is made", async () => {
    const project = await loadProject("examples/pageviews");
    const record = keyedDeployRecord(keyedState(engine));
    const first = await deployProject(engine, project, { record });
    assert.deepEqual(first.created.sort(), ["daily_pages", "daily_pages_mv", "pageviews"]);
    const second = await deployProject(engine, project, { record });
    assert.deepEqual({ created: second.created, changed: second.changed, dropped: second.dropped }, { created: [], changed: [], dropped: [] });
    assert.deepEqual(await queryRows(engine, "SELECT name FROM system.tables WHERE database = 'record_test' AND name = '_aviary_resources'"), []);
    const keys = await queryRows<{ key: string }>(engine, "SELECT DISTINCT key FROM _aviary_state WHERE startsWith(key, 'resource:') ORDER BY key");
    assert.deepEqual(keys.map((k) => k.key), ["resource:daily_pages", "resource:daily_pages_mv", "resource:pageviews"]);
  });
});

describe("tenant retention in the shared state", () => {
  let engine: ChdbEngine;
  let close: () => Promise<void>;
  before(async () => ({ engine, close } = await engineWithState("retention_test")));
  after(() => close());

  test("set, changed, removed with 0, as every node reads it", async () => {
    const store = await clickhouseState(engine, undefined);
    assert.deepEqual(await store.tenantRetention(), {});
    await store.setTenantRetention("acme", 30);
    await store.setTenantRetention("o'brien", 7);
    await store.setTenantRetention("acme", 14);
    assert.deepEqual(await (await clickhouseState(engine, undefined)).tenantRetention(), { acme: 14, "o'brien": 7 });
    await store.setTenantRetention("acme", 0);
    assert.deepEqual(await store.tenantRetention(), { "o'brien": 7 });
  });
});

describe("the day's salt of visitor ids in the shared state", () => {
  let engine: ChdbEngine;
  let close: () => Promise<void>;
  before(async () => ({ engine, close } = await engineWithState("salt_test")));
  after(() => close());

  test("one per day for every node; the next day's replaces it, so the old one cannot be read back", async () => {
    const [one, two] = [await clickhouseState(engine, undefined), await clickhouseState(engine, undefined)];
    const monday = await one.visitorSalt("2026-12-07");
    assert.match(monday, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(await two.visitorSalt("2026-12-07"), monday);
    const tuesday = await two.visitorSalt("2026-12-08");
    assert.notEqual(tuesday, monday);
    assert.equal(await one.visitorSalt("2026-12-08"), tuesday);
    const values = await queryRows<{ value: string }>(engine, "SELECT value FROM _aviary_state WHERE key = 'visitor_salt'");
    assert.deepEqual(values.map((v) => (JSON.parse(v.value) as { day: string }).day), ["2026-12-08"]);
  });
});

describe("project version", () => {
  test("the same definitions from anywhere give the same version; the mode and a change give another", async () => {
    const project = await loadProject("examples/pageviews");
    const again = await loadProject("examples/pageviews");
    assert.equal(projectVersion(project, undefined), projectVersion(again, undefined));
    assert.match(projectVersion(project, undefined), /^[0-9a-f]{64}$/);
    assert.notEqual(projectVersion(project, "aviary"), projectVersion(project, undefined));
    const fewer = { ...project, pipes: new Map([...project.pipes].slice(1)) };
    assert.notEqual(projectVersion(fewer, undefined), projectVersion(project, undefined));
  });
});
