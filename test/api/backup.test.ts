/**
 * `aviary backup` of a running kit server while events keep arriving, then `aviary restore`
 * into a new data directory and a server started there: every endpoint answers every seeded
 * tenant exactly as the original does, the admin token still works, and every event
 * acknowledged before the backup started is there. The second backup is incremental.
 */
import assert from "node:assert/strict";
import { mkdtemp, readdir, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { KIT_ENDPOINTS, type KitEndpointName } from "aviary/client";
import { runCli } from "../helpers/cli.ts";
import { startClickHouseHttp, type ClickHouseHttp } from "../helpers/clickhouse-http.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { KIT_PROJECT, kitParams, NOW_RELATIVE, startSeededKit, TENANTS, undated, type SeededKit } from "../client/helpers/seeded-kit.ts";

const LATE = "late-tenant";

function pageView(i: number): string {
  const payload = JSON.stringify({ pathname: `/late/${i}`, href: `https://late.example/late/${i}`, "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0" });
  return JSON.stringify({ timestamp: "2024-01-20 10:00:00", action: "page_hit", version: "1", session_id: `late-${i}`, tenant_id: LATE, domain: "late.example", payload });
}

/** Every kit endpoint's answer for every seeded tenant (the endpoints that read the clock left out). */
async function answers(server: Pick<TestServer, "url" | "adminToken">): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const tenant of TENANTS) {
    for (const name of (Object.keys(KIT_ENDPOINTS) as KitEndpointName[]).filter((n) => !NOW_RELATIVE.has(n))) {
      const res = await api(server, `/v0/pipes/${name}.json?${new URLSearchParams(kitParams(name, { tenant_id: tenant }))}`);
      assert.equal(res.status, 200, name);
      out[`${tenant} ${name}`] = undated(((await res.json()) as { data: unknown[] }).data);
    }
  }
  return out;
}

