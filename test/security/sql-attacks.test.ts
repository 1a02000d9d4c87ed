/**
 * The attack catalogue of issue 11 against the kit, over HTTP, for every token kind a tenant
 * can hold: a filtered DATASOURCES:READ JWT, the seed's fixed-param PIPES:READ JWT, a static
 * token with a filter, and the public tracker token. The victim's rows carry a marker
 * ("secretv") in every column; no status, body or header any attacker gets may contain it,
 * and statements that would fail only on the victim's rows must succeed.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { hs256, inAnHour, seedPayload } from "../auth/helpers/auth-fixture.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";

const MARKER = "secretv";
/** A victim row's timestamp, in a part of its own. */
const FUTURE_SECONDS = Math.floor(Date.now() / 1000 / 86400 + 10) * 86400 + 43200;
const FUTURE = new Date(FUTURE_SECONDS * 1000).toISOString().slice(0, 19).replace("T", " ");
const now = new Date().toISOString().slice(0, 19).replace("T", " ");
const hit = (tenant: string, path: string) =>
  JSON.stringify({
    timestamp: now,
    session_id: `${tenant}-session`,
    action: "page_hit",
    // The victim's LowCardinality values share the attacker's part dictionary: the oracles probe them.
    version: tenant === "attacker" ? "1" : `v-${MARKER}`,
    tenant_id: tenant,
    domain: `${tenant}.example`,
    payload: JSON.stringify({ pathname: path, href: `https://${tenant}.example${path}`, referrer: `https://${tenant}-ref.example/`, "user-agent": "Mozilla/5.0 Chrome/120", locale: "en-US", location: tenant === "attacker" ? "ES" : "VA" }),
  });

