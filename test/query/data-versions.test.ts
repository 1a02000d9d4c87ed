/**
 * When a cached answer is out of date: writes per tenant, writes of unknown tenants or
 * targets, Aviary's own tables, and which statements count as writes at all.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { writtenTables } from "../../src/engine/written-tables.ts";
import { DataVersions } from "../../src/query/data-versions.ts";
import { readsClock } from "../../src/query/reads-clock.ts";

describe("DataVersions", () => {
  test("a tenant's rows outdate that tenant's answers and the untenanted ones, not another tenant's", () => {
    const v = new DataVersions();
    const [acme, globex, any] = [v.versionOf("acme"), v.versionOf("globex"), v.versionOf(undefined)];
    v.written("events", new Set(["globex"]));
    assert.equal(v.versionOf("acme"), acme);
    assert.notEqual(v.versionOf("globex"), globex);
    assert.notEqual(v.versionOf(undefined), any);
  });

  test("rows of unknown tenants, a write of unknown target and a new project outdate every answer", () => {
    const v = new DataVersions();
    for (const write of [() => v.written("events"), () => v.writtenAnywhere()]) {
      const before = [v.versionOf("acme"), v.versionOf(undefined)];
      write();
      assert.notEqual(v.versionOf("acme"), before[0]);
      assert.notEqual(v.versionOf(undefined), before[1]);
    }
  });

  test("every tenant is counted apart (no tenant's writes show in another's answers); invented ids beyond the bound outdate every tenant once", () => {
    const v = new DataVersions();
    const others = Array.from({ length: 5000 }, (_, i) => `other-${i}`);
    const before = v.versionOf("victim");
    v.written("analytics_events", new Set(others));
    assert.equal(v.versionOf("victim"), before);
    const seen = v.versionOf("victim");
    v.written("analytics_events", new Set(Array.from({ length: 100_000 }, (_, i) => `invented-${i}`)));
    assert.notEqual(v.versionOf("victim"), seen);
  });

  test("Aviary's own tables (copy staging, state) outdate nothing", () => {
    const v = new DataVersions();
    const before = [v.versionOf("acme"), v.versionOf(undefined)];
    v.written("_aviary_copy_1a2b_3c4d");
    v.written("_aviary_state");
    assert.deepEqual([v.versionOf("acme"), v.versionOf(undefined)], before);
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
      ["CREATE TABLE IF NOT EXISTS _aviary_copy_x AS target", ["_aviary_copy_x"]],
      ["DROP TABLE IF EXISTS _aviary_copy_x SYNC", ["_aviary_copy_x"]],
    ];
    for (const [sql, tables] of cases) assert.deepEqual(writtenTables(sql), { kind: "tables", tables }, sql);
  });

  test("anything else may have changed anything", () => {
    for (const sql of ["CREATE MATERIALIZED VIEW v TO t AS SELECT 1", "DROP VIEW v", "RENAME TABLE a TO b", "SYSTEM FLUSH LOGS", "OPTIMIZE something odd"]) {
      assert.deepEqual(writtenTables(sql), { kind: "anything" }, sql);
    }
  });
});

describe("readsClock", () => {
  test("every way of writing a clock read counts; plain statements do not", () => {
    for (const sql of ["SELECT now()", "SELECT `now`()", 'SELECT "today"()', "SELECT now -- x\n()", "WHERE ts > CURRENT_TIMESTAMP - INTERVAL 5 MINUTE", "SELECT curdate()", "SELECT generateUUIDv7()", "SELECT NOW64(3)"]) {
      assert.equal(readsClock(sql), true, sql);
    }
    for (const sql of ["SELECT count() FROM events WHERE date >= toDate('2026-01-01')", "SELECT nowhere FROM t", "SELECT snow FROM t"]) assert.equal(readsClock(sql), false, sql);
  });
});
