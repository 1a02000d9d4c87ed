/**
 * Flush and replay share one path, insertSegment: these tests run it against an
 * embedded ClickHouse and prove that inserting a segment again adds nothing (tables
 * and materialized views alike), and that a row ClickHouse refuses ends up in the
 * quarantine while the rest of the segment is stored.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ChdbEngine } from "../../src/engine/chdb-engine.ts";
import { createQuarantineSql, createTableSql } from "../../src/engine/ddl.ts";
import { execute, queryRows } from "../../src/engine/engine.ts";
import { insertSegment } from "../../src/ingest/insert-segment.ts";
import { ensureQuarantineDedup } from "../../src/ingest/quarantine-table.ts";
import { encodeRecord } from "../../src/ingest/wal/record.ts";
import { newSegmentId, segmentPath } from "../../src/ingest/wal/segment-files.ts";
import { SegmentWriter } from "../../src/ingest/wal/segment-writer.ts";
import type { Datasource } from "../../src/project/model.ts";

const ds: Datasource = {
  kind: "datasource",
  name: "hits",
  columns: [
    { name: "id", type: "String", jsonPath: "$.id" },
    { name: "n", type: "UInt32", jsonPath: "$.n" },
  ],
  engine: { type: "MergeTree", sortingKey: "id" },
  tokens: [],
  loc: { file: "test" },
};
const tables = { rows: "hits", quarantine: "hits_quarantine" };

describe("insertSegment", () => {
  let dir: string;
  let engine: ChdbEngine;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "aviary-insert-"));
    engine = await ChdbEngine.open(join(dir, "chdb"), "t");
    await execute(engine, createTableSql(ds));
    await execute(engine, createQuarantineSql(ds));
    assert.equal(await ensureQuarantineDedup(engine, "hits_quarantine"), true);
    await execute(engine, "CREATE TABLE hit_totals (n UInt64) ENGINE = SummingMergeTree ORDER BY tuple() SETTINGS non_replicated_deduplication_window = 100");
    await execute(engine, "CREATE MATERIALIZED VIEW hit_totals_mv TO hit_totals AS SELECT sum(n) AS n FROM hits");
  });
  after(async () => {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function segment(rows: string[], quarantine: string[]): Promise<{ id: string; path: string }> {
    const id = newSegmentId();
    const writer = new SegmentWriter(segmentPath(dir, id), 0);
    await writer.append(encodeRecord("rows", rows.length, Buffer.from(rows.map((r) => `${r}\n`).join(""))));
    if (quarantine.length > 0) await writer.append(encodeRecord("quarantine", quarantine.length, Buffer.from(quarantine.map((r) => `${r}\n`).join(""))));
    await writer.close();
    return { id, path: writer.path };
  }

  const counts = async () =>
    (await queryRows<{ hits: number; q: number; total: number }>(engine, "SELECT (SELECT count() FROM hits) AS hits, (SELECT count() FROM hits_quarantine) AS q, (SELECT sum(n) FROM hit_totals) AS total"))[0];

  test("inserting the same segment twice stores its rows once, in the views too", async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ id: `a${i}`, n: 1 }));
    const { id, path } = await segment(rows, ['{"id":"bad","c__error_column":["n"],"c__error":["x"],"insertion_date":0}']);
    const first = await insertSegment(engine, id, path, tables);
    assert.deepEqual([first.rows, first.quarantined, first.refused, first.tornBytes], [1000, 1, 0, 0]);
    assert.deepEqual(await counts(), { hits: 1000, q: 1, total: 1000 });
    await insertSegment(engine, id, path, tables);
    assert.deepEqual(await counts(), { hits: 1000, q: 1, total: 1000 });
  });

  test("a row ClickHouse refuses goes to the quarantine with its message; the others are stored", async () => {
    const rows = [...Array.from({ length: 50 }, (_, i) => JSON.stringify({ id: `b${i}`, n: 2 })), '{"id":"b-bad","n":"not a number"}'];
    const { id, path } = await segment(rows, []);
    const report = await insertSegment(engine, id, path, tables);
    assert.equal(report.refused, 1);
    assert.deepEqual(await counts(), { hits: 1050, q: 2, total: 1100 });
    const [refused] = await queryRows<{ id: string; n: string; c__error: string[] }>(engine, "SELECT id, n, c__error FROM hits_quarantine WHERE id = 'b-bad'");
    assert.equal(refused?.n, "not a number");
    assert.match(refused!.c__error[0]!, /^ClickHouse refused the row: .*CANNOT_PARSE/s);
    // Replaying the split-up segment splits it the same way, so nothing doubles.
    await insertSegment(engine, id, path, tables);
    assert.deepEqual(await counts(), { hits: 1050, q: 2, total: 1100 });
  });
});
