/**
 * Every column type and default rule, end to end: each case posts one event to the
 * `typed` fixture datasource and asserts what ClickHouse stored (read back with
 * toString, so every type compares as text) or that the row went to the quarantine
 * naming that column. This proves both the check and that ClickHouse accepts the
 * text the check writes for each type.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startServer, type TestServer } from "../helpers/server.ts";
import { FIXTURE, ndjson, postEvents, sql } from "./events-client.ts";

const Q = Symbol("quarantined");
type Case = readonly [column: string, value: unknown, stored: string | null | typeof Q];

const CASES: Case[] = [
  ["i8", 127, "127"], ["i8", -128, "-128"], ["i8", "12", "12"], ["i8", 128, Q], ["i8", 1.5, Q], ["i8", "abc", Q], ["i8", true, Q],
  ["u8", 255, "255"], ["u8", -1, Q], ["u8", 256, Q],
  ["i32", -2147483648, "-2147483648"], ["i32", "2147483648", Q],
  ["u32", 4294967295, "4294967295"],
  ["i64", "9223372036854775807", "9223372036854775807"], ["i64", 42, "42"], ["i64", 2 ** 53 + 2, Q], ["i64", "-9223372036854775809", Q],
  ["u64", "18446744073709551615", "18446744073709551615"], ["u64", -1, Q],
  ["i128", "-170141183460469231731687303715884105728", "-170141183460469231731687303715884105728"],
  ["u256", "115792089237316195423570985008687907853269984665640564039457584007913129639935", "115792089237316195423570985008687907853269984665640564039457584007913129639935"],
  ["f32", 1.5, "1.5"], ["f32", "2.25", "2.25"], ["f32", "", Q], ["f32", 1e39, Q],
  ["f64", 1e300, "1e300"], ["f64", "nan", Q],
  ["dec", "12.345", "12.34"], ["dec", 99999999.99, "99999999.99"], ["dec", "123456789", Q], ["dec", "1e3", Q],
  ["b", true, "true"], ["b", 0, "false"], ["b", "true", "true"], ["b", "yes", Q],
  ["lc", "x", "x"], ["lc", 5, "5"],
  ["ns", null, null], ["ns", "v", "v"],
  ["lcn", null, null], ["lcn", "w", "w"],
  ["ni", null, null], ["ni", "3", "3"],
  ["fs", "abcd", "abcd"], ["fs", "abcde", Q],
  ["uid", "6F9619FF-8B86-D011-B42D-00C04FC964FF", "6f9619ff-8b86-d011-b42d-00c04fc964ff"], ["uid", "not-a-uuid", Q],
  ["ip4", "10.0.0.1", "10.0.0.1"], ["ip4", "300.1.1.1", Q],
  ["ip6", "::1", "::1"], ["ip6", "10.0.0.1", "::ffff:10.0.0.1"], ["ip6", "zz", Q],
  ["en", "b", "b"], ["en", 1, "a"], ["en", "c", Q],
  ["dt", "2025-10-22T09:40:59.123Z", "2025-10-22 09:40:59"], ["dt", "2025-10-22T11:40:59+02:00", "2025-10-22 09:40:59"],
  ["dt", "2025-10-22 09:40:59", "2025-10-22 09:40:59"], ["dt", 1761126059, "2025-10-22 09:40:59"], ["dt", "1761126059", "2025-10-22 09:40:59"],
  ["dt", "2025-10-22", "2025-10-22 00:00:00"], ["dt", "not-a-date", Q], ["dt", "2025-02-30 00:00:00", Q], ["dt", -1, Q],
  ["dtz", "2025-10-22T09:40:59Z", "2025-10-22 18:40:59"], ["dtz", "2025-10-22 09:40:59", "2025-10-22 09:40:59"],
  ["dt64", "2025-10-22T09:40:59.123456Z", "2025-10-22 09:40:59.123"], ["dt64", 1761126059.5, "2025-10-22 09:40:59.500"],
  ["dt64", "1950-01-01T00:00:00.250Z", "1950-01-01 00:00:00.250"], ["dt64", "1899-12-31T23:59:59Z", Q],
  ["d", "2025-10-22", "2025-10-22"], ["d", "2025-10-22T23:30:00-05:00", "2025-10-23"], ["d", 20383, Q], ["d", "2150-01-01", Q],
  ["d32", "1900-01-01", "1900-01-01"],
  ["arr", [1, 2, 3], "[1,2,3]"], ["arr", [1, "x"], Q], ["arr", "[1,2]", Q],
  ["arrn", ["a", null], "['a',NULL]"],
  ["m", { a: 1 }, "{'a':1}"], ["m", { a: -1 }, Q],
  ["tup", [1, "x"], "(1,'x')"], ["tup", [1], Q],
  ["named", { a: 1, b: "x" }, "(1,'x')"], ["named", [2, "y"], "(2,'y')"],
  ["obj", { k: [1, 2] }, '{"k":[1,2]}'], ["obj", "plain", "plain"], ["obj", 12, "12"], ["obj", "lone \ud800", Q],
  ["req", null, Q],
];

const COLUMNS = [...new Set(CASES.map(([c]) => c))];
const idOf = (i: number) => `case-${i}`;

describe("Events API: every column type", () => {
  let server: TestServer;
  let stored: Map<string, Record<string, string | null>>;
  let quarantined: Map<string, { c__error_column: string[]; c__error: string[] }>;
  before(async () => {
    server = await startServer({ project: FIXTURE });
    const rows = CASES.map(([column, value], i) => ({ id: idOf(i), req: column === "req" ? value : "r", [column]: value }));
    rows.push({ id: "defaults", req: "r" }, { id: "paths", req: "r", a: { b: ["zero", "one"] }, "x-y": "dash" } as never, { id: "no-req" } as never);
    const res = await postEvents(server, "typed", ndjson(rows), { wait: true });
    assert.equal(res.status, 200, await res.clone().text());
    const body = (await res.json()) as { successful_rows: number; quarantined_rows: number };
    const bad = CASES.filter(([, , s]) => s === Q).length + 1;
    assert.deepEqual(body, { successful_rows: rows.length - bad, quarantined_rows: bad });
    const columns = [...COLUMNS.filter((c) => c !== "req"), "expr", "deep", "dashed"];
    const table = await sql<Record<string, string | null>>(server, `SELECT id, ${columns.map((c) => `toString(${c}) AS ${c}`).join(", ")} FROM typed`);
    stored = new Map(table.map((r) => [String(r.id), r]));
    const q = await sql<{ id: string; c__error_column: string[]; c__error: string[] }>(server, "SELECT id, c__error_column, c__error FROM typed_quarantine");
    quarantined = new Map(q.map((r) => [r.id, r]));
  });
  after(() => server.stop());

  CASES.forEach(([column, value, expected], i) => {
    test(`${column} ← ${JSON.stringify(value)} ${expected === Q ? "is quarantined" : `stores ${JSON.stringify(expected)}`}`, () => {
      if (expected === Q) {
        assert.equal(stored.has(idOf(i)), false);
        assert.deepEqual(quarantined.get(idOf(i))?.c__error_column, [column]);
      } else {
        assert.equal(stored.get(idOf(i))?.[column], expected);
      }
    });
  });

  test("missing keys take the DEFAULT, an expression DEFAULT included; a missing Nullable is NULL", () => {
    const row = stored.get("defaults")!;
    assert.deepEqual([row.i8, row.ni, row.ns, row.lc, row.en, row.dt, row.arr, row.expr], ["0", "7", null, "", "a", "1970-01-01 00:00:00", "[]", "x-defaults"]);
  });

  test("JSONPaths reach nested arrays and keys that need quoting", () => {
    assert.deepEqual([stored.get("paths")?.deep, stored.get("paths")?.dashed], ["one", "dash"]);
  });

  test("quarantine messages name the column and the value", () => {
    const dt = CASES.findIndex(([c, v]) => c === "dt" && v === "not-a-date");
    assert.deepEqual(quarantined.get(idOf(dt))?.c__error, ["value 'not-a-date' on column 'dt' is not DateTime"]);
    assert.deepEqual(quarantined.get("no-req")?.c__error, ["value is missing on column 'req', which has no DEFAULT and is not Nullable"]);
    const f32 = CASES.findIndex(([c, v]) => c === "f32" && v === "");
    assert.deepEqual(quarantined.get(idOf(f32))?.c__error, ["value '' on column 'f32' is not Float32"]);
  });
});
