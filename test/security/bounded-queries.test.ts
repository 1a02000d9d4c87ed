/**
 * Every statement of a token other than admin is bounded, and tokens take turns at the
 * engine: the scalar-subquery generator that once held chdb for 39 s stops at the tenant
 * timeout through `q=` and `/v0/sql`; a memory-hungry statement and an oversized result
 * answer their own errors; a token's requests past its cap are refused while another
 * token is still served; the admin keeps its longer timeout and no memory cap.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startServer, type TestServer } from "../helpers/server.ts";
import { FIXTURE, getData, hs256, inAnHour, loadEvents, randomEvents } from "../auth/helpers/auth-fixture.ts";

const GENERATOR = "SELECT (SELECT sum(cityHash64(toString(number))) FROM numbers(6000000000))";
/** A heavy statement over what the token may read: its own rows times a billion. */
const HEAVY_SQL = "SELECT sum(cityHash64(e.session_id, n.number)) FROM numbers(1000000000) AS n, analytics_events AS e";
const TIMEOUT = /^\[Error\] Timeout exceeded: elapsed [\d.]+ ms, maximum: 1000 ms/;
const QUERY_MEMORY = 128 * 1024 * 1024;
const SQL_MEMORY = 64 * 1024 * 1024;
const sql = (q: string) => `/v0/sql?q=${encodeURIComponent(q)}`;
const onPipe = (pipe: string, q: string) => `/v0/pipes/${pipe}.json?q=${encodeURIComponent(q)}`;
const errorOf = (text: string) => (JSON.parse(text) as { error: string }).error;

