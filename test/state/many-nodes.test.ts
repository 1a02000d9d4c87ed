/**
 * Two Aviary processes in front of one ClickHouse (the HTTP test double over chdb, recording
 * every statement): they start together and deploy once, share one workspace and its tokens,
 * ingest through one and read through the other; a build deployed through one is served by
 * both, kept when a node restarts with the same project and replaced when one starts with
 * a changed project; a node killed mid-ingest loses and doubles
 * nothing it acknowledged; /ready follows the engine while /health stays up.
 */
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { jwtVerify } from "jose";
import { FOLLOW_MS } from "../../src/api/served-project.ts";
import { runCli } from "../helpers/cli.ts";
import { startClickHouseHttp, type ClickHouseHttp } from "../helpers/clickhouse-http.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { ndjson, postEvents, sql } from "../ingest/events-client.ts";

const PROJECT = "examples/pageviews";
/** Rows wait in the write-ahead log until a flush this late: a kill finds them there. */
const SLOW_FLUSH = ["--flush-ms", "600000", "--flush-rows", "1000000"];

/** Polls `check` until it holds; tokens and readiness are seen by other nodes within a bound, not at once. */
async function eventually(what: string, check: () => Promise<boolean>, seconds = 10): Promise<void> {
  for (let i = 0; i < seconds * 10; i++) {
    if (await check()) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  assert.fail(`not within ${seconds} s: ${what}`);
}
/** A node checks the deployed version every FOLLOW_MS; a loaded machine may take a few more seconds. */
const FOLLOW_WAIT = (3 * FOLLOW_MS) / 1000;

const views = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ timestamp: "2026-12-01 10:00:00", site: "a.example", path: `/p${(from + i) % 7}`, visitor: `v${from + i}` }));

