/**
 * Regressions from the attacker pass on issue 16, over HTTP with a tenant's JWT. A WITH
 * subquery named after a datasource stands in for it inside the pipe the statement reads
 * (`WITH tenant_domains_mv AS MATERIALIZED (…fake row…) SELECT * FROM domains` answered the fake
 * row), whatever form the WITH takes; and server facts are refused under every alias.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { hs256, inAnHour } from "../auth/helpers/auth-fixture.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";

const FAKE = "SELECT 'customer-1' AS tenant_id, 'FAKE.example' AS domain, now() AS first_seen, now() AS last_seen, initializeAggregation('countState', 1) AS total_hits";
const SHADOW = "A WITH subquery named after a datasource or pipe (tenant_domains_mv); give it another name is not allowed in queries with this token";

/** Every way of writing `WITH tenant_domains_mv AS (…)` that ClickHouse accepts, one by one. */
const FORMS = [
  `WITH tenant_domains_mv AS (${FAKE})`,
  `WITH tenant_domains_mv AS MATERIALIZED (${FAKE})`,
  `WITH tenant_domains_mv as materialized (${FAKE})`,
  `WITH \`tenant_domains_mv\` AS MATERIALIZED (${FAKE})`,
  `WITH "tenant_domains_mv" AS MATERIALIZED (${FAKE})`,
  `WITH /* a */ tenant_domains_mv /* b */ AS -- c\n\tMATERIALIZED\n/* d */ (${FAKE})`,
  `WITH tenant_domains_mv(tenant_id, domain, first_seen, last_seen, total_hits) AS (${FAKE})`,
  `WITH tenant_domains_mv (tenant_id, domain, first_seen, last_seen, total_hits) AS MATERIALIZED (${FAKE})`,
  `WITH RECURSIVE tenant_domains_mv AS (${FAKE})`,
  `WITH other AS (SELECT 1), tenant_domains_mv AS MATERIALIZED (${FAKE})`,
];

describe("WITH stand-ins and aliased server facts (kit, tenant JWT)", () => {
  let server: TestServer;
  let jwt: string;

  const get = async (path: string) => {
    const res = await api(server, path, { token: jwt });
    return { status: res.status, text: await res.text() };
  };
  const sql = (statement: string) => get(`/v0/sql?q=${encodeURIComponent(statement)}`);
  const q = (statement: string) => get(`/v0/pipes/domains.json?q=${encodeURIComponent(statement)}`);

  before(async () => {
    server = await startServer();
    const now = new Date().toISOString().slice(0, 19).replace("T", " ");
    const hit = { timestamp: now, session_id: "s1", action: "page_hit", version: "1", tenant_id: "customer-1", domain: "customer-1.example", payload: "{}" };
    const ingest = await api(server, "/v0/events?name=analytics_events&wait=true", { method: "POST", body: JSON.stringify(hit) });
    assert.equal(ingest.status, 200, await ingest.text());
    jwt = hs256({ exp: inAnHour(), scopes: [{ type: "PIPES:READ", resource: "domains", fixed_params: { tenant_id: "customer-1" } }] }, server.adminToken);
  });
  after(async () => {
    await server.stop();
  });

  test("the tenant's own query answers its own domain", async () => {
    const got = await q("SELECT domain FROM _");
    assert.equal(got.status, 200, got.text);
    assert.deepEqual(JSON.parse(got.text).data, [{ domain: "customer-1.example" }]);
  });

  for (const form of FORMS) {
    test(`refused over q= and /v0/sql: ${form.slice(0, form.indexOf(FAKE))}…`, async () => {
      for (const got of [await q(`${form} SELECT * FROM _`), await sql(`${form} SELECT * FROM domains`)]) {
        assert.deepEqual([got.status, JSON.parse(got.text)], [400, { error: SHADOW }]);
      }
    });
  }

  test("NOT MATERIALIZED is a syntax error in this ClickHouse", async () => {
    const got = await q(`WITH tenant_domains_mv AS NOT MATERIALIZED (${FAKE}) SELECT * FROM _`);
    assert.equal(got.status, 400);
    assert.match(JSON.parse(got.text).error, /^\[Error\] Syntax error: failed at position 31 \(MATERIALIZED\)/);
  });

  test("a WITH of another name, MATERIALIZED, and named windows still run", async () => {
    const mine = await sql("WITH mine AS MATERIALIZED (SELECT domain FROM domains) SELECT count() AS n FROM mine FORMAT JSONEachRow");
    assert.deepEqual([mine.status, mine.text], [200, '{"n":1}\n']);
    const window = await sql("SELECT domain, row_number() OVER w AS n FROM domains WINDOW w AS (ORDER BY domain) FORMAT JSONEachRow");
    assert.deepEqual([window.status, window.text], [200, '{"domain":"customer-1.example","n":1}\n']);
  });

  test("aliases of server facts are refused as the token wrote them", async () => {
    const statement = "SELECT user(), authUser(), session_user(), CURRENT_USER(), fullHostName(), current_query_id(), initial_query_id()";
    const error = { error: "The function user, authUser, session_user, CURRENT_USER, fullHostName, current_query_id, initial_query_id is not allowed in queries with this token" };
    for (const got of [await sql(statement), await q(`${statement} FROM _`)]) assert.deepEqual([got.status, JSON.parse(got.text)], [400, error]);
  });
});
