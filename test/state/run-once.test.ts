/**
 * runOnce on one ClickHouse server (chdb here, with the one-server state tables): a key's
 * tick runs once whoever asks, an earlier tick never runs after a later one, work that did
 * not run or threw leaves the tick to the next caller, and a caller waiting for another's
 * lease stops when told to.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ChdbEngine } from "../../src/engine/chdb-engine.ts";
import { execute } from "../../src/engine/engine.ts";
import { keyedState } from "../../src/state/clickhouse-state.ts";
import { sharedRunOnce, type RunOnce } from "../../src/state/run-once.ts";
import { stateTablesSql } from "../../src/state/state-tables.ts";

const tick = (second: number) => new Date(Date.UTC(2024, 4, 1, 10, 0, second));

describe("runOnce across nodes sharing one server", () => {
  let dir: string;
  let engine: ChdbEngine;
  let once: RunOnce;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "aviary-run-once-"));
    engine = await ChdbEngine.open(dir, "run_once_test");
    for (const sql of stateTablesSql("run_once_test")) await execute(engine, sql);
    once = sharedRunOnce(engine, undefined, keyedState(engine));
  });
  after(async () => {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  const recorded = async (key: string) => (await keyedState(engine).read(key)).get(key);

  test("a tick runs once; an earlier tick is skipped; a later one runs and is recorded", async () => {
    const ran: string[] = [];
    const work = (label: string) => async () => (ran.push(label), true);
    assert.equal(await once("copy_tick:a", tick(2), work("2")), true);
    assert.equal(await once("copy_tick:a", tick(2), work("2 again")), false);
    assert.equal(await once("copy_tick:a", tick(0), work("0")), false);
    assert.equal(await once("copy_tick:a", tick(4), work("4")), true);
    assert.deepEqual(ran, ["2", "4"]);
    assert.equal(await recorded("copy_tick:a"), "2024-05-01T10:00:04.000Z");
  });

  test("four nodes firing the same tick together: one runs it", async () => {
    let runs = 0;
    const answers = await Promise.all([1, 2, 3, 4].map(() => once("copy_tick:b", tick(10), async () => (runs++, true))));
    assert.equal(runs, 1);
    assert.deepEqual([...answers].sort(), [false, false, false, true]);
  });

  test("work that did not run (cancelled) or threw is not recorded: the next caller runs the tick", async () => {
    assert.equal(await once("copy_tick:c", tick(20), async () => false), false);
    await assert.rejects(once("copy_tick:c", tick(20), async () => Promise.reject(new Error("node lost"))), { message: "node lost" });
    assert.equal(await recorded("copy_tick:c"), undefined);
    assert.equal(await once("copy_tick:c", tick(20), async () => true), true);
    assert.equal(await recorded("copy_tick:c"), "2024-05-01T10:00:20.000Z");
  });

  test("keys are apart: one pipe's long run does not hold another's; a waiter stops when aborted", async () => {
    let release!: () => void;
    const held = new Promise<void>((done) => (release = done));
    const long = once("copy_tick:d", tick(30), async () => (await held, true));
    // Another pipe runs meanwhile.
    assert.equal(await once("copy_tick:e", tick(30), async () => true), true);
    // The same pipe's next tick waits for the lease; aborting stops the wait without running it.
    const stop = new AbortController();
    let waiterRan = false;
    const waiter = once("copy_tick:d", tick(32), async () => (waiterRan = true), stop.signal);
    stop.abort(new Error("server stopping"));
    await assert.rejects(waiter, { message: "server stopping" });
    release();
    assert.equal(await long, true);
    assert.equal(waiterRan, false);
    assert.equal(await recorded("copy_tick:d"), "2024-05-01T10:00:30.000Z");
  });
});
