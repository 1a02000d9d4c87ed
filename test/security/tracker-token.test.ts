/**
 * Tenant-bound tracker tokens over real HTTP: the token's tenant_id is written into every
 * row whatever the page sends, pages off its domains are refused, it reads nothing, and
 * nbf/exp hold. Rows are checked in the landing table with the admin token (/v0/sql).
 * Also: `aviary token tracker` and `aviary token jwt` refusing an undeclared fixed param,
 * and the server's warning when a JWT minted elsewhere uses one.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { after, before, describe, test } from "node:test";
import { hs256 } from "../auth/helpers/auth-fixture.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";

const run = promisify(execFile);
const now = () => Math.floor(Date.now() / 1000);
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;

describe("tenant-bound tracker tokens", () => {
  let server: TestServer;
  let shared: string;
  /** acme, pages on shop.acme.test only (domain fixed too). */
  let acme: string;
  /** beta, pages on beta.test and any subdomain of it. */
  let beta: string;
  /** gamma, no domains: a server-side sender. */
  let gamma: string;

  const aviary = async (...args: string[]) => (await run(process.execPath, ["bin/aviary.js", ...args, "--data-dir", server.dataDir])).stdout.trim();

  before(async () => {
    server = await startServer();
    const listed = (await (await api(server, "/v0/tokens")).json()) as { tokens: { name: string; token: string }[] };
    shared = listed.tokens.find((t) => t.name === "tracker")!.token;
    acme = await aviary("token", "tracker", "--tenant", "acme", "--domain", "shop.acme.test");
    beta = await aviary("token", "tracker", "--tenant", "beta", "--domain", "beta.test", "--domain", "*.beta.test");
    gamma = await aviary("token", "tracker", "--tenant", "gamma");
  });
  after(() => server.stop());

  /** Appends `rows` (their `action` names them) and waits until they are queryable. */
  async function send(token: string, rows: object[], headers: Record<string, string> = {}, datasource = "analytics_events") {
    const body = rows.map((r) => JSON.stringify({ timestamp: "2026-12-01 10:00:00", version: "1", session_id: "s", payload: "{}", ...r })).join("\n");
    const res = await api(server, `/v0/events?name=${datasource}&wait=true`, { method: "POST", token, body, headers });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  /** tenant_id and domain of the rows whose action starts with `prefix`, by action. */
  async function landed(prefix: string): Promise<[string, string, string][]> {
    const q = `SELECT action, tenant_id, domain FROM analytics_events WHERE startsWith(action, '${prefix}') ORDER BY action FORMAT JSON`;
    const res = await api(server, `/v0/sql?q=${encodeURIComponent(q)}`);
    assert.equal(res.status, 200, await res.clone().text());
    return ((await res.json()) as { data: { action: string; tenant_id: string; domain: string }[] }).data.map((r) => [r.action, r.tenant_id, r.domain]);
  }

  test("aviary token tracker prints an APPEND-only JWT with the tenant fixed and the domains listed", () => {
    const claims = claimsOf(acme);
    assert.deepEqual(claims.scopes, [
      { type: "DATASOURCES:APPEND", resource: "analytics_events", fixed_params: { tenant_id: "acme", domain: "shop.acme.test" }, domains: ["shop.acme.test"] },
    ]);
    assert.equal(claims.name, "tracker-acme");
    assert.ok(Math.abs(Number(claims.exp) - (now() + 3650 * 86_400)) < 60);
    assert.deepEqual(claimsOf(beta).scopes, [{ type: "DATASOURCES:APPEND", resource: "analytics_events", fixed_params: { tenant_id: "beta" }, domains: ["beta.test", "*.beta.test"] }]);
    assert.deepEqual(claimsOf(gamma).scopes, [{ type: "DATASOURCES:APPEND", resource: "analytics_events", fixed_params: { tenant_id: "gamma" } }]);
  });

  test("aviary token tracker refuses a bad domain, a datasource the project lacks and a life over 10 years", async () => {
    await assert.rejects(aviary("token", "tracker", "--tenant", "a", "--domain", "https://shop.acme.test/"), /--domain "https:\/\/shop\.acme\.test\/" is not a host name/);
    await assert.rejects(aviary("token", "tracker", "--tenant", "a", "--datasource", "nope"), /Data Source 'nope' does not exist/);
    await assert.rejects(aviary("token", "tracker", "--tenant", "a", "--ttl", "3700d"), /more than 10 years away/);
  });

  test("the token's tenant_id replaces whatever the page sends; a single domain is fixed too", async () => {
    const sent = await send(acme, [{ action: "t1-a", tenant_id: "victim", domain: "evil.test" }, { action: "t1-b" }, { action: "t1-c", tenant_id: 7 }], { origin: "https://shop.acme.test" });
    assert.deepEqual(sent, { status: 200, body: { successful_rows: 3, quarantined_rows: 0 } });
    assert.deepEqual(await landed("t1-"), [["t1-a", "acme", "shop.acme.test"], ["t1-b", "acme", "shop.acme.test"], ["t1-c", "acme", "shop.acme.test"]]);
  });

  test("listed domains and wildcard subdomains are accepted; a row's unlisted domain becomes the page's host", async () => {
    const rows = [{ action: "t2-a", domain: "beta.test" }, { action: "t2-b", domain: "evil.test" }, { action: "t2-c" }, { action: "t2-d", domain: "APP.BETA.TEST", tenant_id: "acme" }];
    assert.equal((await send(beta, rows, { origin: "https://www.beta.test" })).status, 200);
    assert.equal((await send(beta, [{ action: "t2-e", domain: "" }], { origin: "http://beta.test:8080" })).status, 200);
    assert.equal((await send(beta, [{ action: "t2-f" }], { referer: "https://deep.shop.beta.test/cart?x=1" })).status, 200);
    assert.deepEqual(await landed("t2-"), [
      ["t2-a", "beta", "beta.test"],
      ["t2-b", "beta", "www.beta.test"],
      ["t2-c", "beta", "www.beta.test"],
      ["t2-d", "beta", "APP.BETA.TEST"],
      ["t2-e", "beta", "beta.test"],
      ["t2-f", "beta", "deep.shop.beta.test"],
    ]);
  });

  test("a page on another site is refused by its Origin, else its Referer", async () => {
    const refused = (host: string) => ({ status: 403, body: { error: `This token may not append from a page on ${host}: its domains are beta.test, *.beta.test` } });
    assert.deepEqual(await send(beta, [{ action: "t3" }], { origin: "https://evil.test" }), refused("evil.test"));
    assert.deepEqual(await send(beta, [{ action: "t3" }], { origin: "https://evilbeta.test" }), refused("evilbeta.test"));
    assert.deepEqual(await send(beta, [{ action: "t3" }], { origin: "https://beta.test.evil.test" }), refused("beta.test.evil.test"));
    assert.deepEqual(await send(beta, [{ action: "t3" }], { referer: "https://evil.test/beta.test" }), refused("evil.test"));
    // The Origin decides when there is one, whatever the Referer says.
    assert.deepEqual(await send(beta, [{ action: "t3" }], { origin: "https://evil.test", referer: "https://beta.test/" }), refused("evil.test"));
    assert.deepEqual(await send(acme, [{ action: "t3" }], { origin: "https://www.shop.acme.test" }), {
      status: 403,
      body: { error: "This token may not append from a page on www.shop.acme.test: its domains are shop.acme.test" },
    });
    assert.deepEqual(await landed("t3"), []);
  });

  test("a domain-bound token without Origin or Referer is refused: it is a browser token", async () => {
    const missing = { status: 403, body: { error: "This token appends only from web pages on beta.test, *.beta.test: the request has neither an Origin nor a Referer header naming its page" } };
    assert.deepEqual(await send(beta, [{ action: "t4" }]), missing);
    assert.deepEqual(await send(beta, [{ action: "t4" }], { origin: "null" }), missing);
    assert.deepEqual(await send(beta, [{ action: "t4" }], { origin: "file:///tmp/page.html" }), missing);
    assert.deepEqual(await landed("t4"), []);
  });

  test("a token without domains needs no page headers; its tenant is still fixed", async () => {
    assert.equal((await send(gamma, [{ action: "t5", tenant_id: "acme", domain: "gamma.test" }])).status, 200);
    assert.deepEqual(await landed("t5"), [["t5", "gamma", "gamma.test"]]);
  });

  test("it reads nothing, appends only to its datasource and only through the Events API", async () => {
    assert.equal((await api(server, "/v0/pipes/kpis.json", { token: gamma })).status, 403);
    assert.equal((await api(server, "/v0/sql?q=SELECT%201", { token: gamma })).status, 403);
    assert.deepEqual(await (await api(server, "/v0/pipes", { token: gamma })).json(), { pipes: [] });
    assert.equal((await send(gamma, [{ action: "t6" }], {}, "tenant_actions_mv")).status, 403);
    const direct = await api(server, "/v0/datasources?name=analytics_events&mode=append", { method: "POST", token: gamma, body: JSON.stringify({ action: "t6", tenant_id: "acme" }) });
    assert.deepEqual([direct.status, await direct.json()], [
      403,
      { error: 'This token fixes columns of the rows it appends to Data Source "analytics_events", which only the Events API does: POST /v0/events?name=analytics_events' },
    ]);
    assert.deepEqual(await landed("t6"), []);
  });

  test("the shared tracker token works as before: rows keep the tenant they send", async () => {
    assert.equal((await send(shared, [{ action: "t7", tenant_id: "anyone", domain: "any.test" }])).status, 200);
    assert.deepEqual(await landed("t7"), [["t7", "anyone", "any.test"]]);
  });

  test("nbf in the future, expired, and exp over 10 years are refused", async () => {
    const scopes = claimsOf(beta).scopes;
    const refusedFor = async (claims: object) => (await send(hs256({ scopes, ...claims }, server.adminToken), [{ action: "t8" }], { origin: "https://beta.test" })).body.error;
    assert.match(String(await refusedFor({ exp: now() + 3600, nbf: now() + 600 })), /: The token is not yet valid \(nbf\)$/);
    assert.match(String(await refusedFor({ exp: now() + 3600, nbf: "soon" })), /: Not Before claim \(nbf\) must be an integer\.$/);
    assert.match(String(await refusedFor({ exp: now() + 3600, iat: "today" })), /: Issued At claim \(iat\) must be an integer\.$/);
    assert.match(String(await refusedFor({ exp: now() - 1 })), /: Signature has expired$/);
    assert.match(String(await refusedFor({ exp: 1e300 })), /: Expiration Time claim \(exp\) is more than 10 years away; tokens may live 10 years at most$/);
    assert.equal(await refusedFor({ exp: now() + 3600, nbf: now() - 5, iat: now() - 5 }), undefined);
    assert.deepEqual(await landed("t8"), [["t8", "beta", "beta.test"]]);
  });

  test("POST /v0/tokens mints bound APPEND scopes, checked against the project and the 10-year bound", async () => {
    const mint = async (scopes: unknown[], exp = now() + 3600) => {
      const res = await api(server, `/v0/tokens/?expiration_time=${exp}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "site", scopes }) });
      return { status: res.status, body: (await res.json()) as { token?: string; error?: string } };
    };
    const bound = { type: "DATASOURCES:APPEND", resource: "analytics_events", fixed_params: { tenant_id: "delta" }, domains: ["Delta.TEST"] };
    const minted = await mint([bound]);
    assert.equal(minted.status, 200);
    assert.deepEqual(claimsOf(minted.body.token!).scopes, [{ ...bound, domains: ["delta.test"] }]);
    assert.equal((await send(minted.body.token!, [{ action: "t9", tenant_id: "x" }], { origin: "https://delta.test" })).status, 200);
    assert.deepEqual(await landed("t9"), [["t9", "delta", "delta.test"]]);

    assert.deepEqual(await mint([{ ...bound, fixed_params: { Tenant_ID: "delta" } }]), { status: 400, body: { error: "Invalid JWT request: 'Tenant_ID' is not a column of 'analytics_events'" } });
    assert.deepEqual(await mint([{ ...bound, domains: ["*"] }]), {
      status: 400,
      body: { error: 'Invalid JWT request: scopes[0].domains[0] "*" is not a host name such as shop.example.com or *.example.com (no scheme, port or path)' },
    });
    assert.deepEqual(await mint([{ type: "PIPES:READ", resource: "kpis", domains: ["a.test"] }]), { status: 400, body: { error: "Invalid JWT request: scopes[0]: domains only apply to DATASOURCES:APPEND" } });
    assert.deepEqual(await mint([bound, { type: "DATASOURCES:APPEND", resource: "analytics_events" }]), {
      status: 400,
      body: { error: 'Invalid JWT request: scopes: a DATASOURCES:APPEND scope with fixed_params or domains must be the only one on "analytics_events"' },
    });
    assert.deepEqual(await mint([bound], now() + 11 * 365 * 86_400), {
      status: 400,
      body: { error: "Invalid JWT request: Expiration Time claim (exp) is more than 10 years away; tokens may live 10 years at most" },
    });
  });

  test("aviary token jwt refuses a fixed param the selected pipes do not declare", async () => {
    await assert.rejects(
      aviary("token", "jwt", "--tenant", "acme", "--pipes", "kpis,top_p*", "--fixed", "Tenant_ID=acme"),
      (err: { stderr: string; code: number }) =>
        err.code === 2 &&
        err.stderr.trim() ===
          'aviary: fixed parameters must be parameters of every selected pipe, or they filter nothing: pipe "kpis" does not declare "Tenant_ID" (did you mean "tenant_id"?); pipe "top_pages" does not declare "Tenant_ID" (did you mean "tenant_id"?)',
    );
    await assert.rejects(aviary("token", "jwt", "--tenant", "acme", "--pipes", "kpi"), /--pipes: "kpi" names no pipe of /);
    const ok = await aviary("token", "jwt", "--tenant", "acme", "--pipes", "kpis", "--fixed", "domain=shop.acme.test");
    assert.deepEqual(claimsOf(ok).scopes, [{ type: "PIPES:READ", resource: "kpis", fixed_params: { tenant_id: "acme", domain: "shop.acme.test" } }]);
  });

  test("the server warns once per token and pipe when a JWT fixes a parameter the pipe does not declare", async () => {
    const jwt = hs256({ exp: now() + 3600, name: "typo", scopes: [{ type: "PIPES:READ", resource: "*", fixed_params: { Tenant_ID: "acme" } }] }, server.adminToken);
    for (const pipe of ["kpis", "kpis", "top_pages"]) assert.equal((await api(server, `/v0/pipes/${pipe}.json`, { token: jwt })).status, 200);
    const warnings = server.logs.filter((l) => l.includes("does not declare")).map((l) => JSON.parse(l) as { token: string; pipe: string; undeclared: unknown });
    assert.deepEqual(
      warnings.map((w) => [w.token, w.pipe, w.undeclared]),
      [
        ["typo", "kpis", [{ key: "Tenant_ID", meant: "tenant_id" }]],
        ["typo", "top_pages", [{ key: "Tenant_ID", meant: "tenant_id" }]],
      ],
    );
  });
});
