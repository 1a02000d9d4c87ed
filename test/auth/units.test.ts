/**
 * The pieces of access control, each by the value it returns: scope strings, resource
 * patterns and which scope wins, JWT signature and claim checks, the verified-token
 * cache, token buckets, readable datasources and their engine filters, the config knob.
 */
import assert from "node:assert/strict";
import { createHmac, createSecretKey } from "node:crypto";
import { describe, test } from "node:test";
import { Authenticator } from "../../src/auth/authenticate.ts";
import { readableDatasources, rowFilterSettings } from "../../src/auth/datasource-access.ts";
import { readClaims, type JwtClaims } from "../../src/auth/jwt-claims.ts";
import { jwtPrincipal } from "../../src/auth/jwt-principal.ts";
import { JwtError, verifyJwtSignature } from "../../src/auth/jwt-verifier.ts";
import { RateLimiter } from "../../src/auth/rate-limiter.ts";
import { resourcePattern } from "../../src/auth/resource-pattern.ts";
import { formatScope, parseScope } from "../../src/auth/scopes.ts";
import { staticPrincipal } from "../../src/auth/static-principal.ts";
import type { TokenStore } from "../../src/auth/token-store.ts";
import { VerifiedCache } from "../../src/auth/verified-cache.ts";
import { buildConfig } from "../../src/config.ts";
import { loadProject } from "../../src/project/load-project.ts";
import { FIXTURE, hs256 } from "./helpers/auth-fixture.ts";

const claims = (scopes: JwtClaims["scopes"], extra: Partial<JwtClaims> = {}): JwtClaims => ({ exp: 2e9, scopes, ...extra });

describe("scope strings", () => {
  test("parse and format round-trip, filters keep their colons", () => {
    for (const text of ["ADMIN", "PIPES:READ:kpis", "DATASOURCES:APPEND:events", "DATASOURCES:APPEND", "DATASOURCES:READ:events:ts > '2024-01-01 10:00:00'"]) {
      assert.equal(formatScope(parseScope(text)!), text);
    }
    assert.deepEqual(parseScope("DATASOURCES:READ:events:a = 'x:y'"), { type: "DATASOURCES:READ", resource: "events", filter: "a = 'x:y'" });
    for (const bad of ["PIPES:READ", "PIPES:DROP:kpis", "PIPES:READ:kpis:1", "TOKENS", ""]) assert.equal(parseScope(bad), undefined, bad);
  });

  test("a static principal grants exactly its scopes", () => {
    const p = staticPrincipal("t", ["PIPES:READ:kpis", "DATASOURCES:APPEND:events", "DATASOURCES:READ:events:tenant_id = 'a'"].map((s) => parseScope(s)!));
    assert.deepEqual([p.canReadPipe("kpis"), p.canReadPipe("top_pages"), p.canAppend("events"), p.canAppend("other"), p.isAdmin], [true, false, true, false, false]);
    assert.deepEqual(p.datasourceReads, [{ datasource: "events", filter: "tenant_id = 'a'" }]);
    assert.ok(staticPrincipal("a", [{ type: "ADMIN" }]).isAdmin);
  });
});

