/**
 * Cluster mode's deploy, as sent to a cluster's node (the recording stand-in in front of
 * chdb): the order of the statements, ON CLUSTER on every one, the settings every statement
 * carries, ClickHouse's own parser (`formatQuery`) accepting each, and each matching its
 * reviewed text in expected/cluster-ddl/ (rewritten only by scripts/update-cluster-ddl.ts);
 * and the settings an insert carries.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { query } from "chdb";
import { ClickHouseEngine } from "../../src/engine/clickhouse-engine.ts";
import { quoteString } from "../../src/engine/ddl.ts";
import { startClickHouseHttp } from "../helpers/clickhouse-http.ts";
import { CLUSTER, expectedText, KINDS, kindOf, readExpected, runClusterScenario, type ClusterRun, type Kind, type Statement } from "./cluster-scenario.ts";

const ON = `ON CLUSTER \`${CLUSTER}\``;
/** Deploy's own record stays on the node it talks to until shared state lands (issue 16). */
const isRecord = (sql: string) => /_aviary_resources/.test(sql);

/** Position of the first statement matching `pattern`; fails when there is none. */
function at(statements: readonly Statement[], pattern: RegExp): number {
  const index = statements.findIndex((s) => pattern.test(s.sql));
  assert.notEqual(index, -1, `no statement matches ${pattern}`);
  return index;
}

const create = (table: string) => new RegExp(`^CREATE TABLE IF NOT EXISTS \`${table}\` ${ON}`);

