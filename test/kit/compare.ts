/** Row-by-row comparison of an endpoint's output with the reference, with a readable first difference. */
import assert from "node:assert/strict";
import type { Row } from "./reference.ts";

/** Counts and rounded values must be equal; other floats may differ in the last bits (summation order). */
function close(actual: unknown, expected: unknown): boolean {
  if (typeof expected === "number" && typeof actual === "number") return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
  return actual === expected;
}

export function assertRows(actual: readonly Row[], expected: readonly Row[], what: string): void {
  const keys = (rows: readonly Row[]) => [...new Set(rows.flatMap((r) => Object.keys(r)))].sort();
  if (expected.length > 0 && actual.length > 0) assert.deepEqual(keys(actual), keys(expected), `${what}: columns`);
  for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
    const a = actual[i];
    const e = expected[i];
    if (!a || !e) assert.fail(`${what}: ${actual.length} rows, expected ${expected.length}; first unmatched row ${i}: ${JSON.stringify(a ?? e)}`);
    for (const key of Object.keys(e)) {
      if (!close(a[key], e[key])) {
        assert.fail(`${what}: row ${i} column ${key}: got ${JSON.stringify(a[key])}, expected ${JSON.stringify(e[key])}\n  row: ${JSON.stringify(a)}\n  expected: ${JSON.stringify(e)}`);
      }
    }
  }
}
