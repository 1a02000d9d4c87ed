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

/**
 * For top reports whose rows carry labels beside the dimension (a city's region and
 * country, a version's OS): the kit orders by visits, hits and the dimension only, so rows
 * equal in all three (London, GB and London, CA) may come in either order. Checks that
 * order, then compares with the ties put in one order on both sides.
 */
export function assertRanked(actual: readonly Row[], expected: readonly Row[], what: string): void {
  const dim = Object.keys(expected[0] ?? actual[0] ?? {})[0] ?? "";
  const rank = (a: Row, b: Row) => Number(b.visits) - Number(a.visits) || Number(b.hits) - Number(a.hits) || Buffer.compare(Buffer.from(String(a[dim])), Buffer.from(String(b[dim])));
  actual.forEach((row, i) => {
    if (i > 0) assert.ok(rank(actual[i - 1]!, row) <= 0, `${what}: row ${i} out of order: ${JSON.stringify(row)} after ${JSON.stringify(actual[i - 1])}`);
  });
  const labels = (r: Row) => JSON.stringify(Object.keys(r).sort().filter((k) => typeof r[k] === "string").map((k) => r[k]));
  const settled = (rows: readonly Row[]) => [...rows].sort((a, b) => rank(a, b) || labels(a).localeCompare(labels(b)));
  assertRows(settled(actual), settled(expected), what);
}