describe("resource patterns and the winning scope", () => {
  test("`*` matches any run of characters, anchored at both ends", () => {
    const cases: [string, string, boolean][] = [
      ["top_*", "top_pages", true],
      ["top_*", "top_", true],
      ["top_*", "kpis", false],
      ["top_*", "xtop_pages", false],
      ["*", "anything", true],
      ["*_mv", "pages_mv", true],
      ["a*b*c", "aXbYc", true],
      ["a*b*c", "acb", false],
      ["a*a", "a", false],
      ["kpis", "kpis", true],
      ["kpis", "kpis2", false],
    ];
    for (const [pattern, name, expected] of cases) assert.equal(resourcePattern(pattern).matches(name), expected, `${pattern} ~ ${name}`);
  });

  test("exact beats wildcards, the most specific wildcard beats broader ones, ties go to the first listed", () => {
    const p = jwtPrincipal(
      claims([
        { type: "PIPES:READ", resource: "*", fixed_params: { domain: "star" } },
        { type: "PIPES:READ", resource: "top_*", fixed_params: { domain: "top" } },
        { type: "PIPES:READ", resource: "top_pages", fixed_params: { domain: "exact" } },
        { type: "PIPES:READ", resource: "*_sources", fixed_params: { domain: "first-tie" } },
        { type: "PIPES:READ", resource: "top_sour*", fixed_params: { domain: "second-tie" } },
      ]),
      "sig",
    );
    assert.deepEqual(p.fixedParams("top_pages"), { domain: "exact" });
    assert.deepEqual(p.fixedParams("top_browsers"), { domain: "top" });
    assert.deepEqual(p.fixedParams("top_sources"), { domain: "first-tie" });
    assert.deepEqual(p.fixedParams("top_sources_daily"), { domain: "second-tie" });
    assert.deepEqual(p.fixedParams("kpis"), { domain: "star" });
    assert.equal(p.canReadPipe("anything"), true);
    const narrow = jwtPrincipal(claims([{ type: "PIPES:READ", resource: "top_*" }]), "sig");
    assert.equal(narrow.canReadPipe("kpis"), false);
    assert.deepEqual(narrow.fixedParams("kpis"), {});
  });

  test("a JWT principal: appends, reads, /v0/sql only with a read scope, rate key from name, sub or signature", () => {
    const p = jwtPrincipal(claims([{ type: "DATASOURCES:APPEND", resource: "events" }, { type: "DATASOURCES:READ", resource: "events", filter: "x = 1" }], { name: "n", limits: { rps: 3 } }), "sig");
    assert.deepEqual([p.canAppend("events"), p.canAppend("other"), p.canQuerySql, p.rateKey, p.pipeRps], [true, false, true, "jwt:n", 3]);
    assert.equal(jwtPrincipal(claims([], { sub: "customer-123" }), "sig").rateKey, "jwt:customer-123");
    const anonymous = jwtPrincipal(claims([{ type: "PIPES:READ", resource: "kpis" }]), "sig");
    assert.deepEqual([anonymous.rateKey, anonymous.canQuerySql, anonymous.pipeRps], ["jwt:sig", true, undefined]);
    assert.equal(jwtPrincipal(claims([{ type: "DATASOURCES:APPEND", resource: "events" }]), "sig").canQuerySql, false);
  });
});

