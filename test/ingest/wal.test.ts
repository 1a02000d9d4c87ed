/** The write-ahead log alone: record framing, torn tails, group-committed appends, segment ids. */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { decodeRecords, encodeRecord } from "../../src/ingest/wal/record.ts";
import { listSegments, newSegmentId, segmentPath } from "../../src/ingest/wal/segment-files.ts";
import { SegmentWriter } from "../../src/ingest/wal/segment-writer.ts";

const lines = (n: number, tag: string) => Buffer.from(Array.from({ length: n }, (_, i) => `{"id":"${tag}-${i}"}\n`).join(""));

describe("records", () => {
  test("encode and decode round-trip, in order, with lane and row count", () => {
    const file = Buffer.concat([...encodeRecord("rows", 2, lines(2, "a")), ...encodeRecord("quarantine", 1, lines(1, "q"))]);
    const { records, tornBytes } = decodeRecords(file);
    assert.equal(tornBytes, 0);
    assert.deepEqual(records.map((r) => [r.lane, r.rows, r.payload.toString()]), [["rows", 2, lines(2, "a").toString()], ["quarantine", 1, lines(1, "q").toString()]]);
  });

  test("reading stops at a torn record, a zero-filled tail or a bad checksum", () => {
    const good = Buffer.concat(encodeRecord("rows", 3, lines(3, "a")));
    const next = Buffer.concat(encodeRecord("rows", 3, lines(3, "b")));
    const torn = decodeRecords(Buffer.concat([good, next.subarray(0, next.length - 5)]));
    assert.deepEqual([torn.records.length, torn.tornBytes], [1, next.length - 5]);
    const zeros = decodeRecords(Buffer.concat([good, Buffer.alloc(4096)]));
    assert.deepEqual([zeros.records.length, zeros.tornBytes], [1, 4096]);
    const flipped = Buffer.from(next);
    flipped.writeUInt8(flipped.readUInt8(flipped.length - 3) ^ 0xff, flipped.length - 3);
    assert.equal(decodeRecords(Buffer.concat([good, flipped, good])).records.length, 1);
  });
});

describe("segment writer", () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), "aviary-wal-"))));
  after(() => rm(dir, { recursive: true, force: true }));

  for (const fsync of [0, 3, "off"] as const) {
    test(`fsync ${fsync}: concurrent appends all land, in order, and each resolves once written`, async () => {
      const writer = new SegmentWriter(segmentPath(dir, newSegmentId()), fsync);
      const appends = Array.from({ length: 200 }, async (_, i) => {
        await writer.append(encodeRecord("rows", 1, lines(1, `r${i}`)));
        // Resolved means the bytes are in the file already.
        const { records } = decodeRecords(await readFile(writer.path));
        assert.ok(records.some((r) => r.payload.toString() === lines(1, `r${i}`).toString()));
      });
      await Promise.all(appends);
      await writer.close();
      const { records, tornBytes } = decodeRecords(await readFile(writer.path));
      assert.equal(tornBytes, 0);
      assert.deepEqual(records.map((r) => r.payload.toString()), Array.from({ length: 200 }, (_, i) => lines(1, `r${i}`).toString()));
    });
  }

  test("a segment that cannot be written rejects its appends and every later one", async () => {
    const writer = new SegmentWriter(join(dir, "missing", "x.wal"), 0);
    await assert.rejects(writer.append([Buffer.from("x")]), { code: "ENOENT" });
    await assert.rejects(writer.append([Buffer.from("y")]), { code: "ENOENT" });
    await writer.close();
  });

  test("a crash mid-write leaves every whole record readable", async () => {
    const path = segmentPath(dir, newSegmentId());
    const whole = Buffer.concat([...encodeRecord("rows", 2, lines(2, "a")), ...encodeRecord("rows", 2, lines(2, "b"))]);
    await writeFile(path, whole);
    await truncate(path, whole.length - 7);
    assert.equal(decodeRecords(await readFile(path)).records.length, 1);
  });
});

describe("segment ids", () => {
  test("sort in creation order and never repeat", async () => {
    const ids = Array.from({ length: 5000 }, () => newSegmentId());
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, ids.length);
    const dir = await mkdtemp(join(tmpdir(), "aviary-ids-"));
    await Promise.all(ids.slice(0, 3).map((id) => writeFile(segmentPath(dir, id), "")));
    await writeFile(join(dir, "notes.txt"), "");
    assert.deepEqual(await listSegments(dir), ids.slice(0, 3));
    assert.deepEqual(await listSegments(join(dir, "nope")), []);
    await rm(dir, { recursive: true });
  });
});
