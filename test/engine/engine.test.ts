/**
 * One suite, every engine: embedded chdb, the ClickHouse-server engine against the
 * ClickHouse-HTTP test server, and a real ClickHouse server when CLICKHOUSE_URL is set.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ChdbEngine } from "../../src/engine/chdb-engine.ts";
import { ClickHouseEngine } from "../../src/engine/clickhouse-engine.ts";
import { deployProject, DeployError } from "../../src/engine/deploy.ts";
import { EngineError, queryRows, type Engine } from "../../src/engine/engine.ts";
import { loadProject } from "../../src/project/load-project.ts";
import { makeProject } from "../../src/project/model.ts";
import { startClickHouseHttp } from "../helpers/clickhouse-http.ts";

interface Fixture {
  engine: Engine;
  close(): Promise<void>;
}

async function httpServerEngine(database: string): Promise<Fixture> {
  const http = await startClickHouseHttp();
  const engine = await ClickHouseEngine.open(http.url, database);
  return {
    engine,
    close: async () => {
      await engine.close();
      await http.stop();
    },
  };
}

const factories: [string, () => Promise<Fixture>][] = [
  [
    "chdb",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "aviary-chdb-"));
      const engine = await ChdbEngine.open(dir, "engine_suite");
      return { engine, close: async () => { await engine.close(); await rm(dir, { recursive: true, force: true }); } };
    },
  ],
  ["clickhouse (HTTP test server)", () => httpServerEngine("engine_suite")],
];
if (process.env.CLICKHOUSE_URL) {
  const url = process.env.CLICKHOUSE_URL;
  factories.push(["clickhouse (real server)", async () => {
    const engine = await ClickHouseEngine.open(url, `aviary_suite_${Date.now()}`);
    return { engine, close: async () => { await engine.query(`DROP DATABASE IF EXISTS ${engine.database}`); await engine.close(); } };
  }]);
}

for (const [name, open] of factories) {
  describe(`engine: ${name}`, () => {
    let fixture: Fixture;
    before(async () => {
      fixture = await open();
    });
    after(() => fixture.close());

    test("runs queries in the chosen format and reports statistics", async () => {
      const out = await fixture.engine.query("SELECT number AS n FROM numbers(3)", { format: "JSONEachRow" });
      assert.equal(out.body.toString(), '{"n":0}\n{"n":1}\n{"n":2}\n');
      assert.equal(out.rowsRead, 3);
      const tsv = await fixture.engine.query("SELECT currentDatabase()");
      assert.equal(tsv.body.toString(), "engine_suite\n".replace("engine_suite", fixture.engine.database));
    });

    test("per-query settings reach ClickHouse", async () => {
      await assert.rejects(
        fixture.engine.query("SELECT number FROM numbers(1000)", { settings: { max_result_rows: 10, result_overflow_mode: "throw" } }),
        (err: unknown) => err instanceof EngineError && err.code === 396,
      );
    });

    test("failed queries are EngineErrors with ClickHouse's code and leave the engine usable", async () => {
      await assert.rejects(fixture.engine.query("SELECT nope"), (err: unknown) => err instanceof EngineError && err.code === 47 && err.type === "UNKNOWN_IDENTIFIER");
      const rows = await queryRows(fixture.engine, "SELECT 1 AS one");
      assert.deepEqual(rows, [{ one: 1 }]);
    });

    test("deploys a project, fires materialized views, and deduplicates replayed inserts", async () => {
      const project = await loadProject("examples/pageviews");
      const first = await deployProject(fixture.engine, project);
      assert.deepEqual(first.created.sort(), ["daily_pages", "daily_pages_mv", "pageviews"]);
      const rows = Buffer.from(['{"timestamp":"2024-01-01 10:00:00","path":"/a","visitor":"x"}', '{"timestamp":"2024-01-01 11:00:00","path":"/a","visitor":"y"}'].join("\n"));
      await fixture.engine.insert("pageviews", rows, { dedupToken: "batch-1" });
      await fixture.engine.insert("pageviews", rows, { dedupToken: "batch-1" });
      assert.deepEqual(await queryRows(fixture.engine, "SELECT site, count() AS c FROM pageviews GROUP BY site"), [{ site: "default", c: 2 }]);
      assert.deepEqual(
        await queryRows(fixture.engine, "SELECT path, countMerge(views) AS v, uniqExactMerge(visitors) AS u FROM daily_pages GROUP BY path"),
        [{ path: "/a", v: 2, u: 2 }],
      );
      const again = await deployProject(fixture.engine, project);
      assert.deepEqual(again.created, []);
      assert.deepEqual(again.changed, []);
      assert.equal(again.unchanged.length, 3);
    });

    test("refuses destructive redeploys before changing anything", async () => {
      const project = await loadProject("examples/pageviews");
      const pageviews = project.datasources.get("pageviews")!;
      const retyped = { ...pageviews, columns: pageviews.columns.map((c) => (c.name === "duration_ms" ? { ...c, type: "UInt64" } : c)) };
      const changed = makeProject("changed", [retyped, ...[...project.datasources.values()].filter((d) => d.name !== "pageviews")], [...project.pipes.values()]);
      await assert.rejects(deployProject(fixture.engine, changed), (err: unknown) => err instanceof DeployError && /pageviews.*needs its data rewritten/.test(err.message));
      const withoutTarget = makeProject("smaller", [pageviews], []);
      await assert.rejects(deployProject(fixture.engine, withoutTarget), (err: unknown) => err instanceof DeployError && /daily_pages" is no longer in the project/.test(err.message));
      const added = { ...pageviews, columns: [...pageviews.columns, { name: "country", type: "String", jsonPath: "$.country", defaultExpr: "''" }] };
      const grown = makeProject("grown", [added, ...[...project.datasources.values()].filter((d) => d.name !== "pageviews")], [...project.pipes.values()]);
      const report = await deployProject(fixture.engine, grown);
      assert.deepEqual(report.changed, ["pageviews"]);
      assert.deepEqual(await queryRows(fixture.engine, "SELECT count() AS c FROM pageviews WHERE country = ''"), [{ c: 2 }]);
    });
  });
}
