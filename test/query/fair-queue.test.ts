/**
 * The fair queue's order and caps, on a clock the test moves: lanes take turns, a lane's
 * expensive turns count against it, an idle lane banks no credit and sheds no debt, a lane
 * past its cap is refused at once and a request that waits too long is turned away.
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, mock, test } from "node:test";
import { ApiError } from "../../src/errors.ts";
import { FairQueue, type FairQueueOptions } from "../../src/query/fair-queue.ts";

/** A promise the test settles when it likes. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

describe("FairQueue", () => {
  let clock = 0;
  let started: string[] = [];
  const queue = (options: Partial<FairQueueOptions> = {}) => new FairQueue({ slots: 1, perLane: 10, maxWaitMs: 60_000, now: () => clock, ...options });
  /** Work that records its start and costs `ms` of the test's clock. */
  const work = (name: string, ms = 0) => async () => {
    started.push(name);
    clock += ms;
    return name;
  };

  beforeEach(() => {
    clock = 0;
    started = [];
  });

  test("lanes take turns, whatever order their requests came in", async () => {
    const q = queue();
    const hold = gate();
    const first = q.run("x", () => hold.wait);
    const rest = ["a1", "a2", "a3", "b1", "b2", "c1"].map((name) => q.run(name[0]!, work(name)));
    hold.open();
    await Promise.all([first, ...rest]);
    assert.deepEqual(started, ["a1", "b1", "c1", "a2", "b2", "a3"]);
  });

  test("a lane's slow turns count against it: the cheap lane goes on while the slow one waits for its own", async () => {
    const q = queue();
    const hold = gate();
    const first = q.run("x", () => hold.wait);
    const slow = ["s1", "s2", "s3"].map((name) => q.run("slow", work(name, 1000)));
    const fast = ["f1", "f2", "f3"].map((name) => q.run("fast", work(name, 10)));
    hold.open();
    await Promise.all([first, ...slow, ...fast]);
    assert.deepEqual(started, ["s1", "f1", "f2", "f3", "s2", "s3"]);
  });

  test("a lane that sends one request at a time keeps its account between them", async () => {
    const q = queue();
    await q.run("slow", work("s1", 1000));
    const hold = gate();
    const first = q.run("fast", async () => {
      started.push("f1");
      await hold.wait;
    });
    const queued = [q.run("fast", work("f2", 10)), q.run("slow", work("s2", 1000)), q.run("fast", work("f3", 10))];
    hold.open();
    await Promise.all([first, ...queued]);
    assert.deepEqual(started, ["s1", "f1", "f2", "f3", "s2"]);
  });

  test("a lane past its cap is refused at once with 429; other lanes and uncapped requests are not", async () => {
    const q = queue({ perLane: 2 });
    const hold = gate();
    const held = [q.run("a", () => hold.wait), q.run("a", work("a2"))];
    await assert.rejects(q.run("a", work("a3")), (err: unknown) => {
      assert.ok(err instanceof ApiError);
      assert.equal(err.status, 429);
      assert.equal(err.message, "Too many queries at once: this token already has 2 requests queued or running; retry when one has answered");
      assert.deepEqual(err.headers, { "Retry-After": "1" });
      return true;
    });
    const others = [q.run("b", work("b1")), q.run("a", work("admin"), { capped: false })];
    hold.open();
    await Promise.all([...held, ...others]);
    assert.deepEqual(started, ["b1", "a2", "admin"]);
    assert.equal(await q.run("a", work("a4")), "a4", "the lane is open again once its requests answered");
  });

  test("slots bound the requests in flight; depth is reported on every change", async () => {
    const depths: string[] = [];
    const q = queue({ slots: 2, onChange: ({ waiting, running }) => depths.push(`${waiting}/${running}`) });
    const gates = [gate(), gate(), gate()];
    const runs = gates.map((g, i) => q.run(`l${i}`, () => g.wait));
    assert.equal(depths.at(-1), "1/2");
    gates[0]!.open();
    await runs[0];
    assert.equal(depths.at(-1), "0/2");
    gates[1]!.open();
    gates[2]!.open();
    await Promise.all(runs);
    assert.equal(depths.at(-1), "0/0");
  });

  describe("waiting", () => {
    beforeEach(() => mock.timers.enable({ apis: ["setTimeout"] }));
    afterEach(() => mock.timers.reset());

    test("a request that waits past maxWaitMs is turned away with 503; the line moves on", async () => {
      const q = queue({ maxWaitMs: 2000 });
      const hold = gate();
      const first = q.run("a", () => hold.wait);
      const late = q.run("b", work("b1"));
      mock.timers.tick(2000);
      await assert.rejects(late, (err: unknown) => {
        assert.ok(err instanceof ApiError);
        assert.equal(err.status, 503);
        assert.equal(err.message, "The server is busy with other queries: this one waited 2 s for its turn; retry shortly");
        return true;
      });
      const next = q.run("b", work("b2"));
      hold.open();
      await Promise.all([first, next]);
      assert.deepEqual(started, ["b2"]);
    });
  });
});
