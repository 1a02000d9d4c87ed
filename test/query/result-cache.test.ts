/** The result cache alone, with a counting loader and an injected clock (no sleeping). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ResultCache } from "../../src/query/result-cache.ts";

function fixture(options: { maxEntries?: number; maxBytes?: number } = {}) {
  let clock = 0;
  const cache = new ResultCache<string>({ maxEntries: options.maxEntries ?? 100, maxBytes: options.maxBytes ?? 1_000_000, now: () => clock }, (v) => v.length);
  const loads: string[] = [];
  const load = (key: string, value = `rows of ${key}`) => () => {
    loads.push(key);
    return Promise.resolve(value);
  };
  return { cache, loads, load, advance: (ms: number) => void (clock += ms) };
}

describe("result cache", () => {
  test("the same key within the interval is computed once; its age grows; after the interval it is computed again", async () => {
    const { cache, loads, load, advance } = fixture();
    assert.deepEqual(await cache.get("a", 10_000, load("a")), { value: "rows of a", age: 0, outcome: "miss" });
    advance(9_999);
    assert.deepEqual(await cache.get("a", 10_000, load("a")), { value: "rows of a", age: 9, outcome: "hit" });
    advance(1);
    assert.deepEqual(await cache.get("a", 10_000, load("a")), { value: "rows of a", age: 0, outcome: "miss" });
    assert.deepEqual(loads, ["a", "a"]);
  });

  test("different keys never share an entry", async () => {
    const { cache, loads, load } = fixture();
    assert.equal((await cache.get("tenant a", 10_000, load("tenant a"))).value, "rows of tenant a");
    assert.equal((await cache.get("tenant b", 10_000, load("tenant b"))).value, "rows of tenant b");
    assert.deepEqual(loads, ["tenant a", "tenant b"]);
  });

  test("concurrent requests for one key wait for one computation", async () => {
    const { cache } = fixture();
    let calls = 0;
    let release!: (v: string) => void;
    const load = () => {
      calls++;
      return new Promise<string>((done) => (release = done));
    };
    const all = Promise.all([1, 2, 3, 4].map(() => cache.get("k", 10_000, load)));
    await new Promise((r) => setImmediate(r));
    release("answer");
    const results = await all;
    assert.equal(calls, 1);
    assert.deepEqual(results.map((r) => [r.value, r.outcome]), [["answer", "miss"], ["answer", "coalesced"], ["answer", "coalesced"], ["answer", "coalesced"]]);
  });

  test("a failure is shared by the requests waiting for it, but never kept", async () => {
    const { cache, loads, load } = fixture();
    let fail = true;
    const flaky = () => {
      loads.push("k");
      return fail ? Promise.reject(new Error("engine down")) : Promise.resolve("fine");
    };
    const both = await Promise.allSettled([cache.get("k", 10_000, flaky), cache.get("k", 10_000, flaky)]);
    assert.deepEqual(both.map((r) => (r.status === "rejected" ? (r.reason as Error).message : r.value)), ["engine down", "engine down"]);
    fail = false;
    assert.equal((await cache.get("k", 10_000, flaky)).value, "fine");
    assert.deepEqual(loads, ["k", "k"]);
    assert.equal((await cache.get("k", 10_000, load("k"))).outcome, "hit");
  });

  test("a caller refused its turn fails alone: the next caller computes in its own turn", async () => {
    const { cache, loads, load } = fixture();
    const refused = <T>(): Promise<T> => Promise.reject(new Error("too many queries"));
    await assert.rejects(cache.get("k", 10_000, load("k"), refused), /too many queries/);
    assert.deepEqual(await cache.get("k", 10_000, load("k")), { value: "rows of k", age: 0, outcome: "miss" });
    assert.deepEqual(loads, ["k"]);
  });

  test("bounded by entries and by bytes, least recently used first; an answer over an eighth of the bytes is not kept", async () => {
    const { cache, loads, load } = fixture({ maxEntries: 2, maxBytes: 800 });
    await cache.get("a", 10_000, load("a"));
    await cache.get("b", 10_000, load("b"));
    await cache.get("a", 10_000, load("a"));
    await cache.get("c", 10_000, load("c"));
    assert.deepEqual(cache.size, { entries: 2, bytes: 2 * ("rows of a".length + 1) });
    assert.equal((await cache.get("a", 10_000, load("a"))).outcome, "hit");
    assert.equal((await cache.get("b", 10_000, load("b"))).outcome, "miss");
    const big = "x".repeat(101);
    assert.equal((await cache.get("big", 10_000, load("big", big))).value, big);
    assert.equal((await cache.get("big", 10_000, load("big", big))).outcome, "miss");
    assert.deepEqual(loads, ["a", "b", "c", "b", "big", "big"]);
    // 12 bytes an entry (value and key): the ninth goes over 100 bytes and pushes out the first.
    const bytes = fixture({ maxEntries: 100, maxBytes: 100 });
    for (let i = 1; i <= 9; i++) await bytes.cache.get(`k${i}`, 10_000, bytes.load(`k${i}`, "y".repeat(10)));
    assert.deepEqual(bytes.cache.size, { entries: 8, bytes: 96 });
    assert.equal((await bytes.cache.get("k2", 10_000, bytes.load("k2"))).outcome, "hit");
    assert.equal((await bytes.cache.get("k1", 10_000, bytes.load("k1"))).outcome, "miss");
  });

  test("an owner over its share loses its own oldest answers, never another owner's", async () => {
    const cache = new ResultCache<string>({ maxEntries: 100, maxBytes: 1000, maxEntriesPerOwner: 3, maxBytesPerOwner: 100, now: () => 0 }, (v) => v.length);
    const get = (key: string, owner: string, value = "v".repeat(10)) => cache.get(key, 10_000, () => Promise.resolve(value), undefined, owner);
    await get("victim", "b");
    for (let i = 0; i < 10; i++) await get(`flood${i}`, "a");
    // Owner a keeps its three newest; b's answer was never touched.
    assert.deepEqual(cache.size, { entries: 4, bytes: 4 * 10 + "victim".length + 3 * "flood0".length });
    assert.equal((await get("victim", "b")).outcome, "hit");
    assert.equal((await get("flood9", "a")).outcome, "hit");
    assert.equal((await get("flood0", "a")).outcome, "miss");
    // An answer larger than an owner's byte share is not kept at all.
    assert.equal((await get("huge", "a", "x".repeat(101))).outcome, "miss");
    assert.equal((await get("huge", "a", "x".repeat(101))).outcome, "miss");
  });
});