describe("JWT verification", () => {
  const key = createSecretKey(Buffer.from("p.admin"));
  const payload = { exp: 2e9, scopes: [] };

  test("HS256 over header.payload with the admin token, whatever alg the header names", () => {
    assert.deepEqual(verifyJwtSignature(hs256(payload, "p.admin"), key), payload);
    assert.deepEqual(verifyJwtSignature(hs256(payload, "p.admin", { alg: "none" }), key), payload);
    const refusals: [string, string][] = [
      [hs256(payload, "p.other"), "Signature verification failed"],
      [hs256(payload, "p.admin").split(".").slice(0, 2).join(".") + ".", "Signature verification failed"],
      ["a.b", "Not enough segments"],
      [`e30.${"x".repeat(9000)}.sig`, "Token is larger than 8192 bytes"],
      ["e30.e30.s+g", "Invalid crypto padding"],
      ["%%%.e30.sig", "Invalid header padding"],
    ];
    for (const [token, reason] of refusals) assert.throws(() => verifyJwtSignature(token, key), (err: unknown) => err instanceof JwtError && err.message === reason, reason);
    const head = `${Buffer.from("{}").toString("base64url")}.${Buffer.from("[]").toString("base64url")}`;
    assert.throws(() => verifyJwtSignature(`${head}.${createHmac("sha256", "p.admin").update(head).digest("base64url")}`, key), /payload string: must be a JSON object/);
  });

  test("claims: exp required and in the future, workspace_id optional but checked, scopes typed", () => {
    const read = (p: Record<string, unknown>) => readClaims(p, "ws", 1000);
    assert.deepEqual(read({ exp: 2000, scopes: [] }), { exp: 2000, name: undefined, sub: undefined, workspace_id: undefined, scopes: [] });
    const refusals: [Record<string, unknown>, RegExp][] = [
      [{ scopes: [] }, /missing the "exp" claim/],
      [{ exp: 1000, scopes: [] }, /Signature has expired/],
      [{ exp: "2000", scopes: [] }, /exp\) must be an integer/],
      [{ exp: 2000, workspace_id: "other", scopes: [] }, /workspace_id/],
      [{ exp: 2000 }, /scopes must be a list/],
      [{ exp: 2000, scopes: [{ type: "PIPES:READ", resource: "k", filter: "1" }] }, /filter must be a SQL condition on a DATASOURCES:READ scope/],
      [{ exp: 2000, scopes: [{ type: "DATASOURCES:READ", resource: "e", fixed_params: {} }] }, /fixed_params only apply to PIPES:READ/],
      [{ exp: 2000, scopes: [{ type: "PIPES:READ", resource: "k", fixed_params: { t: null } }] }, /fixed_params\.t must be/],
      [{ exp: 2000, scopes: [], limits: { rps: "2" } }, /limits\.rps must be a number/],
      [{ exp: 2000, scopes: [], name: 5 }, /name must be a string/],
    ];
    for (const [p, reason] of refusals) assert.throws(() => read(p), reason);
    assert.equal(read({ exp: 2000, workspace_id: "ws", scopes: [] }).workspace_id, "ws");
  });

  test("the authenticator caches a verified JWT until it expires", () => {
    const workspace = { id: "ws", name: "aviary", secret: "s", adminToken: "p.admin" };
    const auth = new Authenticator(workspace, { principalOf: () => undefined } as unknown as TokenStore, 2);
    const token = hs256({ exp: 2000, scopes: [] }, "p.admin");
    const first = auth.authenticate({ queryToken: token }, 1000);
    assert.equal(auth.authenticate({ queryToken: token }, 1500), first);
    assert.throws(() => auth.authenticate({ queryToken: token }, 2000), /Signature has expired/);
  });
});

describe("verified-token cache", () => {
  test("least recently used entries go first; expired entries are never returned", () => {
    const cache = new VerifiedCache<string>(2);
    cache.set("a", "A", 100);
    cache.set("b", "B", 100);
    assert.equal(cache.get("a", 0), "A");
    cache.set("c", "C", 100);
    assert.deepEqual([cache.get("a", 0), cache.get("b", 0), cache.get("c", 0), cache.size], ["A", undefined, "C", 2]);
    assert.equal(cache.get("a", 100), undefined);
  });
});

describe("token buckets", () => {
  test("burst of rps, refill at rps per second, 429 figures, rps ≤ 0 unlimited", () => {
    const limiter = new RateLimiter();
    const at = (ms: number) => limiter.take("k", 2, ms);
    assert.deepEqual([at(0).allowed, at(1).allowed], [true, true]);
    assert.deepEqual(at(2), { allowed: false, limit: 2, remaining: 0, resetSeconds: 1, retryAfterSeconds: 1 });
    assert.equal(at(502).allowed, true, "half a second refills one request at 2 rps");
    assert.equal(at(503).allowed, false);
    assert.equal(limiter.take("other", 2, 3).allowed, true, "keys are independent");
    for (let i = 0; i < 10; i++) assert.equal(limiter.take("free", 0, i).allowed, true);
  });
});

