/**
 * The ingest core in-process, without HTTP: the dedupe key, datasources replaced or
 * added by a later build, and shutdown (everything inserted, then 503).
 */
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import pino from "pino";
import { ApiError } from "../../src/errors.ts";
import { createMetrics } from "../../src/api/metrics.ts";
import { ChdbEngine } from "../../src/engine/chdb-engine.ts";
import { deployProject } from "../../src/engine/deploy.ts";
import { queryRows } from "../../src/engine/engine.ts";
import { Ingest } from "../../src/ingest/ingest.ts";
import { makeProject, type Column, type Datasource } from "../../src/project/model.ts";

function datasource(name: string, columns: Column[], dedupeKey?: string): Datasource {
  return { kind: "datasource", name, columns, engine: { type: "MergeTree", sortingKey: "id" }, tokens: [], loc: { file: "test" }, dedupeKey };
}

const ID: Column = { name: "id", type: "String", jsonPath: "$.id" };
const hits = datasource("hits", [ID, { name: "n", type: "UInt32", jsonPath: "$.n", defaultExpr: "0" }], "id");
const wider = datasource("hits", [...hits.columns, { name: "tag", type: "LowCardinality(String)", jsonPath: "$.tag", defaultExpr: "''" }], "id");
const body = (rows: unknown[]) => Buffer.from(rows.map((r) => JSON.stringify(r)).join("\n"));

describe("ingest core", () => {
  let dir: string;
  let engine: ChdbEngine;
  let ingest: Ingest;
  let request = 0;
  const accept = (ds: Datasource, rows: unknown[]) => ingest.accept({ datasource: ds, body: body(rows), wait: true, importId: `r${request++}` });
  const ids = async (table: string) => (await queryRows<{ id: string }>(engine, `SELECT id FROM ${table} ORDER BY id`)).map((r) => r.id);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "aviary-core-"));
    engine = await ChdbEngine.open(join(dir, "chdb"), "t");
    const project = makeProject("test", [hits], []);
    await deployProject(engine, project);
    const options = { fsync: 0, flushRows: 100_000, flushMs: 1000, maxBacklogRows: 1_000_000 };
    ingest = await Ingest.open({ dataDir: dir, engine, project, metrics: createMetrics(), logger: pino({ level: "silent" }), options });
  });
  after(async () => {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("a dedupe key drops rows accepted recently; they still count as successful", async () => {
    assert.deepEqual(await accept(hits, [{ id: "a" }, { id: "b" }, { id: "a" }]), { successfulRows: 3, quarantinedRows: 0 });
    assert.deepEqual(await accept(hits, [{ id: "b" }, { id: "c" }]), { successfulRows: 2, quarantinedRows: 0 });
    assert.deepEqual(await ids("hits"), ["a", "b", "c"]);
  });

  test("a build that adds a column is checked with the new column from the next request on", async () => {
    await deployProject(engine, makeProject("test", [wider], []));
    await accept(wider, [{ id: "d", tag: "new" }]);
    assert.deepEqual(await queryRows(engine, "SELECT id, tag FROM hits WHERE id = 'd'"), [{ id: "d", tag: "new" }]);
  });

  test("a datasource added by a later build gets its log on first use", async () => {
    const later = datasource("later", [ID]);
    await deployProject(engine, makeProject("test", [wider, later], []));
    assert.deepEqual(await accept(later, [{ id: "x" }, { nope: 1 }]), { successfulRows: 1, quarantinedRows: 1 });
    assert.deepEqual([await ids("later"), (await ids("later_quarantine")).length], [["x"], 1]);
  });

  test("closing inserts everything acknowledged, empties the log, and later requests get 503", async () => {
    await ingest.accept({ datasource: hits, body: body([{ id: "e" }]), wait: false, importId: "last" });
    await ingest.close();
    assert.deepEqual(await ids("hits"), ["a", "b", "c", "d", "e"]);
    assert.deepEqual(await readdir(join(dir, "wal", "hits")), []);
    await assert.rejects(accept(hits, [{ id: "f" }]), (err: ApiError) => err.status === 503);
  });
});
