/** The check stage alone: exact output lines, quarantine lines, absent values and dedupe. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { RecentKeys } from "../../src/ingest/dedupe.ts";
import type { LineBuffer } from "../../src/ingest/line-buffer.ts";
import { compileRowCheck, RowBatch } from "../../src/ingest/row-check.ts";
import type { Column, Datasource } from "../../src/project/model.ts";

function datasource(columns: Column[], dedupeKey?: string): Datasource {
  return { kind: "datasource", name: "t", columns, engine: { type: "MergeTree" }, tokens: [], loc: { file: "test" }, dedupeKey };
}

const FLOCK: Column[] = [
  { name: "timestamp", type: "DateTime", jsonPath: "$.timestamp" },
  { name: "session_id", type: "Nullable(String)", jsonPath: "$.session_id" },
  { name: "action", type: "LowCardinality(String)", jsonPath: "$.action" },
  { name: "payload", type: "String", jsonPath: "$.payload" },
  { name: "tenant_id", type: "String", jsonPath: "$.tenant_id", defaultExpr: "''" },
];

/** The lines a batch holds, without their newlines. */
function lines(buffer: LineBuffer): string[] {
  const text = buffer.toBuffer().toString("utf8");
  return text === "" ? [] : text.slice(0, -1).split("\n");
}

function run(ds: Datasource, events: unknown[], recent?: RecentKeys): RowBatch {
  const check = compileRowCheck(ds, recent);
  const batch = new RowBatch("req-1", 1_700_000_000);
  for (const e of events) check.event(e, batch);
  return batch;
}

describe("row check", () => {
  test("a tracker event becomes one JSONEachRow line; missing DEFAULT columns are left to ClickHouse", () => {
    const batch = run(datasource(FLOCK), [{ timestamp: "2025-10-22T09:40:59.123Z", action: "page_hit", session_id: null, payload: { pathname: "/" }, extra: 1 }]);
    assert.deepEqual(lines(batch.rows), ['{"timestamp":1761126059,"session_id":null,"action":"page_hit","payload":"{\\"pathname\\":\\"/\\"}"}']);
    assert.deepEqual(lines(batch.quarantine), []);
  });

  test("a row with faults becomes one quarantine line naming every column at fault, with the original values", () => {
    const columns: Column[] = [...FLOCK, { name: "n", type: "UInt8", jsonPath: "$.n" }];
    const batch = run(datasource(columns), [{ timestamp: "not-a-date", action: ["x"], payload: "p", tenant_id: 5, n: 300 }]);
    assert.deepEqual(lines(batch.rows), []);
    assert.deepEqual(lines(batch.quarantine).map((l) => JSON.parse(l)), [
      {
        timestamp: "not-a-date",
        action: '["x"]',
        payload: "p",
        tenant_id: "5",
        n: "300",
        c__error_column: ["timestamp", "n"],
        c__error: ["value 'not-a-date' on column 'timestamp' is not DateTime", "value '300' on column 'n' is not UInt8"],
        c__import_id: "req-1",
        insertion_date: 1_700_000_000,
      },
    ]);
  });

  test("a line that is not an object, and an unreadable line, are quarantined with no column at fault", () => {
    const ds = datasource(FLOCK);
    const check = compileRowCheck(ds);
    const batch = new RowBatch("r", 1);
    check.event([1, 2], batch);
    check.event(42, batch);
    check.unreadable("{oops", "the line is not valid JSON (x)", batch);
    assert.deepEqual(
      lines(batch.quarantine).map((l) => (JSON.parse(l) as { c__error: string[]; c__error_column: string[] }).c__error.concat((JSON.parse(l) as { c__error_column: string[] }).c__error_column)),
      [["the line is an array, not a JSON object: [1,2]"], ["the line is a number, not a JSON object: 42"], ["the line is not valid JSON (x): {oops"]],
    );
  });

  test("null: NULL for Nullable, the DEFAULT for a column with one, a fault otherwise", () => {
    const columns: Column[] = [
      { name: "n", type: "Nullable(Int32)", defaultExpr: "7" },
      { name: "d", type: "String", defaultExpr: "'x'" },
      { name: "s", type: "String" },
    ];
    assert.deepEqual(lines(run(datasource(columns), [{ n: null, d: null, s: "ok" }]).rows), ['{"n":null,"s":"ok"}']);
    const bad = lines(run(datasource(columns), [{ s: null }]).quarantine).map((l) => JSON.parse(l) as { c__error: string[] });
    assert.deepEqual(bad[0]!.c__error, ["value 'null' on column 's' is not String (only Nullable columns take null)"]);
  });

  test("a value nested too deeply to turn into text is a fault, not a crash", () => {
    const deep = JSON.parse(`${"[".repeat(50_000)}${"]".repeat(50_000)}`) as unknown;
    const batch = run(datasource([{ name: "s", type: "String" }]), [{ s: deep }]);
    assert.deepEqual(lines(batch.rows), []);
    assert.deepEqual((JSON.parse(lines(batch.quarantine)[0]!) as { c__error: string[]; s: string }).c__error, ["value on column 's' is nested too deeply to convert"]);
  });

  test("an unsupported JSONPath quarantines rows with a message naming it", () => {
    const batch = run(datasource([{ name: "s", type: "String", jsonPath: "$.a[:]" }]), [{ a: ["x"] }]);
    assert.match((JSON.parse(lines(batch.quarantine)[0]!) as { c__error: string[] }).c__error[0]!, /^column 's': JSONPath "\$\.a\[:\]": cannot read it/);
  });

  test("a dedupe key drops rows whose key was accepted recently, within a batch and across batches", () => {
    const ds = datasource([{ name: "id", type: "String" }, { name: "n", type: "UInt8" }], "id");
    const recent = new RecentKeys(2);
    const first = run(ds, [{ id: "a", n: 1 }, { id: "a", n: 2 }, { id: "b", n: 3 }], recent);
    assert.deepEqual([lines(first.rows), first.duplicates, first.keys], [['{"id":"a","n":1}', '{"id":"b","n":3}'], 1, ['"a"', '"b"']]);
    const second = run(ds, [{ id: "b", n: 4 }, { id: "c", n: 5 }, { id: "a", n: 6 }], recent);
    // The window holds two keys: "c" pushed "a" out, so "a" is accepted again.
    assert.deepEqual([lines(second.rows), second.duplicates], [['{"id":"c","n":5}', '{"id":"a","n":6}'], 1]);
    recent.release(second.keys);
    assert.deepEqual(lines(run(ds, [{ id: "c", n: 7 }], recent).rows), ['{"id":"c","n":7}']);
  });
});