describe("readable datasources and engine filters", () => {
  const reads = (datasourceReads: { datasource: string; filter?: string }[]) => ({ ...staticPrincipal("t", []), datasourceReads });

  test("a materialized target inherits its source's filter; a target of an unreadable source is not readable", async () => {
    const project = await loadProject(FIXTURE);
    assert.deepEqual(
      [...readableDatasources(project, reads([{ datasource: "analytics_events", filter: "tenant_id = 'a'" }]))],
      [
        ["analytics_events", "tenant_id = 'a'"],
        ["analytics_pages", "tenant_id = 'a'"],
      ],
    );
    assert.deepEqual([...readableDatasources(project, reads([{ datasource: "analytics_pages" }]))], [["analytics_pages", undefined]]);
    assert.deepEqual(
      [...readableDatasources(project, reads([{ datasource: "analytics_events", filter: "tenant_id = 'a'" }, { datasource: "analytics_events", filter: "tenant_id = 'b'" }]))][0],
      ["analytics_events", "(tenant_id = 'a') OR (tenant_id = 'b')"],
    );
    assert.deepEqual([...readableDatasources(project, reads([{ datasource: "analytics_events" }, { datasource: "analytics_events", filter: "x" }]))][0], ["analytics_events", undefined]);
  });

  test("additional_table_filters is a map literal keyed by database.table, quotes escaped", () => {
    assert.deepEqual(rowFilterSettings("aviary", new Map([["e", "t = 'a\\'b'"], ["free", undefined]])), { additional_table_filters: "{'aviary.e':'t = \\'a\\\\\\'b\\''}" });
    assert.deepEqual(rowFilterSettings("aviary", new Map([["free", undefined]])), {});
  });
});

describe("configuration", () => {
  test("the server-wide rate limit comes from --rate-limit-rps or AVIARY_RATE_LIMIT_RPS, 0 by default", () => {
    assert.equal(buildConfig({}, {}, false).rateLimitRps, 0);
    assert.equal(buildConfig({}, { AVIARY_RATE_LIMIT_RPS: "5" }, false).rateLimitRps, 5);
    assert.equal(buildConfig({ rateLimitRps: "7" }, { AVIARY_RATE_LIMIT_RPS: "5" }, false).rateLimitRps, 7);
    assert.throws(() => buildConfig({ rateLimitRps: "fast" }, {}, false), /rate limit/);
  });

  test("SQL a token writes gets 256 MiB by default, never more than --query-memory", () => {
    assert.equal(buildConfig({ queryMemoryBytes: String(2 ** 30) }, {}, false).sqlMemoryBytes, 256 * 2 ** 20);
    assert.equal(buildConfig({ queryMemoryBytes: String(2 ** 30) }, { AVIARY_SQL_MEMORY: String(2 ** 29) }, false).sqlMemoryBytes, 2 ** 29);
    assert.equal(buildConfig({ queryMemoryBytes: String(2 ** 27), sqlMemoryBytes: String(2 ** 29) }, {}, false).sqlMemoryBytes, 2 ** 27);
    assert.throws(() => buildConfig({ sqlMemoryBytes: "1000" }, {}, false), /sql memory must be at least 16 MiB/);
  });
});

