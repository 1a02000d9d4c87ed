/**
 * Start, restart and stop as an operator sees them: the workspace and its admin token
 * survive a restart, an unchanged project redeploys as a no-op, and SIGTERM lets an
 * in-flight request finish before the process exits cleanly. A start that cannot succeed
 * (data directory held, port taken, directory unusable) says why in one line, exits
 * non-zero and creates nothing.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { runCli } from "../helpers/cli.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";

const serverFile = async (dataDir: string) => JSON.parse(await readFile(join(dataDir, "server.json"), "utf8")) as { pid: number; url: string };
const bannerLines = (logs: readonly string[]) => logs.filter((l) => /^ {2}(Dashboard|Admin token|Tracking code) /.test(l) || /^ {17}\S/.test(l));
/** The banner follows the ready log line, which is when startServer returns. */
async function banner(server: TestServer): Promise<string[]> {
  while (!server.logs.some((l) => l.startsWith("  Tracking code "))) await new Promise((done) => setTimeout(done, 20));
  return bannerLines(server.logs);
}

test("restart keeps the workspace and redeploys nothing; SIGTERM finishes in-flight requests", async () => {
  const first = await startServer({ project: "examples/pageviews" });
  const dataDir = first.dataDir;
  let second: TestServer | undefined;
  try {
    // The first start shows the admin token once; later starts say how to print it.
    assert.deepEqual(await banner(first), [
      `  Dashboard      ${first.url}/`,
      `  Admin token    (sign in with it; shown on this first start only, again with: npx aviary token admin --data-dir ${dataDir})`,
      `                 ${first.adminToken}`,
      `  Tracking code  ${first.url}/?tenant=NAME shows the snippet for the site of a new customer NAME`,
    ]);
    const { pid, url } = await serverFile(dataDir);
    assert.deepEqual({ pid, url }, { pid: first.process.pid, url: first.url });
    await first.stop({ keepData: true });
    assert.equal(existsSync(join(dataDir, "server.json")), false, "server.json is removed on stop");
    second = await startServer({ project: "examples/pageviews", dataDir });
    assert.equal(second.adminToken, first.adminToken);
    assert.deepEqual((await banner(second)).slice(1, 2), [`  Admin token    npx aviary token admin --data-dir ${dataDir}`]);
    const deployed = second.logs.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { msg?: string; created?: string[]; unchanged?: string[] }).find((l) => l.msg === "project deployed");
    assert.deepEqual(deployed?.created, []);
    assert.deepEqual(deployed?.unchanged?.sort(), ["daily_pages", "daily_pages_mv", "pageviews"]);

    const slow = api(second, `/v0/sql?q=${encodeURIComponent("SELECT sum(sleepEachRow(0.4)) AS s FROM numbers(3)")}`);
    await new Promise((done) => setTimeout(done, 200));
    second.process.kill("SIGTERM");
    const res = await slow;
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "0\n");
    const child = second.process;
    const code = child.exitCode ?? (await new Promise((done) => child.once("exit", (c) => done(c))));
    assert.equal(code, 0);
    assert.ok(second.logs.some((l) => l.includes('"msg":"stopped"')), second.logs.join("\n"));
  } finally {
    await first.stop({ keepData: true });
    await second?.stop({ keepData: true });
    await rm(dataDir, { recursive: true, force: true });
  }
});

