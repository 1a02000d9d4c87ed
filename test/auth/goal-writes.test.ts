/**
 * The write scope of tenant JWTs (issue 15), over real HTTP against the kit: a tenant's
 * token writes goal versions only as its own tenant (and domain, when it fixes one), reads
 * only its own goals, and no JWT carries two tenants, whether minted by the CLI, by
 * POST /v0/tokens or signed elsewhere with the admin token.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { after, before, describe, test } from "node:test";
import { appendScopes, DASHBOARD_WRITABLE } from "../../dashboard/src/api/dashboard-writes.ts";
import { startServer, type TestServer } from "../helpers/server.ts";
import { hs256, inAnHour } from "./helpers/auth-fixture.ts";

const run = promisify(execFile);
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()) as { scopes: unknown };

describe("goal writes: one tenant per JWT", () => {
  let server: TestServer;
  const cli = async (...args: string[]) => (await run(process.execPath, ["bin/aviary.js", "token", "jwt", ...args, "--data-dir", server.dataDir])).stdout.trim();
  const appendGoals = (token: string, rows: readonly object[]) =>
    fetch(`${server.url}/v0/events?name=analytics_goals&wait=true`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: rows.map((r) => JSON.stringify(r)).join("\n") });
  const definitions = async (token: string, query = "") => {
    const res = await fetch(`${server.url}/v0/pipes/goal_definitions.json?${query}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, await res.clone().text());
    return ((await res.json()) as { data: { domain: string; goal_id: string; name: string }[] }).data;
  };
  const stored = async () => {
    const res = await fetch(`${server.url}/v0/sql`, { method: "POST", headers: { authorization: `Bearer ${server.adminToken}` }, body: "SELECT tenant_id, domain, goal_id FROM analytics_goals ORDER BY goal_id FORMAT JSON" });
    return ((await res.json()) as { data: { tenant_id: string; domain: string; goal_id: string }[] }).data;
  };
  const mint = (scopes: readonly object[]) =>
    fetch(`${server.url}/v0/tokens?expiration_time=${inAnHour()}`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "t", scopes }),
    });
  const goal = (tenant: string, domain: string, id: string) => ({ tenant_id: tenant, domain, goal_id: id, name: id, kind: "event", match: "signup" });

  before(async () => {
    server = await startServer();
    const admin = await appendGoals(server.adminToken, [goal("globex", "globex.com", "b-secret")]);
    assert.equal(admin.status, 200);
  });
  after(() => server.stop());

  test("--write adds APPEND on the tenant's definitions with tenant_id (and a fixed domain) fixed", async () => {
    const scopes = claimsOf(await cli("--tenant", "acme", "--pipes", "goal_definitions", "--fixed", "domain=acme.com", "--write")).scopes;
    assert.deepEqual(scopes, [
      { type: "PIPES:READ", resource: "goal_definitions", fixed_params: { tenant_id: "acme", domain: "acme.com" } },
      ...DASHBOARD_WRITABLE.map((resource) => ({ type: "DATASOURCES:APPEND", resource, fixed_params: { tenant_id: "acme", domain: "acme.com" } })),
    ]);
  });

  test("a row naming another tenant (and domain) is stored as the token's; it reads its own goals only", async () => {
    const token = await cli("--tenant", "acme", "--pipes", "goal_definitions", "--fixed", "domain=acme.com", "--write");
    const res = await appendGoals(token, [goal("globex", "globex.com", "a-1"), { ...goal("", "", "a-2"), tenant_id: undefined }]);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { successful_rows: 2, quarantined_rows: 0 });
    assert.deepEqual(await stored(), [
      { tenant_id: "acme", domain: "acme.com", goal_id: "a-1" },
      { tenant_id: "acme", domain: "acme.com", goal_id: "a-2" },
      { tenant_id: "globex", domain: "globex.com", goal_id: "b-secret" },
    ]);
    assert.deepEqual((await definitions(token, "tenant_id=globex&domain=globex.com")).map((g) => g.goal_id), ["a-1", "a-2"]);
  });

  test("a version is dated by its write: a tenant cannot back-date one to recount its past; the admin can", async () => {
    const token = await cli("--tenant", "acme", "--pipes", "goal_definitions", "--write");
    const before = Date.now();
    const res = await appendGoals(token, [{ ...goal("acme", "acme.com", "dated"), updated_at: "2000-01-01 00:00:00.000" }, { ...goal("acme", "acme.com", "dated-later"), updated_at: "2300-01-01T00:00:00Z" }]);
    assert.deepEqual(await res.json(), { successful_rows: 2, quarantined_rows: 0 });
    const admin = await appendGoals(server.adminToken, [{ ...goal("acme", "acme.com", "imported"), updated_at: "2001-02-03 04:05:06.789" }]);
    assert.equal(admin.status, 200);
    const sql = await fetch(`${server.url}/v0/sql`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.adminToken}` },
      body: "SELECT goal_id, toUnixTimestamp64Milli(updated_at) AS ms FROM analytics_goals WHERE goal_id IN ('dated', 'dated-later', 'imported') ORDER BY goal_id FORMAT JSON",
    });
    const rows = ((await sql.json()) as { data: { goal_id: string; ms: number | string }[] }).data;
    assert.deepEqual(rows.map((r) => r.goal_id), ["dated", "dated-later", "imported"]);
    for (const r of rows.slice(0, 2)) assert.ok(Number(r.ms) >= before - 1000 && Number(r.ms) <= Date.now() + 1000, `${r.goal_id} dated at the write, got ${r.ms}`);
    assert.equal(Number(rows[2]!.ms), Date.UTC(2001, 1, 3, 4, 5, 6, 789));
  });

  test("the write token appends nothing else: no events", async () => {
    const token = await cli("--tenant", "acme", "--dashboard", "--write");
    const res = await fetch(`${server.url}/v0/events?name=analytics_events`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: "{}" });
    assert.equal(res.status, 403);
    assert.deepEqual(await res.json(), { error: 'Token does not have DATASOURCES:APPEND scope for Data Source "analytics_events"' });
  });

  test("POST /v0/tokens refuses scopes of two tenants, and a tenant's unbound APPEND", async () => {
    const mixed = await mint([
      { type: "PIPES:READ", resource: "goal_definitions", fixed_params: { tenant_id: "acme" } },
      ...appendScopes(["analytics_goals"], { tenant_id: "globex" }),
    ]);
    assert.equal(mixed.status, 400);
    assert.deepEqual(await mixed.json(), { error: 'Invalid JWT request: scopes: a JWT is one tenant\'s, but scopes[0] fixes tenant_id "acme" and scopes[1] fixes "globex"' });
    const unbound = await mint([
      { type: "PIPES:READ", resource: "goal_definitions", fixed_params: { tenant_id: "acme" } },
      { type: "DATASOURCES:APPEND", resource: "analytics_goals" },
    ]);
    assert.equal(unbound.status, 400);
    assert.deepEqual(await unbound.json(), {
      error: 'Invalid JWT request: the scopes fix tenant_id "acme", so the DATASOURCES:APPEND scope on \'analytics_goals\' must fix it too (fixed_params {"tenant_id": "acme"})',
    });
    const good = await mint([{ type: "PIPES:READ", resource: "goal_definitions", fixed_params: { tenant_id: "acme" } }, ...appendScopes(["analytics_goals"], { tenant_id: "acme", limit: "5" })]);
    assert.equal(good.status, 200);
  });

  test("a JWT signed elsewhere with the admin token is held to the same rules when used", async () => {
    const read = { type: "PIPES:READ", resource: "goal_definitions", fixed_params: { tenant_id: "acme" } };
    const mixed = hs256({ exp: inAnHour(), scopes: [read, { type: "PIPES:READ", resource: "goals", fixed_params: { tenant_id: "globex" } }] }, server.adminToken);
    const refused = await fetch(`${server.url}/v0/pipes/goal_definitions.json`, { headers: { authorization: `Bearer ${mixed}` } });
    assert.equal(refused.status, 403);
    assert.match(((await refused.json()) as { error: string }).error, /scopes: a JWT is one tenant's, but scopes\[0\] fixes tenant_id "acme" and scopes\[1\] fixes "globex"/);
    const unbound = hs256({ exp: inAnHour(), scopes: [read, { type: "DATASOURCES:APPEND", resource: "analytics_goals" }] }, server.adminToken);
    const res = await appendGoals(unbound, [goal("globex", "globex.com", "sneaky")]);
    assert.equal(res.status, 403);
    assert.deepEqual(await res.json(), {
      error: 'This token is tenant "acme"\'s, but its DATASOURCES:APPEND scope on Data Source "analytics_goals" does not fix tenant_id: the rows could be another tenant\'s (mint it with fixed_params {"tenant_id": "acme"}, e.g. aviary token jwt --write)',
    });
    assert.equal((await stored()).some((r) => r.goal_id === "sneaky"), false);
  });
});
