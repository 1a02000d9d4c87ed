/**
 * `aviary tenant retention T --days N` on a real server's data directory: at the next start,
 * T's rows older than N days leave the raw table and every view through TTL rules, while the
 * other tenants' old rows and T's recent ones stay; `--days 0` removes the rule again.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { runCli } from "../helpers/cli.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { KIT_PROJECT } from "../client/helpers/seeded-kit.ts";

const servers: TestServer[] = [];
after(async () => {
  for (const server of servers.reverse()) await server.stop();
});

const DAY = 86_400_000;
const hit = (tenant: string, daysAgo: number, i: number) =>
  JSON.stringify({
    timestamp: new Date(Date.now() - daysAgo * DAY).toISOString(),
    action: "page_hit",
    version: "1",
    session_id: `${tenant}-${daysAgo}-${i}`,
    tenant_id: tenant,
    domain: `${tenant}.example`,
    payload: JSON.stringify({ pathname: "/", href: `https://${tenant}.example/`, "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0" }),
  });

async function count(server: TestServer, table: string, where: string): Promise<number> {
  const res = await api(server, `/v0/sql?q=${encodeURIComponent(`SELECT count() AS n FROM ${table} WHERE ${where} FORMAT JSON`)}`);
  assert.equal(res.status, 200);
  return Number(((await res.json()) as { data: { n: number }[] }).data[0]!.n);
}

test("a tenant's rows older than its days leave every table at the next start; other tenants keep theirs", async () => {
  const first = await startServer({ project: KIT_PROJECT });
  servers.push(first);
  const rows = ["short", "long"].flatMap((tenant) => [60, 1].flatMap((daysAgo) => [0, 1, 2].map((i) => hit(tenant, daysAgo, i))));
  assert.equal((await api(first, "/v0/events?name=analytics_events&wait=true", { method: "POST", body: rows.join("\n") })).status, 200);
  await first.stop({ keepData: true });

  const set = await runCli(["tenant", "retention", "short", "--days", "30", "--data-dir", first.dataDir]);
  assert.equal(set.code, 0, set.stderr);
  assert.equal(set.stdout, "short\t30 days\n");
  assert.match(set.stderr, /takes effect at the server's next start/);

  const second = await startServer({ project: KIT_PROJECT, dataDir: first.dataDir });
  servers.push(second);
  const old = (tenant: string, table: string) => count(second, table, `tenant_id = '${tenant}' AND ${table === "analytics_events" ? "timestamp" : "date"} < today() - 30`);
  for (const deadline = Date.now() + 60_000; (await old("short", "analytics_events")) + (await old("short", "analytics_pages_mv")) > 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 250));
  assert.equal(await old("short", "analytics_events"), 0);
  assert.equal(await old("short", "analytics_pages_mv"), 0);
  assert.equal(await old("long", "analytics_events"), 3);
  assert.equal(await old("long", "analytics_pages_mv"), 1);
  assert.equal(await count(second, "analytics_events", "tenant_id = 'short'"), 3);

  const removed = await runCli(["tenant", "retention", "short", "--days", "0", "--data-dir", first.dataDir]);
  assert.equal(removed.code, 0, removed.stderr);
  assert.equal(removed.stdout, "");
  const invalid = await runCli(["tenant", "retention", "short", "--days", "-3", "--data-dir", first.dataDir]);
  assert.equal(invalid.code, 1);
  assert.match(invalid.stderr, /--days must be a whole number of days/);
});
