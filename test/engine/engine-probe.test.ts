/** /ready's engine check on its own: one SELECT 1 answers many checks; a silent or failing engine reads as not ready, in words. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { EngineProbe } from "../../src/engine/engine-probe.ts";
import { EngineError, type Engine, type QueryOutput } from "../../src/engine/engine.ts";

function fakeEngine(answer: () => Promise<QueryOutput>): Engine & { asked: string[] } {
  const asked: string[] = [];
  return {
    kind: "clickhouse",
    database: "aviary",
    asked,
    query: (sql) => (asked.push(sql), answer()),
    insert: async () => ({ rowsWritten: 0 }),
    queryToFile: async () => undefined,
    close: async () => undefined,
  };
}

const ok = async (): Promise<QueryOutput> => ({ body: Buffer.from("1\n"), elapsed: 0, rowsRead: 1, bytesRead: 1 });

describe("engine probe", () => {
  test("checks at once and within a second of each other share one SELECT 1", async () => {
    const engine = fakeEngine(ok);
    const probe = new EngineProbe(engine);
    assert.deepEqual(await Promise.all([probe.check(), probe.check(), probe.check()]), [undefined, undefined, undefined]);
    assert.equal(await probe.check(), undefined);
    assert.deepEqual(engine.asked, ["SELECT 1"]);
  });

  test("a failing engine: its first line of error", async () => {
    const probe = new EngineProbe(fakeEngine(() => Promise.reject(new EngineError("connect ECONNREFUSED 127.0.0.1:8123\nmore"))));
    assert.equal(await probe.check(), "the clickhouse engine failed SELECT 1: connect ECONNREFUSED 127.0.0.1:8123");
  });

  test("an engine that does not answer", async () => {
    const probe = new EngineProbe(fakeEngine(() => new Promise<QueryOutput>(() => undefined)));
    assert.equal(await probe.check(), "the clickhouse engine did not answer SELECT 1 within 2 s");
  });
});