describe("bounded and fair queries (--tenant-query-timeout 1)", () => {
  let server: TestServer;
  let acme: string;
  let globex: string;

  before(async () => {
    server = await startServer({ project: FIXTURE, args: ["--tenant-query-timeout", "1", "--query-memory", String(QUERY_MEMORY), "--sql-memory", String(SQL_MEMORY)] });
    await loadEvents(server, randomEvents(200, 7));
    const tenant = (name: string) =>
      hs256(
        {
          exp: inAnHour(),
          name,
          scopes: [
            { type: "PIPES:READ", resource: "kpis", fixed_params: { tenant_id: name } },
            { type: "DATASOURCES:READ", resource: "analytics_events", filter: `tenant_id = '${name}'` },
          ],
        },
        server.adminToken,
      );
    acme = tenant("acme");
    globex = tenant("globex");
  });
  after(() => server?.stop());

  test("the scalar-subquery generator stops at the tenant timeout: q= on a pipe and /v0/sql answer 408, as does a heavy join over its own rows", async () => {
    for (const path of [onPipe("kpis", `${GENERATOR} FROM _`), sql(GENERATOR), sql(HEAVY_SQL)]) {
      const got = await getData(server, path, acme);
      assert.equal(got.status, 408, `${path}: ${got.text}`);
      assert.match(errorOf(got.text), TIMEOUT, path);
    }
  });

  test("functions whose cost per row has no bound (string distances, substring searches, value builders) are refused before anything runs", async () => {
    for (const f of ["editDistance", "levenshteinDistanceUTF8", "damerauLevenshteinDistance", "jaroWinklerSimilarity", "position", "countSubstrings", "multiSearchAny", "repeat", "leftPad", "arrayIntersect", "arrayJaccardIndex"]) {
      for (const path of [sql(`SELECT sum(${f}(session_id, domain)) FROM analytics_events`), onPipe("kpis", `SELECT ${f}(toString(date), 'x') FROM _`)]) {
        const got = await getData(server, path, acme);
        assert.equal(got.status, 400, `${path}: ${got.text}`);
        assert.equal(errorOf(got.text), `The function ${f} (its cost on long values cannot be bounded; to find text in a string, LIKE '%…%' and match() with a literal pattern are allowed) is not allowed in queries with this token`);
      }
    }
  });

  test("LIKE and regular expressions take literal patterns only (a pattern from data costs the square of the value)", async () => {
    const refused = await getData(server, sql("SELECT count() FROM analytics_events WHERE session_id LIKE concat('%', domain, '%')"), acme);
    assert.equal(refused.status, 400, refused.text);
    assert.equal(errorOf(refused.text), "A pattern for like that is not a literal (its cost on long values cannot be bounded) is not allowed in queries with this token");
    const regex = await getData(server, onPipe("kpis", "SELECT count() FROM _ WHERE match(toString(date), toString(hits))"), acme);
    assert.equal(regex.status, 400, regex.text);
    for (const path of [sql("SELECT count() AS c FROM analytics_events WHERE domain LIKE '%acme%' AND match(session_id, '^acme') FORMAT JSON"), onPipe("kpis", "SELECT count() AS c FROM _ WHERE toString(date) NOT LIKE '%-13'")]) {
      const ok = await getData(server, path, acme);
      assert.equal(ok.status, 200, `${path}: ${ok.text}`);
    }
  });

  test("walks of a whole value inside a lambda are refused (one row would cost the product of two values' lengths)", async () => {
    const got = await getData(server, sql("WITH range(1000000) AS c SELECT arraySum(arrayMap(x -> indexOf(c, x + 10000000), range(20000)))"), acme);
    assert.equal(got.status, 400, got.text);
    assert.equal(errorOf(got.text), "indexOf inside a lambda (its cost on long values cannot be bounded) is not allowed in queries with this token");
    for (const lookup of ["JSONExtractInt(toString(range(300000)), i)", "mapContains(mapFromArrays(range(300000), range(300000)), i)", "hasToken(toString(range(300000)), toString(i))"]) {
      const refused = await getData(server, sql(`SELECT arraySum(arrayMap(i -> ${lookup}, range(1, 200000)))`), acme);
      assert.equal(refused.status, 400, `${lookup}: ${refused.text}`);
      assert.match(errorOf(refused.text), /^(JSONExtractInt|mapContains|hasToken)\b.* inside a lambda \(its cost on long values cannot be bounded\)/, lookup);
    }
    const plain = await getData(server, sql("SELECT arraySum(arrayMap(x -> x * 2, range(10))) AS s FORMAT JSON"), acme);
    assert.equal(plain.status, 200, plain.text);
  });

  test("aggregates that gather many rows into one value take a size of at most 10,000 (sorting one value of every row would run past the time limit)", async () => {
    const attack = "SELECT length(arraySort(groupArray(toString(cityHash64(number))))) FROM numbers(10000000)";
    for (const path of [sql(attack), onPipe("kpis", "SELECT arraySort(groupArray(toString(date))) FROM _"), sql("SELECT toString(uniqExactState(session_id)) FROM analytics_events")]) {
      const got = await getData(server, path, acme);
      assert.equal(got.status, 400, `${path}: ${got.text}`);
      assert.match(errorOf(got.text), /^(groupArray without a size of at most 10000 \(write it as in groupArray\(10000\)\(x\)|The state combinator of uniqExactState ).* is not allowed in queries with this token$/);
    }
    const levels = Array.from({ length: 99 }, (_, i) => (i + 1) / 100).join(",");
    const quantiles = await getData(server, sql(`SELECT length(quantilesExact(${levels})(cityHash64(number))) FROM numbers(10000000)`), acme);
    assert.equal(quantiles.status, 400, quantiles.text);
    assert.equal(errorOf(quantiles.text), "quantilesExact with more than 10 levels (each level reads every value again; ask for fewer, or use quantiles) is not allowed in queries with this token");
    const sized = await getData(server, sql("SELECT length(arraySort(groupArray(10000)(toString(number)))) AS n FROM numbers(20000) FORMAT JSON"), acme);
    assert.equal(sized.status, 200, sized.text);
    assert.deepEqual(sized.data, [{ n: 10000 }]);
  });

  test("SQL the token wrote over --sql-memory (below --query-memory) answers 400 with the memory error, through /v0/sql and q=", async () => {
    for (const path of [sql("SELECT uniqExact(toString(number)) FROM numbers(10000000)"), onPipe("kpis", "SELECT (SELECT uniqExact(toString(number)) FROM numbers(10000000)) FROM _")]) {
      const got = await getData(server, path, acme);
      assert.equal(got.status, 400, got.text);
      assert.equal(errorOf(got.text), "[Error] Memory limit exceeded: the query needs more than 64.00 MiB, the most one query may use here; read less (a shorter period, more filters) or aggregate more");
    }
  });

  test("a result larger than a dashboard's answers 400 instead of a million rows", async () => {
    const got = await getData(server, sql("SELECT number FROM numbers(2000000) FORMAT JSON"), acme);
    assert.equal(got.status, 400, got.text.slice(0, 300));
    assert.match(errorOf(got.text), /^\[Error\] The result is too large \(max rows: 1\.00 million, current rows: [\d.]+ million\): add a LIMIT or aggregate the rows$/);
  });

  test("a token's 9th concurrent request gets 429 while another token's request is served; its backlog past the wait bound gets 503", async () => {
    const flood = Array.from({ length: 9 }, () => getData(server, onPipe("kpis", `${GENERATOR} FROM _`), acme));
    const other = getData(server, "/v0/pipes/kpis.json", globex);
    const [answers, served] = await Promise.all([Promise.all(flood), other]);
    const refused = answers.filter((a) => a.status === 429);
    assert.equal(refused.length, 1, answers.map((a) => a.status).join(","));
    assert.equal(errorOf(refused[0]!.text), "Too many queries at once: this token already has 8 requests queued or running; retry when one has answered");
    assert.equal(served.status, 200, served.text);
    assert.deepEqual(served.data, (await getData(server, "/v0/pipes/kpis.json?tenant_id=globex", server.adminToken)).data);
    // Eight accepted: each runs its second out in turn, and those still waiting after two seconds are turned away.
    const rest = answers.filter((a) => a.status !== 429);
    assert.ok(rest.some((a) => a.status === 408));
    const waited = rest.filter((a) => a.status === 503);
    assert.ok(waited.length >= 1, rest.map((a) => a.status).join(","));
    for (const a of waited) assert.equal(errorOf(a.text), "The server is busy with other queries: this one waited 2 s for its turn; retry shortly");
    assert.deepEqual(new Set(rest.map((a) => a.status)), new Set([408, 503]));
  });

  test("a refusal carries Retry-After, and the queue shows in /metrics", async () => {
    const flood = await Promise.all(Array.from({ length: 9 }, () => fetch(`${server.url}${onPipe("kpis", `${GENERATOR} FROM _`)}`, { headers: { authorization: `Bearer ${acme}` } })));
    const refused = flood.filter((r) => r.status === 429);
    assert.equal(refused.length, 1);
    assert.equal(refused[0]!.headers.get("retry-after"), "1");
    await Promise.all(flood.map((r) => r.text()));
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${server.adminToken}` } })).text();
    assert.match(metrics, /^aviary_query_queue_waiting 0$/m);
    assert.match(metrics, /^aviary_query_queue_running 0$/m);
  });

  test("the admin keeps its own timeout and no memory cap", async () => {
    const slow = await getData(server, sql("SELECT sleepEachRow(0.5) AS s FROM numbers(3) SETTINGS max_block_size = 1 FORMAT JSON"), server.adminToken);
    assert.equal(slow.status, 200, slow.text);
    assert.deepEqual(slow.data, [{ s: 0 }, { s: 0 }, { s: 0 }]);
    const big = await getData(server, sql("SELECT length(groupArray(toString(number))) AS n FROM numbers(10000000) FORMAT JSON"), server.adminToken);
    assert.equal(big.status, 200, big.text);
    assert.deepEqual(big.data, [{ n: 10000000 }]);
  });
});
