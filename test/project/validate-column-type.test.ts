import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkColumnType } from "../../src/project/datafile-type-check.ts";

describe("checkColumnType", () => {
  const valid = [
    "String", "FixedString(16)", "UUID", "Int8", "Int256", "UInt8", "UInt64", "UInt256", "Float32", "Float64",
    "Decimal(10, 2)", "Decimal(38)", "Decimal32(4)", "Decimal64(18)", "Decimal128(0)", "Decimal256(76)",
    "Bool", "Boolean", "Date", "Date32", "DateTime", "DateTime('Europe/Madrid')", "DateTime64(3)", "DateTime64(6, 'UTC')",
    "IPv4", "IPv6", "JSON", "JSON(max_dynamic_paths = 10, a.b UInt32, SKIP c)", "Object('json')",
    "Enum8('a' = 1, 'b' = -2)", "Enum16('x' = 1000)", "Enum('a', 'b')",
    "Nullable(String)", "LowCardinality(String)", "LowCardinality(Nullable(String))", "Array(Array(UInt8))",
    "Tuple(String, UInt8)", "Tuple(name String, age UInt8)", "Map(String, Array(Nullable(String)))",
    "AggregateFunction(uniq, String)", "AggregateFunction(count)", "AggregateFunction(quantiles(0.5, 0.9), Float64)",
    "AggregateFunction(argMax, String, DateTime)", "SimpleAggregateFunction(max, DateTime)", "SimpleAggregateFunction(sumMap, Map(String, UInt64))",
  ];
  for (const type of valid) it(`accepts ${type}`, () => assert.equal(checkColumnType(type), undefined));

  const invalid: [string, string][] = [
    ["Strng", 'unknown type "Strng" (did you mean "String"?)'],
    ["string", 'unknown type "string" (did you mean "String"?)'],
    ["Text", 'unknown type "Text"'],
    ["Map(String, Int)", 'unknown type "Int" (did you mean "Int8"?) in "Map(String, Int)"'],
    ["String(10)", 'invalid type "String(10)": String takes no parameters'],
    ["FixedString(0)", 'invalid type "FixedString(0)": expected FixedString(N) with a length N > 0'],
    ["DateTime(3)", `invalid type "DateTime(3)": expected DateTime or DateTime('time zone')`],
    ["DateTime64", `invalid type "DateTime64": expected DateTime64(precision 0-9) or DateTime64(precision, 'time zone')`],
    ["Decimal(80, 2)", 'invalid type "Decimal(80, 2)": expected Decimal(P, S) with 1 <= P <= 76 and 0 <= S <= P'],
    ["Decimal32(10)", 'invalid type "Decimal32(10)": expected Decimal32(S) with 0 <= S <= 9'],
    ["Enum8('a' = 200)", `invalid type "Enum8('a' = 200)": expected Enum8('a' = 1, 'b' = 2, …) with values from -128 to 127`],
    ["Object('xml')", `invalid type "Object('xml')": expected Object('json')`],
    ["Nullable(LowCardinality(String))", 'invalid type "Nullable(LowCardinality(String))": LowCardinality can not be inside Nullable; write LowCardinality(Nullable(…)) or drop Nullable'],
    ["Array(String, String)", 'invalid type "Array(String, String)": expected Array(T) with one type'],
    ["Map(String)", 'invalid type "Map(String)": expected Map(K, V) with two types'],
    ["AggregateFunction(uniq, Strin)", 'unknown type "Strin" (did you mean "String"?) in "AggregateFunction(uniq, Strin)"'],
    ["SimpleAggregateFunction(max)", 'invalid type "SimpleAggregateFunction(max)": expected SimpleAggregateFunction(function, T), e.g. SimpleAggregateFunction(max, DateTime)'],
    ["Nullable(String", 'can not read type "Nullable(String": the type ends too early'],
    ["Array(String) x", 'can not read type "Array(String) x": unexpected "x" after the type'],
    ["", 'can not read type "": the type ends too early'],
  ];
  for (const [type, message] of invalid) it(`rejects ${type || "an empty type"}`, () => assert.equal(checkColumnType(type), message));
});
