/**
 * Holes the second adversarial pass over the data lifecycle found (issue 18), against real
 * servers and the real CLI: a backup's manifest.json runs SQL when restored (chdb runs every
 * statement of a query text, and the database name reaches `CREATE DATABASE` unquoted); a
 * backup into /proc never ends (Node's recursive mkdir loops there) and holds every later data
 * operation; a malformed multipart append is a 500, and one of any size is read whole (its
 * fields kept in memory) before the token's scopes are checked; a crash during `mode=replace` leaves
 * neither the old rows nor the new ones (the next start finishes the delete and drops the
 * staged rows as a copy's leftovers). A reader during a replace saw the raw table replaced and the
 * views not yet.
 */
import assert from "node:assert/strict";
import { existsSync, watch } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { runCli } from "../helpers/cli.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";

type Json = Record<string, unknown>;
type Server = Pick<TestServer, "url" | "adminToken">;

async function json(server: Server, path: string, init: Parameters<typeof api>[2] = {}): Promise<{ status: number; body: Json }> {
  const res = await api(server, path, init);
  const text = await res.text();
  return { status: res.status, body: text === "" ? {} : (JSON.parse(text) as Json) };
}

async function count(server: Server, tenant: string, table = "analytics_events"): Promise<number> {
  const { status, body } = await json(server, `/v0/sql?q=${encodeURIComponent(`SELECT count() AS n FROM ${table} WHERE tenant_id = '${tenant}' FORMAT JSON`)}`);
  assert.equal(status, 200, JSON.stringify(body));
  return Number((body.data as { n: number }[])[0]!.n);
}

async function finished(server: Server, id: unknown): Promise<Json> {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const { body } = await json(server, `/v0/jobs/${String(id)}`);
    if (body.status === "done" || body.status === "error") return body;
  }
  throw new Error(`job ${String(id)} did not finish: the data operations' queue is held`);
}

/** `n` page hits of a tenant today, as NDJSON. */
function pageHits(tenant: string, prefix: string, n: number): string {
  const day = new Date().toISOString().slice(0, 10);
  const hit = (i: number) => ({ timestamp: `${day} 00:${String(i % 60).padStart(2, "0")}:00`, session_id: `${prefix}${i}`, action: "page_hit", version: "1", tenant_id: tenant, domain: `${tenant}.test`, payload: JSON.stringify({ pathname: "/", href: `https://${tenant}.test/` }) });
  return Array.from({ length: n }, (_, i) => JSON.stringify(hit(i))).join("\n");
}