describe("aviary backup and restore", () => {
  let kitServer: SeededKit;
  let restored: TestServer | undefined;
  let dir: string;

  before(async () => {
    kitServer = await startSeededKit();
    dir = await mkdtemp(join(tmpdir(), "aviary-backup-"));
  });
  after(async () => {
    await restored?.stop();
    await kitServer?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test("a backup under ingest load restores to a server that answers as the original did", async () => {
    const { server } = kitServer;
    const backups = join(dir, "backups");
    const cli = ["--url", server.url, "--token", server.adminToken];
    const first = await runCli(["backup", "--out", backups, ...cli]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^backup \S+ \(full\): \d+ rows in \d+ plain tables \(datasources, quarantines, state\), and every view in /);

    // Events of another tenant keep arriving (acknowledged, not waited for) before and during the second backup.
    let acknowledged = 0;
    let stop = false;
    const sending = (async () => {
      while (!stop) {
        const res = await api(server, "/v0/events?name=analytics_events", { method: "POST", body: pageView(acknowledged) });
        assert.equal(res.status, 202);
        acknowledged++;
      }
    })();
    while (acknowledged < 20) await new Promise((r) => setTimeout(r, 10));
    const ackedBefore = acknowledged;
    const second = await runCli(["backup", "--out", backups, ...cli]);
    stop = true;
    await sending;
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /^backup \S+ \(incremental on \S+\): /);
    assert.equal((await readdir(backups)).length, 2);
    const original = await answers(server);

    const dataDir = join(dir, "restored");
    const restore = await runCli(["restore", backups, "--data-dir", dataDir]);
    assert.equal(restore.code, 0, restore.stderr);
    assert.match(restore.stdout, /^restored \S+ \(incremental on \S+\): .* into /);
    const again = await runCli(["restore", backups, "--data-dir", dataDir]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /exists: restore into a new data directory/);

    restored = await startServer({ project: KIT_PROJECT, dataDir });
    assert.equal(restored.adminToken, server.adminToken);
    assert.deepEqual(await answers(restored), original);
    const res = await api(restored, `/v0/sql?q=${encodeURIComponent(`SELECT session_id FROM analytics_events WHERE tenant_id = '${LATE}' FORMAT JSON`)}`);
    const sessions = new Set(((await res.json()) as { data: { session_id: string }[] }).data.map((r) => r.session_id));
    const missing = Array.from({ length: ackedBefore }, (_, i) => `late-${i}`).filter((s) => !sessions.has(s));
    assert.deepEqual(missing, []);
  });

  test("a chain moved away is refused with what to do, and the restore can then run again into the same directory", async () => {
    const backups = join(dir, "backups");
    const moved = join(dir, "moved");
    const target = join(dir, "second-restore");
    await rename(backups, moved);
    const refused = await runCli(["restore", moved, "--data-dir", target]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /a backup of this chain is not where it was made .*put the backup directory back where `aviary backup` wrote it/);
    await rename(moved, backups);
    const again = await runCli(["restore", backups, "--data-dir", target]);
    assert.equal(again.code, 0, again.stderr);
  });

  test("only the admin may ask for a backup, into an absolute path", async () => {
    const { server } = kitServer;
    assert.equal((await api(server, "/v0/backups", { method: "POST", token: "p.nope", body: new URLSearchParams({ out: dir }) })).status, 403);
    const relative = await api(server, "/v0/backups", { method: "POST", body: new URLSearchParams({ out: "backups" }) });
    assert.equal(relative.status, 400);
  });
});

describe("aviary backup and restore with a ClickHouse server", () => {
  let source: ClickHouseHttp;
  let target: ClickHouseHttp;
  let kitServer: SeededKit;
  let restored: TestServer | undefined;
  let dir: string;

  before(async () => {
    source = await startClickHouseHttp();
    target = await startClickHouseHttp();
    kitServer = await startSeededKit({ args: ["--clickhouse-url", source.url] });
    dir = await mkdtemp(join(tmpdir(), "aviary-backup-server-"));
  });
  after(async () => {
    await restored?.stop();
    await kitServer?.stop();
    await source?.stop();
    await target?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  // The test server runs on this machine, so the directory the server writes and the one the node writes are one.
  test("a full and an incremental backup restore into another server, which answers as the original did with the same tokens", async () => {
    const { server } = kitServer;
    const backups = join(dir, "backups");
    const cli = ["--url", server.url, "--token", server.adminToken];
    const first = await runCli(["backup", "--out", backups, ...cli]);
    assert.equal(first.code, 0, first.stderr);
    const late = await api(server, "/v0/events?name=analytics_events&wait=true", { method: "POST", body: [0, 1, 2].map(pageView).join("\n") });
    assert.equal(late.status, 200);
    const second = await runCli(["backup", "--out", backups, ...cli]);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /^backup \S+ \(incremental on \S+\): /);
    const original = await answers(server);

    const dataDir = join(dir, "restored-node");
    const restore = await runCli(["restore", backups, "--clickhouse-url", target.url, "--data-dir", dataDir]);
    assert.equal(restore.code, 0, restore.stderr);
    assert.match(restore.stdout, /^restored \S+ \(incremental on \S+\): .* into the ClickHouse server at /);
    const again = await runCli(["restore", backups, "--clickhouse-url", target.url, "--data-dir", dataDir]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /the database aviary on \S+ holds \d+ tables: restore into a ClickHouse server without it/);

    restored = await startServer({ project: KIT_PROJECT, dataDir, args: ["--clickhouse-url", target.url] });
    assert.equal(restored.adminToken, server.adminToken);
    // The backup's own write hold, copied with it, held the restored node's inserts until it expired.
    assert.deepEqual(restored.logs.filter((line) => line.includes("writes paused")), []);
    assert.deepEqual(await answers(restored), original);
    const res = await api(restored, `/v0/sql?q=${encodeURIComponent(`SELECT count() AS n FROM analytics_events WHERE tenant_id = '${LATE}' FORMAT JSON`)}`);
    assert.deepEqual(((await res.json()) as { data: { n: number }[] }).data, [{ n: 3 }]);
  });
});
