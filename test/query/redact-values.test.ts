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