describe("cluster mode: deploy statements", () => {
  let run: ClusterRun;
  before(async () => {
    run = await runClusterScenario();
  });

  test("a fresh deploy runs every statement ON CLUSTER, except its own record", () => {
    const ddl = run.fresh.filter((s) => !isRecord(s.sql));
    assert.match(ddl[0]!.sql, new RegExp(`^CREATE DATABASE IF NOT EXISTS aviary ${ON}$`));
    assert.deepEqual(ddl.filter((s) => !s.sql.split("\n")[0]!.includes(ON)).map((s) => s.sql), []);
    assert.deepEqual(run.fresh.filter((s) => isRecord(s.sql)).map((s) => s.sql.split(" (")[0]).slice(0, 2), ["CREATE TABLE IF NOT EXISTS _aviary_resources", "SELECT name, kind, ddl FROM _aviary_resources FINAL WHERE kind != ''"]);
  });

  test("every statement after the database's carries the cluster's settings", () => {
    for (const s of [...run.fresh.slice(1), ...run.upgrade, ...run.removal]) {
      assert.equal(s.settings.insert_distributed_sync, "1", s.sql.slice(0, 80));
      assert.equal(s.settings.optimize_skip_unused_shards, "1", s.sql.slice(0, 80));
      assert.equal(s.settings.distributed_product_mode, "global", s.sql.slice(0, 80));
    }
  });

  test("a fresh deploy creates local tables before their Distributed tables, sources and targets before views", () => {
    const s = run.fresh;
    for (const table of ["analytics_events", "analytics_events_quarantine", "analytics_goals", "tenant_domains_mv", "raw_hits", "plain_log"]) {
      assert.ok(at(s, create(`${table}_local`)) < at(s, create(table)), table);
    }
    const views = [
      ["analytics_pages", "analytics_events", "analytics_pages_mv"],
      ["analytics_sessions", "analytics_events", "analytics_sessions_mv"],
      ["tenant_domains", "analytics_events", "tenant_domains_mv"],
      ["hits_by_path_view", "raw_hits", "hits_by_path"],
    ];
    for (const [view, source, target] of views) {
      const created = at(s, new RegExp(`^CREATE MATERIALIZED VIEW \`${view}\` ${ON} TO \`${target}_local\`\n`));
      assert.ok(at(s, create(`${source}_local`)) < created && at(s, create(`${target}_local`)) < created, view!);
      assert.match(s[created]!.sql, new RegExp(`FROM \`${source}_local\``));
      assert.doesNotMatch(s[created]!.sql, new RegExp(`FROM \`?${source}\`?[\\s)]`));
    }
  });

  test("an upgrade adds the column to the local table, then to the Distributed one; TTL only where rows are", () => {
    const s = run.upgrade.filter((x) => !isRecord(x.sql)).map((x) => x.sql);
    assert.deepEqual(s.filter((x) => x.includes(" ADD COLUMN ")), [
      `ALTER TABLE \`analytics_events_local\` ${ON} ADD COLUMN IF NOT EXISTS \`channel\` LowCardinality(String) DEFAULT '' CODEC(ZSTD(1))`,
      `ALTER TABLE \`analytics_events\` ${ON} ADD COLUMN IF NOT EXISTS \`channel\` LowCardinality(String) DEFAULT ''`,
      `ALTER TABLE \`analytics_events_quarantine_local\` ${ON} ADD COLUMN IF NOT EXISTS \`channel\` Nullable(String)`,
      `ALTER TABLE \`analytics_events_quarantine\` ${ON} ADD COLUMN IF NOT EXISTS \`channel\` Nullable(String)`,
    ]);
    const ttl = s.filter((x) => x.includes(" MODIFY TTL "));
    assert.ok(ttl.includes(`ALTER TABLE \`analytics_events_local\` ${ON} MODIFY TTL timestamp + INTERVAL 30 DAY`));
    assert.deepEqual(ttl.filter((x) => !/^ALTER TABLE `\w+_local` /.test(x)), []);
    // Nothing else changed: no view is rebuilt, no table created.
    assert.equal(s.length, 4 + ttl.length);
  });

  test("removing datasources drops the view first, then each Distributed table before its local one", () => {
    const s = run.removal;
    const view = at(s, new RegExp(`^DROP VIEW IF EXISTS \`hits_by_path_view\` ${ON}$`));
    for (const table of ["raw_hits", "hits_by_path", "plain_log"]) {
      const dropped = at(s, new RegExp(`^DROP TABLE IF EXISTS \`${table}\` ${ON} SYNC$`));
      assert.ok(view < dropped && dropped < at(s, new RegExp(`^DROP TABLE IF EXISTS \`${table}_local\` ${ON} SYNC$`)), table);
    }
  });

  test("ClickHouse's parser accepts every statement ON CLUSTER", () => {
    const statements = [...run.fresh, ...run.upgrade, ...run.removal].filter((s) => kindOf(s.sql) !== undefined);
    assert.ok(statements.length > 60);
    for (const { sql } of statements) {
      const formatted = query(`SELECT formatQuery(${quoteString(sql)})`, "TSVRaw");
      assert.match(formatted, /ON CLUSTER aviary_cluster/, sql.slice(0, 120));
    }
  });

  for (const kind of Object.keys(KINDS) as Kind[]) {
    test(`${kind}: the statements match expected/cluster-ddl/${kind}.sql`, () => {
      assert.equal(expectedText(run, kind), readExpected(kind), `run node --import tsx scripts/update-cluster-ddl.ts and review the diff if the change is meant`);
    });
  }
});

describe("cluster mode: ingest", () => {
  test("an insert goes through the Distributed table synchronously, with its insert token", async () => {
    const http = await startClickHouseHttp({ cluster: true });
    const engine = await ClickHouseEngine.open(http.url, "aviary", CLUSTER);
    try {
      await engine.query("CREATE TABLE events (x UInt8) ENGINE = MergeTree ORDER BY x");
      await engine.insert("events", Buffer.from('{"x":1}\n'), { dedupToken: "segment-7" });
      const [insert] = (await http.recorded()).filter((s) => s.sql.startsWith("INSERT"));
      assert.deepEqual(insert, {
        sql: "INSERT INTO aviary.events FORMAT JSONEachRow",
        settings: { insert_distributed_sync: "1", optimize_skip_unused_shards: "1", distributed_product_mode: "global", insert_deduplication_token: "segment-7" },
      });
    } finally {
      await engine.close();
      await http.stop();
    }
  });
});
