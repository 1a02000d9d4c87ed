/** Values in a restricted token's engine errors: masked unless the token sent them, quoted or printed bare. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { EngineError } from "../../src/engine/engine.ts";
import { redactValues } from "../../src/query/redact-values.ts";

const masked = (message: string, sent: string) => redactValues(new EngineError(message, 1), sent).message;

test("quoted values and the bare values of IPv4, IPv6 and UUID parse errors are masked unless sent", () => {
  assert.equal(masked("Cannot parse string 'victim:/secret' as UInt8", "SELECT toUInt8(path) FROM _"), "Cannot parse string '…' as UInt8");
  assert.equal(masked("Cannot parse string 'abc' as UInt8", "SELECT toUInt8('abc')"), "Cannot parse string 'abc' as UInt8");
  assert.equal(masked("Cannot parse uuid app.other.com: Cannot parse UUID from String: In scope SELECT toUUID(domain)", "SELECT toUUID(domain) FROM _"), "Cannot parse uuid …: Cannot parse UUID from String: In scope SELECT toUUID(domain)");
  assert.equal(masked("Cannot parse IPv4 Signed up: x: Cannot parse IPv4 from String: In scope", "SELECT toIPv4(name) FROM _"), "Cannot parse IPv4 …: Cannot parse IPv4 from String: In scope");
  assert.equal(masked("Cannot parse IPv6 zz: Cannot parse IPv6 from String: In scope SELECT toIPv6('zz')", "SELECT toIPv6('zz')"), "Cannot parse IPv6 zz: Cannot parse IPv6 from String: In scope SELECT toIPv6('zz')");
});

test("values printed bare after `here:`, in Joda parse errors and as parsed digits are masked unless sent, however they are worded", () => {
  const sent = "SELECT f(pathname) FROM _";
  const cases: [string, string][] = [
    ["Cannot parse date here: /secret: Cannot parse Date from String: In scope SELECT toDate(pathname)", "Cannot parse date here: …: Cannot parse Date from String: In scope SELECT toDate(pathname)"],
    ["Cannot parse JSON object here: {secret: In scope SELECT 1. (INCORRECT_DATA)", "Cannot parse JSON object here: …: In scope SELECT 1. (INCORRECT_DATA)"],
    ["Cannot parse text value of type Variant(Date, UInt8) here: se (cr) et: In scope SELECT 1", "Cannot parse text value of type Variant(Date, UInt8) here: …: In scope SELECT 1"],
    ["Unable to parse fragment yyyy from secret because x because read number failed: In scope SELECT 1", "Unable to parse fragment yyyy from … because read number failed: In scope SELECT 1"],
    ["Value 2024 for month of year must be in the range [1, 12]: In scope SELECT 1", "Value … for month of year must be in the range [1, 12]: In scope SELECT 1"],
    // A value holding the words that end it is masked whole.
    ["Cannot parse uuid a: Cannot parse UUID from String: b: Cannot parse UUID from String: In scope SELECT 1", "Cannot parse uuid …: Cannot parse UUID from String: In scope SELECT 1"],
    ["Cannot parse uuid a: Cannot parse x: Cannot parse UUID from String. (CANNOT_PARSE_UUID)", "Cannot parse uuid …: Cannot parse UUID from String. (CANNOT_PARSE_UUID)"],
  ];
  for (const [message, expected] of cases) assert.equal(masked(message, sent), expected);
  assert.equal(masked("Cannot parse JSON object here: {bad: In scope SELECT CAST('{bad', 'JSON')", "SELECT CAST('{bad' AS JSON)"), "Cannot parse JSON object here: {bad: In scope SELECT CAST('{bad', 'JSON')");
  assert.equal(masked("Value 13 for month of year must be in the range [1, 12]", "SELECT parseDateTime('2023-13-01', '%Y-%m-%d')"), "Value 13 for month of year must be in the range [1, 12]");
});
