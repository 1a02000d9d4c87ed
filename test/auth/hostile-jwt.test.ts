/**
 * Hostile JWTs over real HTTP: every one gets 403 `invalid authentication token…` and
 * reads nothing. The key is the admin token; the attacker knows everything but it.
 */
import assert from "node:assert/strict";
import { createHmac, createSign, generateKeyPairSync } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { FIXTURE, hs256, inAnHour, seedPayload } from "./helpers/auth-fixture.ts";

const b64 = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

describe("hostile JWTs", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ project: FIXTURE });
  });
  after(() => server.stop());

  async function refused(token: string, reason?: RegExp): Promise<void> {
    const res = await api(server, "/v0/pipes/top_pages.json", { token });
    const body = (await res.json()) as { error: string; data?: unknown };
    assert.equal(res.status, 403, `${token.slice(0, 80)}… was accepted`);
    assert.match(body.error, /^invalid authentication token/);
    if (reason) assert.match(body.error, reason);
  }

  test("the control: the seed's payload signed with the admin token works", async () => {
    assert.equal((await api(server, "/v0/pipes/top_pages.json", { token: hs256(seedPayload("acme"), server.adminToken) })).status, 200);
  });

  test("alg none, with an empty or a missing signature", async () => {
    const unsigned = `${b64({ alg: "none", typ: "JWT" })}.${b64(seedPayload("acme"))}`;
    await refused(`${unsigned}.`, /Signature verification failed$/);
    await refused(unsigned, /Not enough segments$/);
    await refused(`${b64({ alg: "NONE" })}.${b64(seedPayload("acme"))}.`);
  });

  test("HS512 and RS256 headers with signatures of those algorithms", async () => {
    const head512 = `${b64({ alg: "HS512", typ: "JWT" })}.${b64(seedPayload("acme"))}`;
    await refused(`${head512}.${createHmac("sha512", server.adminToken).update(head512).digest("base64url")}`, /Signature verification failed$/);
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const head256 = `${b64({ alg: "RS256", typ: "JWT" })}.${b64(seedPayload("acme"))}`;
    await refused(`${head256}.${createSign("RSA-SHA256").update(head256).sign(privateKey).toString("base64url")}`);
    // Key confusion: an HMAC keyed with a public key is still not the admin token's HMAC.
    await refused(hs256(seedPayload("acme"), publicKey.export({ type: "spki", format: "pem" }).toString(), { alg: "RS256" }));
  });

  test("signed by another key, or tampered after signing", async () => {
    await refused(hs256(seedPayload("acme"), `${server.adminToken}x`), /Signature verification failed$/);
    await refused(hs256(seedPayload("acme"), ""));
    const [header, , signature] = hs256(seedPayload("acme"), server.adminToken).split(".");
    await refused(`${header}.${b64(seedPayload("globex"))}.${signature}`, /Signature verification failed$/);
  });

  test("exp in the past, missing, or not a number", async () => {
    await refused(hs256(seedPayload("acme", Math.floor(Date.now() / 1000) - 1), server.adminToken), /Signature has expired$/);
    const { exp: _exp, ...noExp } = seedPayload("acme");
    await refused(hs256(noExp, server.adminToken), /missing the "exp" claim$/);
    await refused(hs256({ ...noExp, exp: String(inAnHour()) }, server.adminToken), /exp\) must be an integer/);
  });

  test("oversized tokens are refused before any work, and quickly", async () => {
    const padding = "x".repeat(9000);
    const big = hs256({ ...seedPayload("acme"), padding }, server.adminToken);
    const started = performance.now();
    await refused(big, /larger than 8192 bytes$/);
    assert.ok(performance.now() - started < 500, "an oversized token took long to refuse");
  });

  test("garbage: not base64url, not JSON, not an object, wrong segment counts", async () => {
    const sig = "c2ln";
    for (const token of ["notreal", "a.b", "a.b.c.d", "..", "!!!.@@@.###", `${b64("not json")}.${b64(seedPayload("acme"))}.${sig}`, `${b64({ alg: "HS256" })}.${b64("[1,2]")}.${sig}`, "eyJ.eyJ.sig", "p.garbage", "p.eyJ1IjoieCJ9.c2ln"]) {
      await refused(token);
    }
    // Valid signature over a payload that is not an object.
    for (const payload of ["[1,2]", "null", "42", "not json"]) {
      const head = `${b64({ alg: "HS256" })}.${b64(payload)}`;
      await refused(`${head}.${createHmac("sha256", server.adminToken).update(head).digest("base64url")}`, /Invalid payload string/);
    }
  });

  test("well signed but malformed scopes are refused, never half-applied", async () => {
    const bad = [
      { exp: inAnHour(), scopes: "PIPES:READ:top_pages" },
      { exp: inAnHour(), scopes: [{ type: "ADMIN", resource: "top_pages" }] },
      { exp: inAnHour(), scopes: [{ type: "PIPES:READ" }] },
      { exp: inAnHour(), scopes: [{ type: "PIPES:READ", resource: "top_pages", fixed_params: { tenant_id: { nested: true } } }] },
      { exp: inAnHour(), scopes: [{ type: "PIPES:READ", resource: "top_pages", filter: "1" }] },
      { exp: inAnHour(), scopes: [{ type: "PIPES:READ", resource: "top_pages" }], limits: { rps: "many" } },
    ];
    for (const payload of bad) await refused(hs256(payload, server.adminToken));
  });
});
