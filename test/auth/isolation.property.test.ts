/**
 * The seed's promise as a property: with a tenant's token of any kind (the seed's JWT, one
 * from `aviary token jwt`, a JWT or static token with a row filter), no request returns a row
 * of another tenant, in its data or in its error, whatever it sends (another tenant_id,
 * repeated keys, casing tricks, injection strings in every parameter, JSON and form bodies,
 * `q=` rewrites, /v0/sql over datasources and over pipes), and what it does return equals the
 * admin's answer with tenant_id set to the token's tenant; the public tracker token reads nothing.
 * Rows are detectable: every value of a tenant's events contains the tenant's name.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import { startServer, type TestServer } from "../helpers/server.ts";
import { FIXTURE, getData, hs256, inAnHour, loadEvents, randomEvents, seedPayload, TENANTS, type Tenant } from "./helpers/auth-fixture.ts";

const run = promisify(execFile);
const ENDPOINTS = ["kpis", "top_pages", "top_actions", "current_visitors"] as const;

const INJECTIONS = [
  "' OR 1=1 --",
  "acme' OR tenant_id != '",
  "\\' OR 1=1 --",
  "') OR ('1'='1",
  "{{ tenant_id }}",
  "{% if 1 %}x{% end %}",
  "%' OR '%'='",
  "' UNION ALL SELECT * FROM analytics_events --",
  "globex\u0000",
  "1; DROP TABLE analytics_events",
  "`tenant_id`",
];

/** `q=` over `_`, as a client may legitimately send it. */
const Q_LEGIT = ["select * from _", "select count() as c from _", "SELECT * FROM _ ORDER BY ALL LIMIT 3", "with 2 as n select * from _ limit n"];

/** `q=` rewrites trying to reach past `_`. */
const Q_REWRITES = [
  "select * from analytics_events",
  "select * from _ union all select * from analytics_events",
  "select * from analytics_hits",
  "select * from kpis",
  "select * from days",
  "select * from _ settings additional_table_filters={}",
  "select * from system.tables",
  "select * from _ where 1 in analytics_events",
  "select * from _ where 1 in (select 1 from analytics_pages)",
  "with x as (select * from analytics_events) select * from x",
  "select * from file('/etc/passwd', 'LineAsString')",
  "select file('/etc/hostname') from _",
  "select * from merge('aviary', '^analytics')",
  "select * from _; select * from analytics_events",
  "select * from _ into outfile '/tmp/aviary-leak'",
];

const TENANT_KEYS = ["tenant_id", "TENANT_ID", "tenant_id[]", "Tenant_Id", "tenant_id ", "tenant%5Fid"];

type Method = "GET" | "JSON" | "FORM";

const FLAVORS = ["seed-jwt", "cli-jwt", "filtered-jwt", "static-filtered"] as const;
type Flavor = (typeof FLAVORS)[number];

interface Attack {
  readonly tenant: Tenant;
  readonly flavor: Flavor;
  readonly endpoint: (typeof ENDPOINTS)[number];
  readonly tenantKey: string;
  readonly tenantValues: readonly string[];
  readonly params: readonly (readonly [string, string])[];
  readonly method: Method;
  readonly q?: string;
}

const value = (tenant: Tenant) =>
  fc.oneof(
    fc.constantFrom(...TENANTS),
    fc.constantFrom(...TENANTS.map((t) => `${t}.com`)),
    fc.constantFrom(...INJECTIONS),
    fc.string({ maxLength: 12 }),
    fc.constant(tenant),
  );

/** Parameter values: mostly well-typed (so the query runs and results compare), sometimes hostile. */
const paramValue = (key: string, tenant: Tenant): fc.Arbitrary<string> => {
  const valid: Record<string, fc.Arbitrary<string>> = {
    limit: fc.integer({ min: 1, max: 20 }).map(String),
    actions: fc.subarray(["page_hit", "click", "signup"], { minLength: 1 }).map((a) => a.join(",")),
    date_from: fc.integer({ min: 1, max: 6 }).map((m) => `2024-0${m}-01 00:00:00`),
    date_to: fc.integer({ min: 1, max: 6 }).map((m) => `2024-0${m}-15 00:00:00`),
  };
  const typed = valid[key];
  return typed ? fc.oneof({ weight: 3, arbitrary: typed }, { weight: 1, arbitrary: value(tenant) }) : value(tenant);
};

