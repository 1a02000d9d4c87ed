/** Cluster mode's pieces on their own: the option, views reading shard-local tables, sharding keys. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildConfig } from "../../src/config.ts";
import { readLocalTables } from "../../src/engine/cluster-ddl.ts";
import { RANDOM_KEY, shardingKey, TENANT_KEY, type ShardingFacts } from "../../src/engine/sharding-key.ts";
import { makeProject, type Datasource, type Pipe } from "../../src/project/model.ts";
import { runCli } from "../helpers/cli.ts";

describe("--clickhouse-cluster", () => {
  test("is taken from the flag or AVIARY_CLICKHOUSE_CLUSTER, with a ClickHouse URL", () => {
    const url = "http://ch:8123";
    assert.equal(buildConfig({ clickhouseUrl: url }, {}, false).clickhouseCluster, undefined);
    assert.equal(buildConfig({ clickhouseUrl: url }, { AVIARY_CLICKHOUSE_CLUSTER: "analytics" }, false).clickhouseCluster, "analytics");
    assert.equal(buildConfig({ clickhouseUrl: url, clickhouseCluster: "two-by-two" }, { AVIARY_CLICKHOUSE_CLUSTER: "analytics" }, false).clickhouseCluster, "two-by-two");
    assert.throws(() => buildConfig({ clickhouseUrl: url, clickhouseCluster: "a b" }, {}, false), {
      message: '--clickhouse-cluster must be a cluster name of the server\'s remote_servers (letters, digits, _ . -), got "a b"',
    });
  });

  test("without --clickhouse-url: a clear error, exit 2", async () => {
    const { code, stderr } = await runCli(["start", "--clickhouse-cluster", "analytics"]);
    assert.equal(code, 2);
    assert.equal(
      stderr.trimEnd(),
      "aviary: --clickhouse-cluster (AVIARY_CLICKHOUSE_CLUSTER) needs a ClickHouse server: pass --clickhouse-url (AVIARY_CLICKHOUSE_URL) too (the embedded engine has no cluster)",
    );
  });
});

describe("readLocalTables", () => {
  const datasources = new Set(["events", "goals"]);
  test("names every datasource read, plain or quoted, in FROM, JOIN and subqueries", () => {
    assert.equal(
      readLocalTables("SELECT e.x FROM events AS e JOIN `goals` g ON g.id = e.id WHERE e.y IN (SELECT y FROM \"events\")", datasources),
      "SELECT e.x FROM `events_local` AS e JOIN `goals_local` g ON g.id = e.id WHERE e.y IN (SELECT y FROM `events_local`)",
    );
  });
  test("leaves CTEs of the same name, other databases, other tables and column names alone", () => {
    const sql = "WITH goals AS (SELECT 1 AS events) SELECT events FROM goals, other.events, pipes_node";
    assert.equal(readLocalTables(sql, datasources), sql);
  });
});

describe("shardingKey", () => {
  const loc = { file: "t" };
  const ds = (name: string, columns: string[], sortingKey?: string): Datasource => ({
    kind: "datasource",
    name,
    columns: columns.map((c) => ({ name: c, type: "String" })),
    engine: sortingKey === undefined ? { type: "Null" } : { type: "AggregatingMergeTree", sortingKey },
    tokens: [],
    loc,
  });
  const view = (name: string, target: string): Pipe => ({ kind: "pipe", name, type: "materialized", targetDatasource: target, nodes: [], tokens: [], params: [], loc });
  const project = makeProject("t", [ds("events", ["tenant_id", "x"], "tenant_id"), ds("raw", ["x"]), ds("by_tenant", ["tenant_id"], "tenant_id"), ds("from_raw", ["tenant_id"], "tenant_id"), ds("log", ["x", "y"], "x, y")], [view("v1", "by_tenant"), view("v2", "from_raw")]);
  const facts: ShardingFacts = {
    project,
    columns: (name) => project.datasources.get(name)!.columns,
    reads: (v) => (v === "v1" ? ["events"] : ["raw"]),
  };
  const key = (name: string) => shardingKey(project.datasources.get(name)!, facts);

  test("by tenant where rows are placed by tenant, else a hash of the sorting key, else random", () => {
    assert.equal(key("events"), TENANT_KEY);
    assert.equal(key("by_tenant"), TENANT_KEY);
    // Its view reads a randomly placed source: no key may claim where its rows are.
    assert.equal(key("from_raw"), RANDOM_KEY);
    assert.equal(key("raw"), RANDOM_KEY);
    assert.equal(key("log"), "cityHash64(x, y)");
  });
});
