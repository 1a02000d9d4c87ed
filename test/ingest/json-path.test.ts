/** The JSONPaths columns are read by. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { compileJsonPath, JsonPathError } from "../../src/ingest/json-path.ts";

const event = { a: { b: [10, { c: "deep" }] }, "x-y": 1, "it's": 2, __proto__x: 3, list: [1, 2] } as Record<string, unknown>;

test("dotted keys, array indexes and quoted keys", () => {
  assert.equal(compileJsonPath("$.a.b[0]")(event), 10);
  assert.equal(compileJsonPath("$.a.b[1].c")(event), "deep");
  assert.equal(compileJsonPath("$['x-y']")(event), 1);
  assert.equal(compileJsonPath("$.['x-y']")(event), 1);
  assert.equal(compileJsonPath('$.["x-y"]')(event), 1);
  assert.equal(compileJsonPath("$['it\\'s']")(event), 2);
});

test("a step into something that is not there is undefined", () => {
  assert.equal(compileJsonPath("$.missing")(event), undefined);
  assert.equal(compileJsonPath("$.a.b[5]")(event), undefined);
  assert.equal(compileJsonPath("$.a.b.c")(event), undefined);
  assert.equal(compileJsonPath("$.list.length")(event), undefined);
  assert.equal(compileJsonPath("$['x-y'].z")(event), undefined);
});

test("keys Object.prototype has are read only when the event has them itself", () => {
  assert.equal(compileJsonPath("$.constructor")(event), undefined);
  assert.equal(compileJsonPath("$.__proto__")(event), undefined);
  assert.equal(compileJsonPath("$.a.toString")(event), undefined);
  assert.equal(compileJsonPath("$.constructor")(JSON.parse('{"constructor":"mine"}') as Record<string, unknown>), "mine");
});

test("paths it cannot read are refused with the position", () => {
  assert.throws(() => compileJsonPath("a.b"), JsonPathError);
  assert.throws(() => compileJsonPath("$"), /names no field/);
  assert.throws(() => compileJsonPath("$.a[:]"), /cannot read it from position 3/);
});