/** Every attack statement; none of them mentions the marker itself. */
const SQL_ATTACKS = [
  // Scalar subqueries whose cast error would quote every tenant's rows.
  "SELECT (SELECT toUInt8(arrayStringConcat(groupUniqArray(concat(tenant_id, ':', JSONExtractString(payload, 'pathname'))), ',')) FROM analytics_events)",
  "SELECT (SELECT toUInt8(any(domain)) FROM analytics_events WHERE domain NOT LIKE 'attacker%')",
  // Conditions the optimizer could evaluate before the row filter. The attacker's own rows pass
  // the cast, so only someone else's row could fail it, and its message would quote that row.
  "SELECT count() FROM analytics_events WHERE toUInt8(if(tenant_id = 'attacker', '1', tenant_id)) = 1",
  "SELECT count() FROM analytics_events WHERE toUInt8(if(tenant_id = 'attacker', '1', JSONExtractString(payload, 'pathname'))) = 1",
  "SELECT count() FROM (SELECT * FROM analytics_events) WHERE toUInt8(if(tenant_id = 'attacker', '1', domain)) = 1",
  "SELECT 1 WHERE 1 IN (SELECT toUInt8(if(tenant_id = 'attacker', '1', tenant_id)) FROM analytics_events)",
  "SELECT count() FROM analytics_events AS a JOIN analytics_events AS b ON toUInt8(if(b.tenant_id = 'attacker', '1', b.domain)) = 1",
  "SELECT sum(toUInt8(if(tenant_id = 'attacker', '1', tenant_id))) FROM analytics_events",
  "SELECT count() FROM analytics_pages_mv WHERE toUInt8(if(tenant_id = 'attacker', '1', pathname)) = 1",
  "SELECT count() FROM analytics_pages_mv WHERE toUInt8(pathname) = 7",
  "SELECT count() FROM analytics_events WHERE toUInt8(tenant_id) = 1",
  "SELECT count() FROM analytics_events WHERE toUInt8(JSONExtractString(payload, 'pathname')) = 7",
  "SELECT count() FROM analytics_events WHERE toUInt8(JSONExtractString(payload, 'pathname')) = 7 AND domain != ''",
  "SELECT count() FROM (SELECT * FROM analytics_events) WHERE toUInt8(domain) = 1",
  "SELECT count() FROM analytics_events WHERE toDate(JSONExtractString(payload, 'href')) > '2000-01-01'",
  "SELECT 1 WHERE 1 IN (SELECT toUInt8(tenant_id) FROM analytics_events)",
  "SELECT count() FROM analytics_events AS a JOIN analytics_events AS b ON toUInt8(b.domain) = 1",
  "SELECT arrayJoin([toUInt8(tenant_id)]) FROM analytics_events",
  "SELECT toUInt8(tenant_id) FROM analytics_events",
  "SELECT parseDateTimeBestEffort(JSONExtractString(payload, 'pathname')) FROM analytics_events",
  "WITH x AS (SELECT tenant_id FROM analytics_events) SELECT toUInt8(tenant_id) FROM x",
  "SELECT count() FROM analytics_events WHERE JSONExtractString(payload, 'pathname') LIKE '%' AND toUInt32(JSONExtractString(payload, 'pathname')) > 0",
  // Materialized targets carry the filter too.
  "SELECT count() FROM analytics_pages_mv WHERE toUInt8(pathname) = 1",
  // Virtual columns count every tenant's rows; server facts; costs no timeout can cut.
  "SELECT _part, min(_part_offset), any(_part_starting_offset), count() FROM analytics_events GROUP BY _part",
  "SELECT _block_number, _partition_id FROM analytics_events",
  "SELECT getSetting('max_memory_usage'), version(), hostName(), uptime()",
  "SELECT position(repeat(repeat('a', 1000), 20000), concat(repeat('a', 100000), 'b'))",
  "SELECT countSubstrings(JSONExtractString(payload, 'pathname'), domain), multiSearchAny(domain, ['a'])",
  "DESCRIBE (SELECT * FROM kpis)",
  // Materializations read every tenant: the wildcard JWT's `*` must not reach them.
  "SELECT tenant_id, domain FROM tenant_actions",
  "SELECT * FROM analytics_pages",
  // A LowCardinality column keeps its part's whole dictionary after the row filter.
  "SELECT dumpColumnStructure(action LIKE 'v%') FROM analytics_events LIMIT 1",
  "SELECT blockSerializedSize(action), byteSize(action), toColumnTypeName(action) FROM analytics_events LIMIT 1",
  "SELECT lowCardinalityKeys(action) FROM analytics_events",
  "SELECT throwIf(action = 'page_hit' AND tenant_id != 'attacker') FROM analytics_events",
  // Functions run on every entry of a LowCardinality dictionary; one that throws on a victim's entry is an oracle.
  "SELECT base64Decode(replaceRegexpOne(replaceRegexpOne(action, '^v.*', '!'), '^[^!].*', '')) FROM analytics_events",
  "SELECT count() FROM analytics_events GROUP BY base64Decode(replaceRegexpOne(replaceRegexpOne(version, '^v.*', '!'), '^[^!].*', ''))",
  "SELECT count() FROM analytics_events FORMAT JSONEachRowWithProgress",
  // A later UNION branch with a WITH of its own replaces a WITH list merged before the first.
  "SELECT 'x' UNION ALL WITH 1 AS z SELECT base64Decode(replaceRegexpOne(replaceRegexpOne(version, '^v.*', '!'), '^[^!].*', '')) FROM analytics_events",
  "SELECT count() FROM analytics_events FORMAT Native",
  "DESCRIBE (SELECT (SELECT base64Decode(replaceRegexpOne(any(action), '^v.*', '!')) FROM analytics_events))",
  // Costs that the time limit checks only between blocks.
  "SELECT count() FROM numbers(6000) WHERE indexOf(range(1000000), number + 1000000) > 0",
  "WITH arrayStringConcat(arrayMap(x -> 'a', range(2000 + number))) AS h SELECT length(replaceAll(h, concat(h, 'b'), 'x')) FROM numbers(1)",
  "SELECT inIgnoreSet('x', analytics_events_quarantine), notInIgnoreSet('x', system.one)",
  "WITH (SELECT groupArray(number) FROM numbers(1000000)) AS c SELECT arraySum(arrayMap(x -> indexOf(c, x + 10000000), range(20000)))",
  "WITH (SELECT groupArray(number) FROM numbers(1000000)) AS c SELECT arrayCount(x -> has(c, x + 10000000), range(500))",
  "SELECT count() FROM analytics_events ORDER BY timestamp",
  // A later UNION branch with a WITH of its own, where a pipe merged into the first WITH was out of sight: ClickHouse's view of that name (session 14).
  "SELECT 'x' AS p UNION ALL WITH y AS (SELECT 1) SELECT pathname AS p FROM analytics_pages",
  "(SELECT 'x' AS t) UNION ALL (WITH y AS (SELECT 1) SELECT tenant_id AS t FROM analytics_sessions)",
  // Tables outside the token's reach, named directly or behind a CTE of the same name.
  "SELECT * FROM analytics_events_quarantine",
  "SELECT * FROM aviary.analytics_events_quarantine",
  "SELECT * FROM _aviary_resources",
  "WITH analytics_events_quarantine AS (SELECT 1 AS x) SELECT * FROM analytics_events_quarantine",
  "SELECT 'x' AS y UNION ALL (WITH analytics_events AS (SELECT * FROM analytics_events) SELECT base64Decode(replaceRegexpOne(replaceRegexpOne(location, '^V.*', '!'), '^[^!].*', '')) AS y FROM analytics_pages_mv)",
  "SELECT * FROM (WITH analytics_events_quarantine AS (SELECT 1 AS x) SELECT x FROM analytics_events_quarantine) WHERE x IN analytics_events_quarantine",
  "SELECT 1 AS `c\n    ExpressionList`, `c\n    ExpressionList` IN analytics_events_quarantine",
  "SELECT count() FROM analytics_events WHERE tenant_id IN analytics_events_quarantine",
  "SELECT * FROM system.tables",
  "SELECT * FROM merge('aviary', 'quarantine')",
  "SELECT dictGet('d', 'x', 1)",
  "SELECT __getScalar('x')",
  "SELECT * FROM analytics_events PREWHERE toUInt8(tenant_id) = 1",
  "SELECT * FROM analytics_events SETTINGS additional_table_filters = {}",
  "EXISTS analytics_events_quarantine",
  "SHOW TABLES",
  "DESCRIBE (SELECT (SELECT toUInt8(any(tenant_id)) FROM analytics_events_quarantine))",
  "DESCRIBE (SELECT (SELECT toUInt8(groupArray(domain)) FROM analytics_events))",
];