describe("backups and multipart appends: attacker's regressions", () => {
  let server: TestServer;
  let dir: string;

  before(async () => {
    server = await startServer();
    dir = await mkdtemp(join(tmpdir(), "aviary-lifecycle-attack-"));
  });
  // Killed, not stopped: on a server with the /proc hole, a graceful stop waits for that backup forever.
  after(async () => {
    await server.kill();
    await rm(server.dataDir, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  });

  test("restoring a backup whose manifest names a database with SQL in it runs none of that SQL", async () => {
    const backups = join(dir, "backups");
    const made = await runCli(["backup", "--out", backups, "--url", server.url, "--token", server.adminToken]);
    assert.equal(made.code, 0, made.stderr);
    const [name] = await readdir(backups);
    const path = join(backups, name!, "manifest.json");
    const written = join(dir, "written-by-the-manifest.txt");
    const manifest = JSON.parse(await readFile(path, "utf8")) as Json;
    await writeFile(path, JSON.stringify({ ...manifest, database: `aviary; SELECT 'pwned' INTO OUTFILE '${written}' TRUNCATE; SELECT 1` }));
    const restored = await runCli(["restore", join(backups, name!), "--data-dir", join(dir, "restored")]);
    assert.notEqual(restored.code, 0, restored.stdout);
    assert.equal(existsSync(written), false, "aviary restore ran the statements in manifest.json's database name");
  });

  test("a malformed multipart append is a 400, not an internal error", async () => {
    for (const contentType of ["multipart/form-data", "multipart/form-data; boundary=zzz"]) {
      const { status, body } = await json(server, "/v0/datasources?name=analytics_events&mode=append", { method: "POST", headers: { "content-type": contentType }, body: pageHits("mp", "m", 1) });
      assert.equal(status, 400, `${contentType}: ${JSON.stringify(body)}`);
    }
  });

  test("a multipart append larger than the body limit is refused, whatever its parts", async () => {
    // Fields before the file are kept as parameters: 1,000 fields of 1 MB each would be a gigabyte held for one request.
    const form = new FormData();
    for (let i = 0; i < 11; i++) form.append(`field${i}`, "a".repeat(1024 * 1024));
    form.append("ndjson", new Blob([pageHits("big-form", "f", 1)]), "rows.ndjson");
    const { status, body } = await json(server, "/v0/datasources?name=analytics_events&mode=append", { method: "POST", body: form });
    assert.equal(status, 413, JSON.stringify(body));
    assert.equal(await count(server, "big-form"), 0);
  });

  test("a backup into /proc fails, and does not hold every later data operation", async () => {
    const { status, body } = await json(server, `/v0/backups?out=${encodeURIComponent("/proc/aviary-backups")}`, { method: "POST" });
    if (status === 201) assert.equal((await finished(server, body.id)).status, "error");
    else assert.equal(status, 400, JSON.stringify(body));
    const truncated = await api(server, "/v0/datasources/analytics_goals/truncate", { method: "POST" });
    assert.equal(truncated.status, 205);
  });
});

describe("mode=replace: readers, and a crash (attacker's regression)", () => {
  let server: TestServer;
  const OLD = 300;
  const NEW = 5;

  before(async () => (server = await startServer()));
  after(async () => {
    await server.stop();
    await rm(server.dataDir, { recursive: true, force: true });
  });

  test("a reader sees every table as before a replace or every table as after it, never a mix", async () => {
    const sizes = [2000, 700];
    const replace = (n: number) =>
      json(server, `/v0/datasources?name=analytics_events&mode=replace&replace_condition=${encodeURIComponent("tenant_id = 'both'")}`, { method: "POST", headers: { "content-type": "application/x-ndjson" }, body: pageHits("both", `r${n}-`, n) });
    const first = await replace(sizes[0]!);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    // One statement reads the raw table and a view: both must come from the same side of the swap.
    const sql = "SELECT (SELECT count() FROM analytics_events WHERE tenant_id = 'both') AS raw, (SELECT count() FROM analytics_page_views_mv WHERE tenant_id = 'both') AS viewed FORMAT JSON";
    const seen: string[] = [];
    let replacing = true;
    const reader = (async () => {
      while (replacing) {
        const { status, body } = await json(server, `/v0/sql?q=${encodeURIComponent(sql)}`);
        assert.equal(status, 200, JSON.stringify(body));
        const [row] = body.data as { raw: number; viewed: number }[];
        seen.push(`${row!.raw}/${row!.viewed}`);
      }
    })();
    for (let i = 1; i <= 8; i++) assert.equal((await replace(sizes[i % 2]!)).status, 200);
    replacing = false;
    await reader;
    const mixed = seen.filter((pair) => !sizes.some((n) => pair === `${n}/${n}`));
    assert.deepEqual(mixed, [], `${mixed.length} of ${seen.length} reads saw one table replaced and the other not`);
    assert.ok(seen.length > 20, `only ${seen.length} reads during 8 replaces`);
  });

  test("a replace a crash interrupted leaves the old rows or the new ones, never neither", async () => {
    const appended = await json(server, "/v0/datasources?name=analytics_events&mode=append", { method: "POST", headers: { "content-type": "application/x-ndjson" }, body: pageHits("swap", "old", OLD) });
    assert.equal(appended.status, 200, JSON.stringify(appended.body));
    assert.equal(await count(server, "swap"), OLD);

    // The kill comes as soon as the operation is journalled, or as soon as a reader sees neither the old rows nor the new.
    const journal = join(server.dataDir, "data-ops");
    await mkdir(journal, { recursive: true });
    const crash = () => server.process.kill("SIGKILL");
    const watcher = watch(journal, (_event, file) => String(file).endsWith(".json") && crash());
    let pending = true;
    const replaced = api(server, `/v0/datasources?name=analytics_events&mode=replace&replace_condition=${encodeURIComponent("tenant_id = 'swap'")}`, {
      method: "POST",
      headers: { "content-type": "application/x-ndjson" },
      body: pageHits("swap", "new", NEW),
    }).then(
      (res) => res.status,
      () => "killed",
    );
    void replaced.finally(() => (pending = false));
    while (pending) {
      const seen = await count(server, "swap").catch(() => OLD);
      if (seen !== OLD && seen !== NEW) crash();
    }
    watcher.close();
    assert.equal(await replaced, "killed", "the replace ended before the crash: nothing was tested");
    await server.kill();

    server = await startServer({ dataDir: server.dataDir });
    const left = await count(server, "swap");
    assert.ok(left === OLD || left === NEW, `${left} rows of the tenant after the restart: the replace lost the old rows and the new ones`);
    assert.equal(await count(server, "swap", "analytics_page_views_mv"), left, "the views disagree with the raw rows");
  });
});