describe("JWT time claims and tenant-bound APPEND scopes", () => {
  const read = (p: Record<string, unknown>) => readClaims(p, "ws", 1000);
  const TEN_YEARS = 315_576_000;

  test("nbf refuses a token before its time; nbf and iat must be numbers; exp at most 10 years away", () => {
    assert.deepEqual(read({ exp: 2000, nbf: 1000, iat: 900, scopes: [] }), { exp: 2000, nbf: 1000, iat: 900, name: undefined, sub: undefined, workspace_id: undefined, scopes: [] });
    assert.equal(read({ exp: 1000 + TEN_YEARS, scopes: [] }).exp, 1000 + TEN_YEARS);
    const refusals: [Record<string, unknown>, string][] = [
      [{ exp: 2000, nbf: 1001, scopes: [] }, "The token is not yet valid (nbf)"],
      [{ exp: 2000, nbf: "1000", scopes: [] }, "Not Before claim (nbf) must be an integer."],
      [{ exp: 2000, iat: null, scopes: [] }, "Issued At claim (iat) must be an integer."],
      [{ exp: 1001 + TEN_YEARS, scopes: [] }, "Expiration Time claim (exp) is more than 10 years away; tokens may live 10 years at most"],
      [{ exp: 1e300, scopes: [] }, "Expiration Time claim (exp) is more than 10 years away; tokens may live 10 years at most"],
      [{ exp: Infinity, scopes: [] }, "Expiration Time claim (exp) must be an integer."],
    ];
    for (const [p, reason] of refusals) assert.throws(() => read(p), (err: unknown) => err instanceof JwtError && err.message === reason, reason);
  });

  test("APPEND scopes take fixed_params and domains (lower-cased); other scopes do not take domains", () => {
    const scope = { type: "DATASOURCES:APPEND", resource: "events", fixed_params: { tenant_id: "a" }, domains: ["Shop.Example.com", "*.example.org"] };
    assert.deepEqual(read({ exp: 2000, scopes: [scope] }).scopes, [{ ...scope, domains: ["shop.example.com", "*.example.org"] }]);
    const refusals: [unknown, string][] = [
      [{ ...scope, domains: [] }, "scopes[0].domains must be a non-empty list of host names"],
      [{ ...scope, domains: "shop.example.com" }, "scopes[0].domains must be a non-empty list of host names"],
      [{ ...scope, domains: ["shop.example.com:8080"] }, 'scopes[0].domains[0] "shop.example.com:8080" is not a host name such as shop.example.com or *.example.com (no scheme, port or path)'],
      [{ ...scope, domains: ["a.*.example.com"] }, 'scopes[0].domains[0] "a.*.example.com" is not a host name such as shop.example.com or *.example.com (no scheme, port or path)'],
      [{ ...scope, domains: [7] }, "scopes[0].domains[0] must be a host name such as shop.example.com or *.example.com"],
      [{ type: "DATASOURCES:READ", resource: "events", domains: ["a.com"] }, "scopes[0]: domains only apply to DATASOURCES:APPEND"],
    ];
    for (const [s, reason] of refusals) assert.throws(() => read({ exp: 2000, scopes: [s] }), (err: unknown) => err instanceof JwtError && err.message === reason, reason);
    // A second APPEND scope on the same datasource would append without the fixed columns.
    assert.throws(() => read({ exp: 2000, scopes: [scope, { type: "DATASOURCES:APPEND", resource: "events" }] }), /must be the only one on "events"/);
    assert.equal(read({ exp: 2000, scopes: [scope, { type: "DATASOURCES:APPEND", resource: "other" }] }).scopes.length, 2);
  });

  test("a JWT principal hands out its APPEND binding; static tokens have none", () => {
    const p = jwtPrincipal(claims([{ type: "DATASOURCES:APPEND", resource: "events", fixed_params: { tenant_id: "a" }, domains: ["*.example.com"] }]), "sig");
    const binding = p.appendBinding?.("events");
    assert.deepEqual(binding?.fixedColumns, { tenant_id: "a" });
    assert.deepEqual([binding?.domains?.allows("www.example.com"), binding?.domains?.allows("example.com")], [true, false]);
    assert.deepEqual([p.canAppend("events"), p.canQuerySql, p.canReadPipe("kpis"), p.appendBinding?.("other")], [true, false, false, undefined]);
    assert.equal(jwtPrincipal(claims([{ type: "DATASOURCES:APPEND", resource: "events" }]), "sig").appendBinding?.("events"), undefined);
    assert.equal(staticPrincipal("tracker", [parseScope("DATASOURCES:APPEND:events")!]).appendBinding, undefined);
  });
});