describe("a start that cannot succeed says why in one line and creates nothing", () => {
  let scratch: string;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), "aviary-start-fail-"));
    // Reachable by the other user the permission test runs as.
    await chmod(scratch, 0o755);
  });
  after(() => rm(scratch, { recursive: true, force: true }));

  const failsWith = async (args: readonly string[], message: string, options: Parameters<typeof runCli>[1] = {}) => {
    const { code, stdout, stderr } = await runCli(["start", ...args], options);
    assert.deepEqual({ code, stdout, stderr }, { code: 1, stdout: "", stderr: `aviary start: ${message}\n` });
  };

  test("a data directory another server holds: names that server, by its server.json or by chdb's lock", async () => {
    const holder = await startServer({ project: "examples/pageviews" });
    let next: TestServer | undefined;
    try {
      const dir = holder.dataDir;
      const pid = holder.process.pid!;
      const stop = "stop it, or start this one with another --data-dir (AVIARY_DATA_DIR)";
      await failsWith(["--port", "0", "--data-dir", dir], `the data directory ${dir} is in use by the Aviary server at ${holder.url} (pid ${pid}); ${stop}`);
      // Without server.json (a server from before it existed), chdb's own lock still tells which process.
      await unlink(join(dir, "server.json"));
      await failsWith(["--port", "0", "--data-dir", dir, "--project", "examples/pageviews"], `the data directory ${dir} is in use by process ${pid}; ${stop}`);
      // A server that was killed leaves its server.json behind; it names nobody and the next start goes ahead.
      await holder.kill();
      await writeFile(join(dir, "server.json"), JSON.stringify({ pid, url: holder.url, startedAt: "2026-01-01T00:00:00.000Z" }));
      next = await startServer({ project: "examples/pageviews", dataDir: dir });
      assert.equal((await serverFile(dir)).pid, next.process.pid);
    } finally {
      await next?.stop();
      await holder.stop();
      await rm(holder.dataDir, { recursive: true, force: true });
    }
  });

  test("a port in use: which port and which flag, checked before the data directory is created", async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, "127.0.0.1", done));
    const port = (taken.address() as { port: number }).port;
    try {
      const dir = join(scratch, "port-taken");
      await failsWith(["--port", String(port), "--data-dir", dir], `port ${port} is in use on 127.0.0.1 (another \`aviary start\`?); stop what holds it, or pick another port with --port N (AVIARY_PORT)`);
      assert.equal(existsSync(dir), false);
    } finally {
      await new Promise((done) => taken.close(done));
    }
  });

  test("a ClickHouse server that does not answer: which one and which flag, before any workspace is created", async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
    const port = (closed.address() as { port: number }).port;
    await new Promise((done) => closed.close(done));
    const dir = join(scratch, "no-clickhouse");
    const { code, stderr } = await runCli(["start", "--port", "0", "--data-dir", dir, "--clickhouse-url", `http://127.0.0.1:${port}`]);
    assert.equal(code, 1);
    // The last line is ours; @clickhouse/client logs its own report of the failed request above it.
    assert.equal(stderr.trimEnd().split("\n").at(-1), `aviary start: cannot reach ClickHouse at 127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port}); start it, or point --clickhouse-url (AVIARY_CLICKHOUSE_URL) at a running one`);
    assert.equal(existsSync(dir), false);
  });

  test("a data directory that is a file, or under one: which path", async () => {
    const file = join(scratch, "a-file");
    await writeFile(file, "not a directory");
    const flag = "pass another path with --data-dir (AVIARY_DATA_DIR)";
    await failsWith(["--port", "0", "--data-dir", file], `the data directory ${file} cannot be used: ${file} is a file, not a directory; ${flag}`);
    await failsWith(["--port", "0", "--data-dir", join(file, "data")], `the data directory ${join(file, "data")} cannot be created: ${file} is a file, not a directory; ${flag}`);
    assert.equal(await readFile(file, "utf8"), "not a directory");
  });

  test("a data directory this user may not write or create: which path", async () => {
    const locked = join(scratch, "read-only");
    await mkdir(locked);
    await chmod(locked, 0o555);
    // root may write anywhere: run the start as nobody.
    const asUser = process.getuid?.() === 0 ? { uid: 65534 } : {};
    const flag = "pass another path with --data-dir (AVIARY_DATA_DIR)";
    await failsWith(["--port", "0", "--data-dir", locked], `the data directory ${locked} is not writable by this user; ${flag}`, asUser);
    const inside = join(locked, "a", "b");
    await failsWith(["--port", "0", "--data-dir", inside], `the data directory ${inside} cannot be created: ${locked} does not let this user create directories in it; ${flag}`, asUser);
    assert.equal(existsSync(join(locked, "a")), false);
  });
});

describe("aviary seed and aviary types find the server that holds their data directory", () => {
  test("through server.json, on any port; says what to do when none runs there", async () => {
    const server = await startServer();
    try {
      const seeded = await runCli(["seed", "--data-dir", server.dataDir, "--events", "40", "--tenants", "2", "--days", "2"], { env: { AVIARY_PORT: "" } });
      assert.equal(seeded.code, 0, seeded.stderr);
      const res = await api(server, `/v0/sql?q=${encodeURIComponent("SELECT count() FROM analytics_events")}`);
      assert.equal(await res.text(), "40\n");
      const types = await runCli(["types", "--data-dir", server.dataDir], { env: { AVIARY_PORT: "" } });
      assert.equal(types.code, 0, types.stderr);
      assert.match(types.stdout, /\bkpis\b/);
      await server.stop({ keepData: true });
      const orphan = await runCli(["seed", "--data-dir", server.dataDir, "--events", "40"]);
      assert.deepEqual(orphan, {
        code: 2,
        stdout: "",
        stderr: `aviary seed: no Aviary server is running on the data directory ${server.dataDir}; start one there (npx aviary start --data-dir ${server.dataDir}), or name a running one with --data-dir D or --url U\n`,
      });
    } finally {
      await server.stop({ keepData: true });
      await rm(server.dataDir, { recursive: true, force: true });
    }
  });
});