const attack: fc.Arbitrary<Attack> = fc
  .record({ tenant: fc.constantFrom(...TENANTS), flavor: fc.constantFrom(...FLAVORS), endpoint: fc.constantFrom(...ENDPOINTS) })
  .chain((base) =>
    fc.record({
      tenant: fc.constant(base.tenant),
      flavor: fc.constant(base.flavor),
      endpoint: fc.constant(base.endpoint),
      tenantKey: fc.constantFrom(...TENANT_KEYS),
      tenantValues: fc.array(value(base.tenant), { maxLength: 3 }),
      params: fc.array(
        fc.constantFrom("domain", "limit", "actions", "date_from", "date_to").chain((key) => paramValue(key, base.tenant).map((v) => [key, v] as const)),
        { maxLength: 4 },
      ),
      method: fc.constantFrom<Method>("GET", "JSON", "FORM"),
      q: fc.oneof(
        { weight: 4, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom(...Q_LEGIT) },
        { weight: 2, arbitrary: fc.constantFrom(...Q_REWRITES) },
      ),
    }),
  );

/** The request as fetch arguments: parameters in the URL for GET, in the body for POST. */
function request(path: string, pairs: readonly (readonly [string, string])[], method: Method): { path: string; init: RequestInit } {
  const search = new URLSearchParams(pairs.map(([k, v]) => [k, v]));
  if (method === "GET") return { path: `${path}?${search}`, init: {} };
  if (method === "FORM") return { path, init: { method: "POST", body: search.toString(), headers: { "content-type": "application/x-www-form-urlencoded" } } };
  const body: Record<string, string | string[]> = {};
  for (const [k, v] of pairs) body[k] = k in body ? [...[body[k]!].flat(), v] : v;
  return { path, init: { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } } };
}

/** `sent` is what the request carried: an error may quote the caller's own words back. */
function assertNoOtherTenant(text: string, tenant: Tenant, context: string, sent = ""): void {
  for (const other of TENANTS) if (other !== tenant && !sent.includes(other)) assert.ok(!text.includes(other), `${context} leaked ${other}: ${text.slice(0, 300)}`);
}

