/** Converters alone, for the edges the end-to-end type test does not reach. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { tupleFieldNames } from "../../src/ingest/types/compound.ts";
import { converterFor } from "../../src/ingest/types/column-converter.ts";
import { parseInstant } from "../../src/ingest/types/instant.ts";

const convert = (type: string, value: unknown) => converterFor(type).convert(value);

test("instants: zones with and without colons, comma fractions, leap days, epoch fractions", () => {
  assert.deepEqual(parseInstant("2024-02-29T12:00:00+0530", true), { seconds: 1709188200, nanos: 0 });
  assert.deepEqual(parseInstant("2024-02-29T12:00:00-05", true), { seconds: 1709226000, nanos: 0 });
  assert.deepEqual(parseInstant("2024-02-29 12:00:00,5", true), { seconds: 1709208000, nanos: 500_000_000, naive: "2024-02-29 12:00:00" });
  assert.deepEqual(parseInstant("2024-02-29T12:00", true), { seconds: 1709208000, nanos: 0, naive: "2024-02-29 12:00:00" });
  assert.deepEqual(parseInstant(-100.25, true), { seconds: -101, nanos: 750_000_000 });
  assert.deepEqual(parseInstant("1761126059.000000001", true), { seconds: 1761126059, nanos: 1 });
  for (const bad of ["2023-02-29", "2024-13-01", "2024-01-01T24:00:00", "2024-01-01T10:60", "2024-01-01T00:00:00+15:00", "tomorrow", ""]) {
    assert.equal(parseInstant(bad, true), undefined, bad);
  }
  assert.equal(parseInstant(1761126059, false), undefined);
  assert.equal(parseInstant("1761126059", false), undefined);
});

test("DateTime64 precision cuts the fraction; zone-less text keeps its wall clock for a column with a timezone", () => {
  assert.equal(convert("DateTime64(6)", "2025-10-22T09:40:59.1234567Z"), '"1761126059.123456"');
  assert.equal(convert("DateTime64(0)", "2025-10-22T09:40:59.9Z"), '"1761126059"');
  assert.equal(convert("DateTime64(3, 'Europe/Madrid')", "2025-10-22 09:40:59.5"), '"2025-10-22 09:40:59.500"');
  assert.equal(convert("DateTime('UTC')", "2025-10-22T09:40:59Z"), "1761126059");
});

test("decimals: scale is cut, integer digits are bounded, exponents and blanks refused", () => {
  assert.equal(convert("Decimal(5, 2)", "-012.3456"), '"-12.34"');
  assert.equal(convert("Decimal32(2)", 0.1 + 0.2), '"0.30"');
  assert.equal(convert("Decimal(5, 2)", ".5"), '"0.5"');
  assert.equal(convert("Decimal(5, 2)", "1000"), undefined);
  assert.equal(convert("Decimal(5, 2)", "1e2"), undefined);
  assert.equal(convert("Decimal(5, 2)", "."), undefined);
  assert.equal(convert("Decimal(5, 2)", "-"), undefined);
});

test("enums read their labels, escapes included; maps quote numeric keys; named tuples keep their names", () => {
  assert.equal(convert("Enum8('it\\'s' = 1, 'b' = -2)", "it's"), '"it\'s"');
  assert.equal(convert("Enum8('it\\'s' = 1, 'b' = -2)", -2), '"b"');
  assert.equal(convert("Map(UInt8, Array(String))", { "7": ["x"] }), '{"7":["x"]}');
  assert.equal(convert("Map(UInt8, String)", { "700": "x" }), undefined);
  assert.deepEqual(tupleFieldNames("Tuple(a Int32, `b c` Map(String, Tuple(x Int8, y Int8)), d Enum8('x,y' = 1))"), ["a", "b c", "d"]);
  assert.equal(convert("Tuple(a Int32, b Nullable(String))", { a: 1, b: null }), '{"a":1,"b":null}');
});

test("types without a converter pass their JSON through for ClickHouse to judge", () => {
  assert.equal(convert("Point", [1, 2]), "[1,2]");
  assert.equal(convert("SimpleAggregateFunction(max, UInt8)", 300), undefined);
});