/** Statements that fail only if they see the victim's rows: they must succeed. */
const ORACLES = [
  "SELECT 'x' AS y UNION ALL WITH 1 AS z SELECT base64Decode(replaceRegexpOne(replaceRegexpOne(version, '^v.*', '!'), '^[^!].*', '')) AS y FROM analytics_events",
  "SELECT base64Decode(replaceRegexpOne(replaceRegexpOne(version, '^v.*', '!'), '^[^!].*', '')) FROM analytics_events",
  "SELECT base64Decode(replaceRegexpOne(replaceRegexpOne(location, '^V.*', '!'), '^[^!].*', '')) FROM analytics_pages_mv",
  "SELECT count() FROM analytics_events WHERE throwIf(tenant_id = 'victim-tenant', 'saw it') = 0",
  "SELECT count() FROM analytics_events WHERE intDiv(1, if(tenant_id = 'victim-tenant', 0, 1)) = 1",
  "SELECT count() FROM analytics_events WHERE toUInt8(if(tenant_id = 'victim-tenant', 'x', '1')) = 1",
  "SELECT EXISTS (SELECT 1 FROM analytics_events WHERE tenant_id = 'victim-tenant') AS e",
];

/** `q=` over a pipe: the pipe's own fixed-param filter must run before the query's conditions. */
const Q_ATTACKS = [
  "SELECT count() FROM _ WHERE toUInt8(pathname) = 7",
  "SELECT count() FROM _ WHERE toUInt8(if(pathname LIKE '_', '1', pathname)) = 1",
  "SELECT sum(toUInt8(if(pathname LIKE '_', '1', pathname))) FROM _",
  "SELECT (SELECT toUInt8(any(tenant_id)) FROM analytics_events)",
  "SELECT * FROM _ WHERE pathname IN analytics_events_quarantine",
  "SELECT * FROM analytics_events_quarantine",
  "SELECT * FROM _ PREWHERE toUInt8(pathname) = 1",
  "EXISTS analytics_events",
];

