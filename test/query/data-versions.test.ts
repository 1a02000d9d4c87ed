/**
 * When a cached answer is out of date: which writes reach which pipes (through the views
 * that copy rows onward), per tenant, and which statements count as writes at all.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { writtenTables } from "../../src/engine/written-tables.ts";
import { makeProject, type Datasource, type Pipe } from "../../src/project/model.ts";
import { DataVersions } from "../../src/query/data-versions.ts";

const loc = { file: "p.ts", line: 1 };
const ds = (name: string): Datasource => ({ kind: "datasource", name, columns: [{ name: "tenant_id", type: "String" }], engine: { type: "MergeTree" }, tokens: [], loc });
const pipe = (name: string, sql: string, extra: Partial<Pipe> = {}): Pipe => ({ kind: "pipe", name, nodes: [{ name: `${name}_node`, sql, loc }], type: "endpoint", tokens: [], params: [], loc, ...extra });

// events → (view) → daily → (view) → monthly; other is unrelated.
const project = makeProject("p", [ds("events"), ds("daily"), ds("monthly"), ds("other")], [
  pipe("to_daily", "SELECT tenant_id FROM events", { type: "materialized", targetDatasource: "daily" }),
  pipe("to_monthly", "SELECT tenant_id FROM daily", { type: "materialized", targetDatasource: "monthly" }),
  pipe("monthly_report", "SELECT * FROM monthly"),
  pipe("other_report", "SELECT * FROM other"),
]);

describe("DataVersions", () => {
  test("a write reaches the pipes reading what views fill from it, two views on; not the others", () => {
    const v = new DataVersions(project);
    const before = [v.versionOf("monthly_report", undefined), v.versionOf("other_report", undefined)];
    v.written("events", new Set(["acme"]));
    assert.notEqual(v.versionOf("monthly_report", undefined), before[0]);
    assert.equal(v.versionOf("other_report", undefined), before[1]);
  });

  test("per tenant: another tenant's rows leave an answer as it was; rows of unknown tenants do not", () => {
    const v = new DataVersions(project);
    const acme = v.versionOf("monthly_report", "acme");
    v.written("events", new Set(["globex"]));
    assert.equal(v.versionOf("monthly_report", "acme"), acme);
    v.written("events", new Set(["acme", "globex"]));
    const afterAcme = v.versionOf("monthly_report", "acme");
    assert.notEqual(afterAcme, acme);
    v.written("events");
    assert.notEqual(v.versionOf("monthly_report", "acme"), afterAcme);
  });

  test("a write anywhere unknown, or a new project, outdates everything", () => {
    const v = new DataVersions(project);
    const other = v.versionOf("other_report", "acme");
    v.writtenAnywhere();
    assert.notEqual(v.versionOf("other_report", "acme"), other);
    const again = v.versionOf("other_report", "acme");
    v.serve(project);
    assert.notEqual(v.versionOf("other_report", "acme"), again);
  });
});

describe("writtenTables", () => {
  test("reads write nothing", () => {
    for (const sql of ["SELECT 1", "  with x AS (SELECT 1) SELECT * FROM x", "/* c */ EXPLAIN SELECT 1", "-- c\nDESCRIBE t", "SHOW TABLES", "EXISTS TABLE t"]) {
      assert.deepEqual(writtenTables(sql), { kind: "none" }, sql);
    }
  });

  test("writes name their tables, without database or quotes", () => {
    const cases: [string, string[]][] = [
      ["INSERT INTO events FORMAT JSONEachRow", ["events"]],
      ["insert into `db`.`daily` SELECT 1", ["daily"]],
      ['ALTER TABLE "monthly" DELETE WHERE 1', ["monthly"]],
      ["TRUNCATE TABLE IF EXISTS db.events", ["events"]],
      ["DELETE FROM events WHERE tenant_id = 'a'", ["events"]],
      ["EXCHANGE TABLES _aviary_copy_x AND target", ["_aviary_copy_x", "target"]],
    ];
    for (const [sql, tables] of cases) assert.deepEqual(writtenTables(sql), { kind: "tables", tables }, sql);
  });

  test("anything else may have changed anything", () => {
    for (const sql of ["CREATE TABLE t (x UInt8) ENGINE = Memory", "DROP TABLE t", "RENAME TABLE a TO b", "SYSTEM FLUSH LOGS", "OPTIMIZE something odd"]) {
      assert.deepEqual(writtenTables(sql), { kind: "anything" }, sql);
    }
  });
});
