/**
 * Custom events are written by strangers through the public tracker token, and the Events
 * API takes payloads up to 10 MB: the property reports read keys and values only from a
 * payload that is a JSON object, list at most 100 keys of one payload and none longer than
 * 256 characters, count a key written twice once (its first value), and cut a value at
 * 2,048 characters before grouping by it.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FlockEvent } from "../../src/seed/generate.ts";
import { startKitServer, type KitServer } from "./kit-server.ts";

const TENANT = "hostile-props";
const NOW = Date.now();
let n = 0;

function event(action: string, payload: string): FlockEvent {
  n++;
  return { timestamp: new Date(NOW - n * 1000).toISOString(), action, version: "1", session_id: `s-${n}`, tenant_id: TENANT, domain: "hostile.example", payload };
}

const manyKeys = `{${Array.from({ length: 5000 }, (_, i) => `"k${String(i).padStart(4, "0")}":${i}`).join(",")}}`;
const EVENTS: FlockEvent[] = [
  event("many", manyKeys),
  event("long_key", JSON.stringify({ ["x".repeat(257)]: 1, ["y".repeat(256)]: 2 })),
  event("twice", '{"plan":"first","plan":"second"}'),
  event("huge", JSON.stringify({ note: `${"é".repeat(3000)}${"z".repeat(5_000_000)}` })),
  event("huge", JSON.stringify({ note: `${"é".repeat(3000)}different tail` })),
  event("not_objects", "[1,2,3]"),
  event("not_objects", '"plan"'),
  event("not_objects", "\uFEFF{\"plan\":\"bom\"}"),
  event("not_objects", ' {"plan":"spaced"}'),
  event("not_objects", '{"plan":"broken"'),
  event("not_objects", '{"plan":"ok"}'),
];

describe("hostile custom event payloads", () => {
  let server: KitServer;
  before(async () => {
    server = await startKitServer();
    await server.ingest(EVENTS);
  });
  after(() => server?.stop());

  const query = (pipe: string, params: Record<string, string>) => server.query(pipe, { tenant_id: TENANT, ...params });

  test("at most 100 keys of a payload, in the order written", async () => {
    const keys = await query("event_properties", { event: "many", limit: "1000" });
    assert.deepEqual(keys.map((r) => r.property), Array.from({ length: 100 }, (_, i) => `k${String(i).padStart(4, "0")}`));
    // Its values are still read, whatever the key's place.
    assert.deepEqual((await query("top_event_property_values", { event: "many", property: "k4999" })).map((r) => r.value), ["4999"]);
  });

  test("a key longer than 256 characters is not listed, nor its values", async () => {
    assert.deepEqual((await query("event_properties", { event: "long_key" })).map((r) => r.property), ["y".repeat(256)]);
    assert.deepEqual(await query("top_event_property_values", { event: "long_key", property: "x".repeat(257) }), []);
  });

  test("a key written twice counts once, with its first value", async () => {
    assert.deepEqual((await query("event_properties", { event: "twice" })).map((r) => [r.property, r.events]), [["plan", 1]]);
    assert.deepEqual((await query("top_event_property_values", { event: "twice", property: "plan" })).map((r) => r.value), ["first"]);
  });

  test("a value is cut at 2,048 characters: two values alike that far are one", async () => {
    const values = await query("top_event_property_values", { event: "huge", property: "note" });
    assert.deepEqual(values.map((r) => [(r.value as string).length, r.visitors, r.events]), [[2048, 2, 2]]);
    assert.equal(values[0]!.value, `${"é".repeat(2048)}`);
  });

  test("keys are read only from a payload that is a JSON object, written starting with {", async () => {
    assert.deepEqual((await query("event_properties", { event: "not_objects" })).map((r) => [r.property, r.events]), [["plan", 1]]);
    assert.deepEqual((await query("top_event_property_values", { event: "not_objects", property: "plan" })).map((r) => r.value), ["ok"]);
    // Every one of them is an event all the same.
    assert.deepEqual((await query("top_events", {})).find((r) => r.action === "not_objects"), { action: "not_objects", visitors: 6, events: 6 });
  });
});