describe("tenant isolation under attack (kit, chdb engine)", () => {
  let server: TestServer;
  const tokens: Record<string, string> = {};
  const sent: { label: string; status: number; text: string }[] = [];

  const call = async (label: string, path: string, token: string) => {
    const res = await api(server, path, { token });
    const text = `${[...res.headers].map(([k, v]) => `${k}: ${v}`).join("\n")}\n${await res.text()}`;
    sent.push({ label, status: res.status, text });
    return { status: res.status, text };
  };

  before(async () => {
    // A short tenant timeout: some attacks run into it, and CI need not wait 10 s for each.
    server = await startServer({ args: ["--tenant-query-timeout", "2"] });
    // The attacker's own paths parse as numbers, so a cast fails only on someone else's row.
    const rows = [hit("attacker", "7"), hit("attacker", "8"), hit("victim-tenant", `/${MARKER}-path`), hit(`${MARKER}-tenant`, `/${MARKER}-page`)];
    // A quarantined victim row: its raw text, marker included, lands in analytics_events_quarantine.
    rows.push(JSON.stringify({ timestamp: `${MARKER}-not-a-time`, tenant_id: `${MARKER}-q`, action: "page_hit", payload: "{}" }));
    const ingest = await api(server, "/v0/events?name=analytics_events&wait=true", { method: "POST", body: rows.join("\n") });
    assert.equal(ingest.status, 200, await ingest.text());
    // A part of its own, in the future: index analysis would see its bounds (the timestamp oracle).
    const later = JSON.parse(hit("victim-tenant", `/${MARKER}-later`)) as Record<string, unknown>;
    const single = await api(server, "/v0/events?name=analytics_events&wait=true", { method: "POST", body: JSON.stringify({ ...later, timestamp: FUTURE }) });
    assert.equal(single.status, 200, await single.text());
    const filter = "tenant_id = 'attacker'";
    tokens.filteredJwt = hs256({ exp: inAnHour(), scopes: [{ type: "DATASOURCES:READ", resource: "analytics_events", filter }, { type: "PIPES:READ", resource: "top_pages", fixed_params: { tenant_id: "attacker" } }] }, server.adminToken);
    tokens.fixedParamJwt = hs256(seedPayload("attacker"), server.adminToken);
    tokens.wildcardJwt = hs256({ exp: inAnHour(), scopes: [{ type: "PIPES:READ", resource: "*", fixed_params: { tenant_id: "attacker" } }] }, server.adminToken);
    tokens.staticFiltered = execFileSync(process.execPath, ["bin/aviary.js", "token", "create", "--data-dir", server.dataDir, "--name", "attacker-reader", "--scope", `DATASOURCES:READ:analytics_events:${filter}`], { encoding: "utf8" }).trim();
    const list = (await (await api(server, "/v0/tokens")).json()) as { tokens: { name: string; token: string }[] };
    tokens.tracker = list.tokens.find((t) => t.name === "tracker")!.token;
  });
  after(async () => {
    await server.stop();
  });

  test("the victim's rows exist, so a leak would show", async () => {
    const all = await call("admin", `/v0/sql?q=${encodeURIComponent("SELECT count() FROM analytics_events WHERE tenant_id != 'attacker'")}`, server.adminToken);
    assert.match(all.text, /\n3\n$/);
    const quarantined = await call("admin", `/v0/sql?q=${encodeURIComponent("SELECT count() FROM analytics_events_quarantine")}`, server.adminToken);
    assert.match(quarantined.text, /\n1\n$/);
  });

  test("/v0/sql: no attack reveals a victim row, for every token that may read", async () => {
    for (const kind of ["filteredJwt", "fixedParamJwt", "wildcardJwt", "staticFiltered"]) {
      for (const statement of SQL_ATTACKS) {
        const got = await call(`${kind} ${statement}`, `/v0/sql?q=${encodeURIComponent(statement)}`, tokens[kind]!);
        assert.ok(!got.text.toLowerCase().includes(MARKER), `${kind}: ${statement}\n→ ${got.status} ${got.text}`);
        assert.notEqual(got.status, 500, `${kind}: ${statement}\n→ ${got.text}`);
      }
    }
  });

  test("/v0/sql: statements that would fail only on victim rows succeed (no error oracle)", async () => {
    // Fails iff something (here: the bounds of the victim's future part, in index analysis) has a timestamp past T.
    const pastT = (t: number) => `SELECT count() FROM analytics_events WHERE accurateCast(toInt64(timestamp) + ${4294967295 - t}, 'UInt32') > 0`;
    for (const kind of ["filteredJwt", "staticFiltered"]) {
      for (const statement of [...ORACLES, pastT(FUTURE_SECONDS - 1), pastT(FUTURE_SECONDS)]) {
        const got = await call(`${kind} ${statement}`, `/v0/sql?q=${encodeURIComponent(statement)}`, tokens[kind]!);
        assert.equal(got.status, 200, `${kind}: ${statement}\n→ ${got.text}`);
      }
    }
  });

  test("pipes read as tables and q= keep the fixed tenant ahead of the query's own conditions", async () => {
    for (const kind of ["fixedParamJwt", "wildcardJwt", "filteredJwt"]) {
      for (const statement of [
        "SELECT count() FROM top_pages WHERE toUInt8(pathname) = 7",
        "SELECT count() FROM top_pages WHERE toUInt8(if(pathname LIKE '_', '1', pathname)) = 1",
        "SELECT sum(toUInt8(if(pathname LIKE '_', '1', pathname))) FROM top_pages",
        "SELECT count() FROM top_pages WHERE throwIf(pathname LIKE '%path', 'saw it') = 0",
      ]) {
        const got = await call(`${kind} ${statement}`, `/v0/sql?q=${encodeURIComponent(statement)}`, tokens[kind]!);
        assert.ok(!got.text.toLowerCase().includes(MARKER), `${kind}: ${statement}\n→ ${got.text}`);
      }
      for (const q of Q_ATTACKS) {
        const got = await call(`${kind} q=${q}`, `/v0/pipes/top_pages.json?tenant_id=victim-tenant&q=${encodeURIComponent(q)}`, tokens[kind]!);
        assert.ok(!got.text.toLowerCase().includes(MARKER), `${kind}: q=${q}\n→ ${got.text}`);
        assert.notEqual(got.status, 500, `${kind}: q=${q}\n→ ${got.text}`);
      }
    }
    // A subquery named after a datasource would stand in for it inside the pipe read as a table.
    const standIn = "WITH analytics_pages_mv AS (SELECT 'attacker' AS pathname) SELECT * FROM ";
    for (const path of [`/v0/sql?q=${encodeURIComponent(`${standIn}top_pages`)}`, `/v0/pipes/top_pages.json?q=${encodeURIComponent(`${standIn}_`)}`]) {
      const got = await call("stand-in datasource", path, tokens.fixedParamJwt!);
      assert.equal(got.status, 400, `${path}: ${got.text}`);
      assert.match(got.text, /A WITH subquery named after a datasource or pipe \(analytics_pages_mv\); give it another name/);
    }
    const oracle = await call("fixed q oracle", `/v0/pipes/top_pages.json?q=${encodeURIComponent("SELECT count() FROM _ WHERE throwIf(pathname LIKE '%path', 'saw it') = 0")}`, tokens.fixedParamJwt!);
    assert.equal(oracle.status, 200, oracle.text);
    // analytics_hits returns the LowCardinality columns as read: the dictionary oracle through a pipe.
    const dictionary = "SELECT base64Decode(replaceRegexpOne(replaceRegexpOne(version, '^v.*', '!'), '^[^!].*', '')) AS x FROM ";
    for (const path of [`/v0/pipes/analytics_hits.json?q=${encodeURIComponent(`${dictionary}_`)}`, `/v0/sql?q=${encodeURIComponent(`${dictionary}analytics_hits`)}`]) {
      const got = await call("pipe dictionary oracle", path, tokens.wildcardJwt!);
      assert.equal(got.status, 200, `${path}: ${got.text}`);
    }
    // Pipes that read their tables with PREWHERE (the web-vitals ones) still answer q= and /v0/sql.
    for (const path of [`/v0/pipes/web_vitals_current.json?q=${encodeURIComponent("SELECT count() AS n FROM _")}`, `/v0/sql?q=${encodeURIComponent("SELECT count() AS n FROM web_vitals_current")}`]) {
      const got = await call("prewhere pipe", path, tokens.wildcardJwt!);
      assert.equal(got.status, 200, `${path}: ${got.text}`);
    }
  });

  test("every endpoint with a fixed-param JWT answers the attacker's rows only, whatever tenant it asks for", async () => {
    const pipes = (await (await api(server, "/v0/pipes")).json()) as { pipes: { name: string; type: string }[] };
    for (const { name } of pipes.pipes.filter((p) => p.type === "endpoint")) {
      const got = await call(`wildcard ${name}`, `/v0/pipes/${name}.json?tenant_id=victim-tenant&domain=victim-tenant.example&date_from=2020-01-01`, tokens.wildcardJwt!);
      assert.ok(!got.text.toLowerCase().includes(MARKER) && !got.text.includes("victim-tenant."), `${name}: ${got.text}`);
    }
  });

  test("answers to other tokens carry no statistics (rows_read counts every tenant's rows in the parts read)", async () => {
    const got = await call("stats", `/v0/sql?q=${encodeURIComponent("SELECT count() AS c FROM analytics_events FORMAT JSON")}`, tokens.filteredJwt!);
    assert.equal(got.status, 200, got.text);
    assert.match(got.text, /"c": 2/);
    assert.doesNotMatch(got.text, /rows_read/);
    for (const pipe of ["current_visitors", "top_pages", "kpis"]) {
      const endpoint = await call(`stats ${pipe}`, `/v0/pipes/${pipe}.json`, tokens.fixedParamJwt!);
      assert.equal(endpoint.status, 200, endpoint.text);
      assert.doesNotMatch(endpoint.text, /rows_read/, pipe);
    }
    assert.match(await (await api(server, "/v0/pipes/kpis.json")).text(), /"rows_read"/, "the admin keeps them");
  });

  test("the time limit holds for costs per row that no function list names (small blocks)", async () => {
    const started = Date.now();
    const got = await call("block cost", `/v0/sql?q=${encodeURIComponent("SELECT count() FROM numbers(6000) WHERE indexOf(arrayMap(x -> x * 2, range(999999)), number + 5000000) > 0")}`, tokens.filteredJwt!);
    assert.ok([200, 408].includes(got.status), got.text);
    // Not a timing assertion of the product: it only keeps a regression from hanging CI for minutes.
    assert.ok(Date.now() - started < 30_000);
  });

  test("side routes: /metrics is the admin's; materializations are no tables for a wildcard JWT", async () => {
    for (const kind of ["filteredJwt", "fixedParamJwt", "wildcardJwt", "staticFiltered", "tracker"]) {
      assert.equal((await call(`${kind} metrics`, "/metrics", tokens[kind]!)).status, 403, kind);
    }
    const pipes = (await (await api(server, "/v0/pipes")).json()) as { pipes: { name: string; type: string }[] };
    const others = pipes.pipes.filter((p) => p.type !== "endpoint");
    assert.ok(others.length > 0);
    for (const { name } of others) {
      const got = await call(`wildcard ${name}`, `/v0/sql?q=${encodeURIComponent(`SELECT * FROM ${name}`)}`, tokens.wildcardJwt!);
      assert.equal(got.status, 403, `${name}: ${got.text}`);
    }
  });

  test("the public tracker token can append but reads nothing: /v0/sql, q= and pipes are 403", async () => {
    for (const statement of ["SELECT 1", "SELECT * FROM analytics_events_quarantine", "SELECT version()"]) {
      const got = await call("tracker", `/v0/sql?q=${encodeURIComponent(statement)}`, tokens.tracker!);
      assert.equal(got.status, 403, got.text);
      assert.match(got.text, /cannot query \/v0\/sql: it may only append/);
    }
    assert.equal((await call("tracker", "/v0/pipes/top_pages.json", tokens.tracker!)).status, 403);
    assert.equal((await call("tracker", `/v0/pipes/top_pages.json?q=${encodeURIComponent("SELECT 1")}`, tokens.tracker!)).status, 403);
  });

  test("statement kinds other than SELECT and DESCRIBE are 400, never 500", async () => {
    for (const statement of ["EXISTS analytics_events", "SHOW TABLES", "SHOW CREATE TABLE analytics_events", "EXPLAIN SELECT 1", "KILL QUERY WHERE 1", "OPTIMIZE TABLE analytics_events", "SYSTEM FLUSH LOGS"]) {
      const got = await call("kinds", `/v0/sql?q=${encodeURIComponent(statement)}`, tokens.filteredJwt!);
      assert.equal(got.status, 400, `${statement}: ${got.text}`);
      assert.match(got.text, /Only SELECT or DESCRIBE queries are supported/);
    }
    const q = await call("kinds q", `/v0/pipes/top_pages.json?q=${encodeURIComponent("EXISTS analytics_events")}`, tokens.fixedParamJwt!);
    assert.equal(q.status, 400, q.text);
  });

  test("errors quote only what the token sent, never our wrapper SQL or settings", async () => {
    const syntax = await call("syntax", `/v0/sql?q=${encodeURIComponent("SELECT 1 FROM analytics_events WHERE")}`, tokens.filteredJwt!);
    assert.equal(syntax.status, 400);
    assert.match(syntax.text, /Syntax error: failed at position 37/);
    assert.ok(!/formatQuery|max_execution_time|In scope|version \d/.test(syntax.text), syntax.text);
    const cast = await call("cast", `/v0/sql?q=${encodeURIComponent("SELECT toUInt8(tenant_id) FROM analytics_events")}`, tokens.filteredJwt!);
    assert.equal(cast.status, 400);
    assert.match(cast.text, /Cannot parse string '…' as UInt8/);
    const bare: [string, RegExp][] = [
      ["SELECT toDate(concat(tenant_id, '-2024-01-01')) FROM analytics_events", /Cannot parse date here: …: Cannot parse Date from String/],
      ["SELECT CAST(concat('{', tenant_id) AS JSON) FROM analytics_events", /Cannot parse JSON object here: …/],
      ["SELECT parseDateTimeInJodaSyntax(tenant_id, 'yyyy') FROM analytics_events", /Unable to parse fragment yyyy from … because/],
      ["SELECT parseDateTime(toString(length(tenant_id) + 12), '%m') FROM analytics_events", /Value … for month of year must be in the range \[1, 12\]/],
    ];
    for (const [statement, expected] of bare) {
      const got = await call("bare value", `/v0/sql?q=${encodeURIComponent(statement)}`, tokens.filteredJwt!);
      assert.equal(got.status, 400, `${statement}: ${got.text}`);
      assert.match(got.text, expected, statement);
    }
    const aggregate = await call("in query", `/v0/sql?q=${encodeURIComponent("SELECT count() FROM analytics_events ORDER BY timestamp")}`, tokens.filteredJwt!);
    assert.equal(aggregate.status, 400);
    assert.ok(!/In query|SETTINGS|max_memory_usage|additional_table_filters/.test(aggregate.text), aggregate.text);
    const q = await call("q error", `/v0/pipes/top_pages.json?q=${encodeURIComponent("SELECT nope FROM _")}`, tokens.fixedParamJwt!);
    assert.equal(q.status, 400);
    assert.ok(!/position \d{3}|WITH `_`|In scope/.test(q.text), q.text);
  });
});
