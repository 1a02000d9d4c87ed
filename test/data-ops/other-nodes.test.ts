/**
 * Write holds between nodes (data-ops/other-nodes.ts over state/write-holds.ts), on a real
 * record table in chdb and real write gates: a follower pauses its node's inserts while
 * another node holds them (after its insert under way), a holder waits for every live node,
 * fails when one does not pause or an older hold exists, and everyone resumes on release.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import pino from "pino";
import { followWriteHolds, holdingOtherNodes } from "../../src/data-ops/other-nodes.ts";
import { ChdbEngine } from "../../src/engine/chdb-engine.ts";
import { execute, type Engine } from "../../src/engine/engine.ts";
import { WriteGate } from "../../src/engine/write-gate.ts";
import { ApiError } from "../../src/errors.ts";
import { stateTablesSql } from "../../src/state/state-tables.ts";
import { clickhouseWriteHolds, type WriteHoldRecord } from "../../src/state/write-holds.ts";

const logger = pino({ level: "silent" });
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe("write holds between nodes", () => {
  let dir: string;
  let engine: Engine;
  let record: WriteHoldRecord;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "aviary-holds-"));
    engine = await ChdbEngine.open(join(dir, "chdb"), "aviary");
    for (const sql of stateTablesSql("aviary")) await execute(engine, sql);
    record = clickhouseWriteHolds(engine);
  });
  after(async () => {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("a follower pauses its writes while another node holds them, after its write under way, and resumes on release", async () => {
    const gate = new WriteGate();
    const events: string[] = [];
    let finishWrite!: () => void;
    const underWay = gate.shared(() => new Promise<void>((done) => (finishWrite = done)).then(() => void events.push("write under way done")));
    const follower = followWriteHolds({ record, node: "b", logger, gate, flush: async () => undefined });
    const holding = holdingOtherNodes({ record, node: "a", logger }, async () => {
      events.push("holder works");
      // A write arriving now waits until the hold ends.
      const late = gate.shared(async () => void events.push("late write"));
      await sleep(700);
      events.push("holder done");
      return { late };
    });
    await sleep(400);
    assert.deepEqual(events, [], "the holder waits for the write under way");
    finishWrite();
    await underWay;
    const { late } = await holding;
    await late;
    assert.deepEqual(events, ["write under way done", "holder works", "holder done", "late write"]);
    await (await follower).stop();
  });

  test("a live node that does not pause fails the holder with 409, and the hold is released", async () => {
    await record.heartbeat("stuck", 20);
    const attempt = holdingOtherNodes({ record, node: "a", logger, pauseWaitMs: 600 }, async () => "worked");
    await assert.rejects(attempt, (err: unknown) => err instanceof ApiError && err.status === 409 && err.code === "NODES_DID_NOT_PAUSE" && /node stuck did not pause its writes within 1 s/.test(err.message));
    assert.deepEqual(await record.activeHolds(), []);
  });

  test("an older hold of another node goes first: the newer one fails with 409", async () => {
    await record.hold("older", "c", 60);
    await assert.rejects(
      holdingOtherNodes({ record, node: "a", logger }, async () => "worked"),
      (err: unknown) => err instanceof ApiError && err.code === "HELD_BY_ANOTHER_NODE" && /node c is running/.test(err.message),
    );
    await record.release("older", "c");
    await record.heartbeat("stuck", 0);
    assert.equal(await holdingOtherNodes({ record, node: "a", logger }, async () => "worked"), "worked");
  });

  test("a node paused for one hold inserts what it acknowledged meanwhile before it answers the next", async () => {
    const gate = new WriteGate();
    let acknowledged = 0;
    let inserted = 0;
    const flush = () => gate.shared(async () => void ((inserted += acknowledged), (acknowledged = 0)));
    const follower = await followWriteHolds({ record, node: "e", logger, gate, flush });
    const pausedFor = async (hold: string) => {
      for (const deadline = Date.now() + 5000; !(await record.pausedNodes(hold)).includes("e"); await sleep(50)) assert.ok(Date.now() < deadline, `e did not pause for ${hold}`);
    };
    try {
      await record.hold("first", "f", 60);
      await pausedFor("first");
      // Its Events API acknowledges while paused; the next hold is taken before the first ends.
      acknowledged = 40;
      await record.hold("second", "g", 60);
      await record.release("first", "f");
      await pausedFor("second");
      assert.equal(inserted, 40, "the events acknowledged during the first hold were not inserted before pausing for the second");
    } finally {
      await record.release("first", "f");
      await record.release("second", "g");
      await follower.stop();
    }
  });

  test("a node's own holds left by a crash are released when it follows again", async () => {
    await record.hold("left-behind", "d", 600);
    const follower = await followWriteHolds({ record, node: "d", logger, gate: new WriteGate(), flush: async () => undefined });
    assert.deepEqual(await record.activeHolds(), []);
    await follower.stop();
  });
});
