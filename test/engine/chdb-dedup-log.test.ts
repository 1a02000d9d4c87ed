/**
 * Deduplication records of blocks a crash left unwritten: ClickHouse writes a block's
 * record before it renames the part into place, and a SIGKILL between the two made the
 * write-ahead log's replay of that block a no-op (the crash test lost a view's block this
 * way). Opening an embedded data directory drops such records first.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { repairDeduplicationLogs } from "../../src/engine/chdb-dedup-log.ts";
import { queryRows } from "../../src/engine/engine.ts";
import { openEngine } from "../../src/engine/open-engine.ts";

const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "aviary-dedup-log-"));
  dirs.push(dir);
  return dir;
}

test("a record is kept while a part on disk holds its block, itself or merged; others and cut lines go", async () => {
  const chdb = await tempDir();
  const table = join(chdb, "store", "abc", "abc12345-0000-0000-0000-000000000000");
  for (const part of ["202510_1_3_1", "202510_5_5_0", "202511_7_7_0_9", "tmp_insert_202510_6_6_0", "detached", "format_version.txt"]) await mkdir(join(table, part), { recursive: true });
  await mkdir(join(table, "deduplication_logs"));
  const log = [
    "1\t202510_1_1_0\t202510_1_1", // merged into 202510_1_3_1
    "1\t202510_5_5_0\t202510_5_5", // its own part
    "1\t202510_6_6_0\t202510_6_6", // never renamed from tmp_insert_: the crash
    "1\t202511_7_7_0\t202511_7_7", // held by a mutated part
    "1\t202512_8_8_0\t202512_8_8", // another partition, nothing holds it
    "2\t202510_2_2_0\t202510_2_2", // a drop record stays
    "1\t202510_9_9_0\t2025", // cut short by the kill
  ];
  await writeFile(join(table, "deduplication_logs", "deduplication_log_1.txt"), log.map((l) => `${l}\n`).join("").slice(0, -1));
  const repairs = repairDeduplicationLogs(chdb);
  assert.deepEqual(repairs, [{ table: join("store", "abc", "abc12345-0000-0000-0000-000000000000"), dropped: [log[2], log[4], log[6]] }]);
  assert.equal(await readFile(join(table, "deduplication_logs", "deduplication_log_1.txt"), "utf8"), [log[0], log[1], log[3], log[5]].map((l) => `${l}\n`).join(""));
  assert.deepEqual(repairDeduplicationLogs(chdb), [], "a repaired log is left alone");
  assert.deepEqual(repairDeduplicationLogs(join(chdb, "missing")), []);
});

test("a block whose view part a crash lost is inserted into the view again on replay, once", async () => {
  const dataDir = await tempDir();
  const config = { dataDir, database: "aviary" };
  const setup = [
    "CREATE TABLE events (id String, action String) ENGINE = MergeTree ORDER BY id SETTINGS non_replicated_deduplication_window = 100",
    "CREATE TABLE per_action (action String, n AggregateFunction(count)) ENGINE = AggregatingMergeTree ORDER BY action SETTINGS non_replicated_deduplication_window = 100",
    "CREATE MATERIALIZED VIEW per_action_mv TO per_action AS SELECT action, countState() AS n FROM events GROUP BY action",
  ];
  const settings = { insert_deduplicate: 1, deduplicate_blocks_in_dependent_materialized_views: 1 };
  const insert = (engine: Awaited<ReturnType<typeof openEngine>>, rows: string, token: string) => engine.insert("events", Buffer.from(rows), { dedupToken: token, settings });
  const counts = async (engine: Awaited<ReturnType<typeof openEngine>>) => (await queryRows<{ raw: number; view: number }>(engine, "SELECT (SELECT count() FROM events) AS raw, (SELECT countMerge(n) FROM per_action) AS view"))[0];

  let engine = await openEngine(config);
  for (const sql of setup) await engine.query(sql);
  await insert(engine, '{"id":"a","action":"click"}\n', "segment-1");
  await insert(engine, '{"id":"b","action":"click"}\n{"id":"c","action":"view"}\n', "segment-2");
  // The crash: segment-2's record is in the view's log, its part never made it into place.
  const [lost] = await queryRows<{ path: string }>(engine, "SELECT path FROM system.parts WHERE database = 'aviary' AND table = 'per_action' AND active ORDER BY max_block_number DESC LIMIT 1");
  await engine.close();
  await rm(lost!.path, { recursive: true });

  const warnings: unknown[] = [];
  engine = await openEngine(config, { warn: (fields: unknown) => void warnings.push(fields) });
  try {
    assert.equal(warnings.length, 1);
    assert.deepEqual(await counts(engine), { raw: 3, view: 1 });
    await insert(engine, '{"id":"b","action":"click"}\n{"id":"c","action":"view"}\n', "segment-2");
    assert.deepEqual(await counts(engine), { raw: 3, view: 3 });
    await insert(engine, '{"id":"b","action":"click"}\n{"id":"c","action":"view"}\n', "segment-2");
    assert.deepEqual(await counts(engine), { raw: 3, view: 3 }, "a second replay adds nothing");
  } finally {
    await engine.close();
  }
});