describe("tenant isolation (property)", () => {
  let server: TestServer;
  const tokens = new Map<string, string>();
  const tokenFor = (flavor: string, tenant: Tenant) => tokens.get(`${flavor}:${tenant}`)!;
  const lastError = () => server.logs.filter((l) => l.includes('"level":50')).slice(-1).join("");

  before(async () => {
    server = await startServer({ project: FIXTURE });
    await loadEvents(server, randomEvents(600, 42));
    for (const tenant of TENANTS) {
      tokens.set(`seed-jwt:${tenant}`, hs256(seedPayload(tenant), server.adminToken));
      tokens.set(
        `filtered-jwt:${tenant}`,
        hs256(
          {
            name: `tenant-${tenant}`,
            exp: inAnHour(),
            scopes: [
              { type: "PIPES:READ", resource: "*", fixed_params: { tenant_id: tenant } },
              { type: "DATASOURCES:READ", resource: "analytics_events", filter: `tenant_id = '${tenant}'` },
            ],
          },
          server.adminToken,
        ),
      );
      const scopes = [`DATASOURCES:READ:analytics_events:tenant_id = '${tenant}'`, ...ENDPOINTS.map((e) => `PIPES:READ:${e}`), "PIPES:READ:analytics_hits"];
      const { stdout } = await run(process.execPath, ["bin/aviary.js", "token", "create", "--name", `static-${tenant}`, ...scopes.flatMap((s) => ["--scope", s]), "--data-dir", server.dataDir]);
      tokens.set(`static-filtered:${tenant}`, stdout.trim());
      const cli = await run(process.execPath, ["bin/aviary.js", "token", "jwt", "--tenant", tenant, "--pipes", "*", "--data-dir", server.dataDir], { env: { ...process.env, AVIARY_PROJECT: FIXTURE } });
      tokens.set(`cli-jwt:${tenant}`, cli.stdout.trim());
    }
  });
  after(() => server.stop());

  test("every endpoint: only the token's tenant, equal to the admin's answer for that tenant", async () => {
    await fc.assert(
      fc.asyncProperty(attack, async (a) => {
        const pairs: [string, string][] = [...a.tenantValues.map((v): [string, string] => [a.tenantKey, v]), ...a.params.map(([k, v]): [string, string] => [k, v])];
        if (a.q !== undefined) pairs.push(["q", a.q]);
        const sent = request(`/v0/pipes/${a.endpoint}.json`, pairs, a.method);
        const got = await getData(server, sent.path, tokenFor(a.flavor, a.tenant), sent.init);
        const context = `${a.flavor} ${a.tenant} ${a.method} ${sent.path} ${String(sent.init.body ?? "")}`;
        assert.notEqual(got.status, 500, `${context}: ${got.text} ${lastError()}`);
        if (got.status !== 200) {
          assertNoOtherTenant(got.text, a.tenant, context, `${sent.path} ${String(sent.init.body ?? "")}`);
          return;
        }
        assertNoOtherTenant(got.text, a.tenant, context);
        // A static token fixes no parameters: its filter bounds the rows, the request picks them.
        if (a.flavor === "static-filtered") return;
        // The admin sends the same request with tenant_id (exactly that key) set to the token's tenant.
        const adminPairs: [string, string][] = [["tenant_id", a.tenant], ...pairs.filter(([k]) => k !== "tenant_id")];
        const reference = request(`/v0/pipes/${a.endpoint}.json`, adminPairs, a.method);
        const expected = await getData(server, reference.path, server.adminToken, reference.init);
        assert.equal(expected.status, 200, `${context}: admin got ${expected.text}`);
        assert.deepEqual(got.data, expected.data, context);
      }),
      { numRuns: 300 },
    );
  });

  /** Statements a tenant may run, each with the admin statement that must give the same rows. */
  const twins = (t: Tenant): [string, string][] => [
    [
      "SELECT tenant_id, domain, count() AS c FROM analytics_events GROUP BY tenant_id, domain ORDER BY tenant_id, domain",
      `SELECT tenant_id, domain, count() AS c FROM analytics_events WHERE tenant_id = '${t}' GROUP BY tenant_id, domain ORDER BY tenant_id, domain`,
    ],
    [
      "SELECT domain, pathname, countMerge(hits) AS h FROM analytics_pages GROUP BY domain, pathname ORDER BY domain, pathname",
      `SELECT domain, pathname, countMerge(hits) AS h FROM analytics_pages WHERE tenant_id = '${t}' GROUP BY domain, pathname ORDER BY domain, pathname`,
    ],
    ["SELECT domain, count() AS c FROM analytics_hits GROUP BY domain ORDER BY domain", `SELECT domain, count() AS c FROM analytics_hits WHERE tenant_id = '${t}' GROUP BY domain ORDER BY domain`],
    ["SELECT date, hits FROM kpis ORDER BY date", `SELECT toDate(timestamp) AS date, count() AS hits FROM analytics_hits WHERE tenant_id = '${t}' AND timestamp >= '2024-01-01' AND timestamp < '2025-01-01' GROUP BY date ORDER BY date`],
    ["WITH x AS (SELECT * FROM analytics_events) SELECT count() AS c FROM x", `SELECT count() AS c FROM analytics_events WHERE tenant_id = '${t}'`],
    [
      "SELECT count() AS c FROM analytics_events WHERE session_id IN (SELECT session_id FROM analytics_events)",
      `SELECT count() AS c FROM analytics_events WHERE tenant_id = '${t}'`,
    ],
    [
      "SELECT count() AS c FROM analytics_events AS a INNER JOIN analytics_events AS b ON a.session_id = b.session_id",
      `SELECT count() AS c FROM (SELECT * FROM analytics_events WHERE tenant_id = '${t}') AS a INNER JOIN (SELECT * FROM analytics_events WHERE tenant_id = '${t}') AS b ON a.session_id = b.session_id`,
    ],
    ["SELECT DISTINCT tenant_id FROM (SELECT tenant_id FROM analytics_events UNION ALL SELECT tenant_id FROM analytics_pages)", `SELECT '${t}' AS tenant_id`],
    ["SELECT (SELECT count() FROM analytics_events) AS c", `SELECT (SELECT count() FROM analytics_events WHERE tenant_id = '${t}') AS c`],
    ["SELECT count() AS c FROM analytics_events WHERE 1 OR tenant_id != ''", `SELECT count() AS c FROM analytics_events WHERE tenant_id = '${t}'`],
    ["SELECT count() AS c FROM analytics_events WHERE tenant_id = 'globex'", `SELECT count() AS c FROM analytics_events WHERE tenant_id = 'globex' AND tenant_id = '${t}'`],
  ];

  const HOSTILE = [
    "SELECT * FROM system.tables",
    "SELECT * FROM system.parts",
    "SELECT * FROM analytics_events_quarantine",
    "SELECT * FROM _aviary_resources",
    "SELECT * FROM default.analytics_events",
    "SELECT * FROM analytics_events SETTINGS additional_table_filters = {}",
    "SELECT * FROM (SELECT * FROM analytics_events SETTINGS additional_table_filters = {'aviary.analytics_events':'1'})",
    "SELECT * FROM file('/etc/passwd', 'LineAsString')",
    "SELECT file('/etc/passwd')",
    "SELECT * FROM url('http://127.0.0.1:9/', 'LineAsString')",
    "SELECT * FROM remote('127.0.0.1', 'aviary', 'analytics_events')",
    "SELECT * FROM s3('http://127.0.0.1:9/x.csv')",
    "SELECT * FROM merge('aviary', '^analytics')",
    "SELECT * FROM view(SELECT * FROM analytics_events)",
    "SELECT * FROM cluster('default', aviary.analytics_events)",
    "SELECT * FROM aviary.analytics_events",
    "SELECT * FROM analytics_pages_mv",
    "SELECT 1; SELECT * FROM analytics_events",
    "SELECT * FROM analytics_events INTO OUTFILE '/tmp/aviary-leak'",
    "INSERT INTO analytics_events SELECT * FROM analytics_events",
    "SELECT dictGet('x', 'y', 1)",
    "SELECT joinGet('analytics_events', 'domain', 1)",
    "SELECT count() FROM numbers(1) WHERE 'globex.com' IN (SELECT domain FROM analytics_events)",
    "SELECT count() FROM numbers(1) WHERE ('globex', 'globex.com') IN analytics_pages",
  ];

  test("/v0/sql with a filtered token: only its rows, equal to the admin's; hostile statements never leak", async () => {
    const sql = (q: string) => `/v0/sql?q=${encodeURIComponent(`${q} FORMAT JSON`)}`;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...TENANTS),
        fc.constantFrom("filtered-jwt", "static-filtered"),
        fc.oneof(fc.nat({ max: 10 }).map((i) => ({ twin: i })), fc.constantFrom(...HOSTILE).map((q) => ({ hostile: q }))),
        async (tenant, flavor, pick) => {
          const token = tokenFor(flavor, tenant);
          const [statement, adminStatement] = "twin" in pick ? twins(tenant)[pick.twin]! : [pick.hostile, undefined];
          const got = await getData(server, sql(statement), token);
          const context = `${flavor} ${tenant}: ${statement}`;
          assert.notEqual(got.status, 500, `${context}: ${got.text} ${lastError()}`);
          if (adminStatement === undefined) {
            assertNoOtherTenant(got.text, tenant, context, statement);
            return;
          }
          assert.equal(got.status, 200, `${context}: ${got.text}`);
          assertNoOtherTenant(got.text, tenant, context);
          const expected = await getData(server, sql(adminStatement), server.adminToken);
          assert.equal(expected.status, 200, expected.text);
          assert.deepEqual(got.data, expected.data, context);
        },
      ),
      { numRuns: 200 },
    );
  });

  test("/v0/sql over pipes with a fixed-param token: the pipe as the admin gets it for that tenant", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TENANTS), fc.constantFrom<Flavor>("seed-jwt", "cli-jwt"), fc.constantFrom("kpis", "top_pages", "current_visitors"), async (tenant, flavor, pipe) => {
        const got = await getData(server, `/v0/sql?q=${encodeURIComponent(`SELECT * FROM ${pipe} FORMAT JSON`)}`, tokenFor(flavor, tenant));
        assert.equal(got.status, 200, `${flavor} ${tenant} ${pipe}: ${got.text}`);
        assertNoOtherTenant(got.text, tenant, `${flavor} ${tenant} ${pipe}`);
        const expected = await getData(server, `/v0/pipes/${pipe}.json?tenant_id=${tenant}`, server.adminToken);
        assert.deepEqual(got.data, expected.data);
        const raw = await getData(server, `/v0/sql?q=${encodeURIComponent("SELECT * FROM analytics_events")}`, tokenFor(flavor, tenant));
        assert.equal(raw.status, 403, raw.text);
      }),
      { numRuns: 24 },
    );
  });

  test("the project's public tracker token reads nothing: every endpoint, q= and /v0/sql are 403", async () => {
    const listed = (await (await fetch(`${server.url}/v0/tokens`, { headers: { authorization: `Bearer ${server.adminToken}` } })).json()) as { tokens: { name: string; token: string; scopes: { type: string }[] }[] };
    const appendOnly = listed.tokens.filter((t) => t.scopes.length > 0 && t.scopes.every((s) => s.type === "DATASOURCES:APPEND"));
    assert.ok(appendOnly.length > 0, "the fixture declares an APPEND-only token");
    for (const { token } of appendOnly) {
      for (const path of [...ENDPOINTS.map((e) => `/v0/pipes/${e}.json`), `/v0/pipes/kpis.json?q=${encodeURIComponent("select * from _")}`, `/v0/sql?q=${encodeURIComponent("SELECT 1")}`]) {
        const got = await getData(server, path, token);
        assert.equal(got.status, 403, `${path}: ${got.text}`);
      }
    }
  });
});