describe("many Aviary nodes, one ClickHouse", () => {
  let clickhouse: ClickHouseHttp;
  let a: TestServer;
  let b: TestServer;
  const nodeArgs = (extra: readonly string[] = []) => ["--clickhouse-url", clickhouse.url, ...extra];

  before(async () => {
    clickhouse = await startClickHouseHttp({ record: true });
    [a, b] = await Promise.all([startServer({ project: PROJECT, args: nodeArgs(SLOW_FLUSH) }), startServer({ project: PROJECT, args: nodeArgs() })]);
  });
  after(async () => {
    await Promise.all([a.stop(), b.stop()]);
    for (const node of [a, b]) await rm(node.dataDir, { recursive: true, force: true });
    await clickhouse.stop();
  });

  test("started together, they deploy the project once and share one workspace", async () => {
    const statements = (await clickhouse.recorded()).map((s) => s.sql.split("\n")[0]!);
    const ddl = statements.filter((s) => /^(CREATE|ALTER|DROP)\b/.test(s) && !/_aviary_|^CREATE DATABASE/.test(s));
    assert.deepEqual(ddl.map((s) => s.split(" (")[0]).sort(), [
      "CREATE MATERIALIZED VIEW `daily_pages_mv` TO `daily_pages`",
      "CREATE TABLE IF NOT EXISTS `daily_pages`",
      "CREATE TABLE IF NOT EXISTS `pageviews_quarantine`",
      "CREATE TABLE IF NOT EXISTS `pageviews`",
      "DROP VIEW IF EXISTS `daily_pages_mv`",
    ]);
    const said = (server: TestServer) => server.logs.flatMap((line) => /"msg":"(project deployed|project already deployed at this version)"/.exec(line)?.[1] ?? []);
    assert.deepEqual([...said(a), ...said(b)].sort(), ["project already deployed at this version", "project deployed"]);
    const workspace = async (server: TestServer) => ((await (await api(server, "/v1/workspace")).json()) as { id: string; token: string });
    const [wa, wb] = [await workspace(a), await workspace(b)];
    assert.deepEqual(wa, wb);
    assert.equal(wa.token, a.adminToken);
    assert.match(a.adminToken, /^p\./);
  });

  test("neither keeps the workspace or tokens in its data directory", async () => {
    for (const server of [a, b]) assert.deepEqual((await readdir(server.dataDir)).filter((f) => /workspace|tokens/.test(f)), []);
  });

  test("a command given only a node's data directory says where the state is, and creates none there", async () => {
    for (const args of [["token", "admin"], ["token", "jwt", "--tenant", "acme", "--dashboard"], ["seed", "--events", "10"], ["types"]]) {
      const run = await runCli([...args, "--data-dir", a.dataDir]);
      assert.equal(run.code, 2, `${args.join(" ")}: ${run.stdout}`);
      assert.match(run.stderr, new RegExp(`keeps its workspace and tokens in ClickHouse, not there; add --clickhouse-url ${clickhouse.url.replace(/\/$/, "")}`), args.join(" "));
    }
    assert.deepEqual((await readdir(a.dataDir)).filter((f) => /workspace|tokens/.test(f)), []);
    // The start banner names the flag, not the data directory.
    assert.ok(a.logs.some((l) => l.includes(`npx aviary token admin --clickhouse-url ${clickhouse.url.replace(/\/$/, "")}`)), a.logs.join("\n"));
  });

  test("a static token made with the CLI against one node's ClickHouse works on both", async () => {
    const made = await runCli(["token", "create", "--name", "analyst", "--scope", "PIPES:READ:top_paths", "--data-dir", a.dataDir, "--clickhouse-url", clickhouse.url]);
    assert.equal(made.code, 0, made.stderr);
    const token = made.stdout.trim();
    for (const server of [a, b]) {
      await eventually(`the token works on ${server.url}`, async () => (await api(server, "/v0/pipes/top_paths.json", { token })).status === 200);
    }
    // Both list it, with the project's own tokens, the same values.
    const names = async (server: TestServer) => ((await (await api(server, "/v0/tokens")).json()) as { tokens: { name: string; token: string }[] }).tokens;
    assert.deepEqual(await names(a), await names(b));
    assert.ok((await names(b)).some((t) => t.name === "analyst" && t.token === token));
    const listed = await runCli(["token", "list", "--json", "--data-dir", b.dataDir, "--clickhouse-url", clickhouse.url]);
    assert.deepEqual((JSON.parse(listed.stdout) as { tokens: { name: string; token: string }[] }).tokens.map((t) => [t.name, t.token]), (await names(a)).map((t) => [t.name, t.token]));
  });

  test("a JWT minted by one node verifies on the other", async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    const res = await api(a, `/v0/tokens?expiration_time=${exp}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "viewer", scopes: [{ type: "PIPES:READ", resource: "top_paths" }] }) });
    assert.equal(res.status, 200);
    const { token } = (await res.json()) as { token: string };
    assert.equal((await api(b, "/v0/pipes/top_paths.json", { token })).status, 200);
    assert.equal((await api(b, "/v0/pipes/views_by_day.json", { token })).status, 403);
  });

  test("aviary token jwt and tracker sign with the shared workspace and leave the data directory alone", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "aviary-cli-"));
    try {
      const state = ["--data-dir", dataDir, "--clickhouse-url", clickhouse.url];
      for (const args of [
        ["token", "jwt", "--tenant", "acme", "--dashboard"],
        ["token", "tracker", "--tenant", "acme"],
      ]) {
        const made = await runCli([...args, ...state]);
        assert.equal(made.code, 0, made.stderr);
        await jwtVerify(made.stdout.trim(), new TextEncoder().encode(a.adminToken));
      }
      assert.deepEqual(await readdir(dataDir), []);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test("rows ingested through one node are read through the other", async () => {
    const res = await postEvents(b, "pageviews", ndjson(views(0, 500)), { wait: true });
    assert.equal(res.status, 200);
    assert.deepEqual(await sql(a, "SELECT count() AS n FROM pageviews"), [{ n: 500 }]);
    // A node cannot see the other's writes, so it keeps no answer until the next write (only a pipe's own CACHE time).
    for (let i = 0; i < 2; i++) assert.equal((await api(a, "/v0/pipes/top_paths.json?site=a.example")).headers.get("x-aviary-cache"), null);
  });

  test("a build deployed through one node is served by the other within seconds", async () => {
    const form = new FormData();
    for (const name of await readdir(PROJECT)) form.append("data_project://", new Blob([await readFile(join(PROJECT, name), "utf8")]), name);
    const renamed = (await readFile(join(PROJECT, "top_paths.pipe"), "utf8")).replace("Most viewed paths", "Most viewed paths, again");
    form.append("data_project://", new Blob([renamed]), "top_paths_again.pipe");
    const res = await api(b, "/v1/build", { method: "POST", body: form });
    assert.equal(res.status, 200, await res.text());
    assert.equal((await api(b, "/v0/pipes/top_paths_again.json?site=a.example")).status, 200);
    await eventually("node a serves the new pipe", async () => (await api(a, "/v0/pipes/top_paths_again.json?site=a.example")).status === 200, FOLLOW_WAIT);
    const both = await Promise.all([a, b].map(async (node) => (await api(node, "/v0/pipes/top_paths_again.json?site=a.example")).json()));
    assert.deepEqual((both[0] as { data: unknown }).data, (both[1] as { data: unknown }).data);
  });

  test("a node killed mid-ingest keeps, once restarted, every row it acknowledged, once", async () => {
    // Node a flushes late: what it acknowledged is only in its own write-ahead log when it dies.
    const acked: number[] = [];
    let next = 1000;
    let sending = true;
    const send = async (batches: number) => {
      for (let i = 0; i < batches && sending; i++) {
        const from = next;
        next += 100;
        const res = await postEvents(a, "pageviews", ndjson(views(from, 100))).catch(() => undefined);
        if (res?.status === 202) acked.push(from);
      }
    };
    await Promise.all([send(10), send(10)]);
    // Two senders still at work when the node dies: some of their requests get no answer.
    const inFlight = Promise.all([send(Infinity), send(Infinity)]);
    await a.kill();
    sending = false;
    await inFlight;
    assert.ok(acked.length >= 20, `acknowledged ${acked.length} batches`);
    assert.deepEqual(await sql(b, "SELECT count() AS n FROM pageviews WHERE visitor != '' AND toUInt32(substring(visitor, 2)) >= 1000"), [{ n: 0 }]);

    a = await startServer({ project: PROJECT, dataDir: a.dataDir, args: nodeArgs() });
    const expected = new Set(acked.flatMap((from) => views(from, 100).map((v) => v.visitor)));
    const stored = await sql<{ visitor: string; n: number }>(b, "SELECT visitor, count() AS n FROM pageviews WHERE toUInt32(substring(visitor, 2)) >= 1000 GROUP BY visitor");
    assert.deepEqual(stored.filter((r) => Number(r.n) !== 1), [], "no row twice");
    const have = new Set(stored.map((r) => r.visitor));
    assert.deepEqual([...expected].filter((v) => !have.has(v)), [], "no acknowledged row lost");
  });

  test("a node restarted with the same --project keeps serving the build deployed since", async () => {
    // Node a came back (above) with the project it first deployed; the build came after it.
    for (const node of [a, b]) assert.equal((await api(node, "/v0/pipes/top_paths_again.json?site=a.example")).status, 200);
  });

  test("a node started with a changed --project deploys it; the other says so until it restarts with it", async () => {
    const changed = await mkdtemp(join(tmpdir(), "aviary-project-"));
    try {
      for (const name of await readdir(PROJECT)) await writeFile(join(changed, name), await readFile(join(PROJECT, name), "utf8"));
      await writeFile(join(changed, "views_by_day.pipe"), (await readFile(join(PROJECT, "views_by_day.pipe"), "utf8")).replace("DESCRIPTION >", "DESCRIPTION >\n    Changed."));
      await a.stop({ keepData: true });
      a = await startServer({ project: changed, dataDir: a.dataDir, args: nodeArgs() });
      assert.equal((await api(a, "/v0/pipes/top_paths_again.json?site=a.example")).status, 404);
      // Node b cannot load a project it was not given: it warns, and serves what it had.
      await eventually("node b warns", async () => b.logs.some((l) => l.includes("start every node with the same --project")), FOLLOW_WAIT);
      await b.stop({ keepData: true });
      b = await startServer({ project: changed, dataDir: b.dataDir, args: nodeArgs() });
      assert.equal((await api(b, "/v0/pipes/top_paths_again.json?site=a.example")).status, 404);
      assert.ok(b.logs.some((l) => l.includes("project already deployed at this version")));
    } finally {
      await rm(changed, { recursive: true, force: true });
    }
  });

  test("/ready answers 503 with the reason while ClickHouse is down, 200 once it is back; /health stays 200", async () => {
    assert.deepEqual(await (await fetch(`${b.url}/ready`)).json(), { status: "ready", engine: "clickhouse" });
    await clickhouse.stop({ keepData: true });
    let body: { status?: string; reason?: string } = {};
    await eventually("/ready says 503", async () => {
      const res = await fetch(`${b.url}/ready`);
      body = (await res.json()) as typeof body;
      return res.status === 503;
    });
    assert.equal(body.status, "not ready");
    assert.match(body.reason ?? "", /^the clickhouse engine failed SELECT 1: .*ECONNREFUSED/);
    assert.equal((await fetch(`${b.url}/health`)).status, 200);
    // A request meanwhile is told to come back (503), not that it was wrong (400), and not where ClickHouse lives.
    const pipe = await api(b, "/v0/pipes/top_paths.json?site=a.example");
    assert.equal(pipe.status, 503);
    assert.deepEqual(await pipe.json(), { error: "[Error] The analytics engine cannot be reached right now; try again shortly" });
    clickhouse = await clickhouse.restart();
    await eventually("/ready says 200 again", async () => (await fetch(`${b.url}/ready`)).status === 200);
  });
});
