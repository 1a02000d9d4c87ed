/**
 * Scheduled copies with two Aviary nodes in front of one ClickHouse (the recording HTTP
 * double over chdb): each node's scheduler fires every tick of test/fixtures/copy-project's
 * `snapshot_events` (append, every two seconds), and each tick's rows land once; the node
 * that did not run a tick says so in its job history. A node that starts again drops its
 * own leftover staging tables and leaves another node's, which may be in use.
 */
import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { startClickHouseHttp, type ClickHouseHttp } from "../helpers/clickhouse-http.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { ndjson, postEvents, sql } from "../ingest/events-client.ts";

const PROJECT = "test/fixtures/copy-project";
const TENANTS = ["t0", "t1", "t2"];
const events = TENANTS.flatMap((tenant, i) => Array.from({ length: i + 1 }, () => ({ timestamp: "2024-01-01 10:00:00", tenant, value: 1 })));
/** Ticks with rows to wait for: enough that both nodes have fired several. */
const TICKS = 4;

type Json = Record<string, unknown>;

async function scheduledJobs(server: TestServer): Promise<Json[]> {
  const listed = ((await (await api(server, "/v0/jobs?pipe_name=snapshot_events")).json()) as { jobs: Json[] }).jobs;
  return Promise.all(listed.map(async (j) => (await (await api(server, `/v0/jobs/${j.id as string}`)).json()) as Json));
}

describe("scheduled copies on two nodes sharing one ClickHouse", () => {
  let clickhouse: ClickHouseHttp;
  let a: TestServer;
  let b: TestServer;
  const nodeArgs = () => ["--clickhouse-url", clickhouse.url];

  before(async () => {
    clickhouse = await startClickHouseHttp({ record: true });
    [a, b] = await Promise.all([startServer({ project: PROJECT, args: nodeArgs() }), startServer({ project: PROJECT, args: nodeArgs() })]);
    const res = await postEvents(a, "events", ndjson(events), { wait: true });
    assert.equal(res.status, 200, await res.text());
  });
  after(async () => {
    await Promise.all([a.stop(), b.stop()]);
    await clickhouse.stop();
  });

  test("every tick's rows land once, run by one node; the other keeps the tick as skipped", async () => {
    const ticks = async () => (await sql<{ n: number }>(a, "SELECT uniqExact(copied_at) AS n FROM events_snapshots"))[0]!.n;
    for (const deadline = Date.now() + 90_000; (await ticks()) < TICKS; await new Promise((r) => setTimeout(r, 250))) {
      assert.ok(Date.now() < deadline, `fewer than ${TICKS} ticks copied in 90 s`);
    }
    const groups = await sql<{ copied_at: string; tenants: string }>(
      b,
      "SELECT copied_at, arrayStringConcat(arraySort(groupArray(concat(tenant, ':', toString(events)))), ',') AS tenants FROM events_snapshots GROUP BY copied_at ORDER BY copied_at",
    );
    assert.ok(groups.length >= TICKS);
    for (const group of groups) assert.equal(group.tenants, "t0:1,t1:2,t2:3", `rows copied at ${group.copied_at}`);

    const [jobsA, jobsB] = [await scheduledJobs(a), await scheduledJobs(b)];
    const done = [...jobsA, ...jobsB].filter((j) => j.status === "done" && j.execution_type === "scheduled");
    const ticksDone = done.map((j) => j.scheduled_at as string);
    assert.deepEqual(ticksDone.filter((at, i) => ticksDone.indexOf(at) !== i), [], "no tick done by both nodes");
    // The latest tick's job may still be dropping its staging table when the jobs are read.
    for (const { copied_at } of groups.slice(0, -1)) assert.ok(ticksDone.includes(`${copied_at.replace(" ", "T")}.000Z`), `a done job for the tick ${copied_at}`);
    const skipped = [...jobsA, ...jobsB].filter((j) => j.status === "cancelled" && (j.cancelled_reason as string).includes("another node"));
    assert.ok(skipped.length > 0, "a node that did not run a tick says so");
    for (const job of skipped) assert.equal(job.cancelled_reason, `Skipped: another node ran the run planned for ${job.scheduled_at as string}`);
  });

  test("a node starting again drops its own leftover staging tables, not another node's", async () => {
    const own = `_aviary_copy_${(await readFile(join(b.dataDir, "node-id"), "utf8")).trim()}_leftover`;
    const other = "_aviary_copy_0123456789ab_inuse";
    for (const name of [own, other]) {
      const res = await fetch(`${clickhouse.url}/?database=aviary`, { method: "POST", body: `CREATE TABLE ${name} (a UInt8) ENGINE = MergeTree ORDER BY tuple()` });
      assert.equal(res.status, 200, await res.text());
    }
    await b.stop({ keepData: true });
    b = await startServer({ project: PROJECT, dataDir: b.dataDir, args: nodeArgs() });
    const left = await sql<{ name: string }>(a, `SELECT name FROM system.tables WHERE database = currentDatabase() AND name IN ('${own}', '${other}')`);
    assert.deepEqual(left, [{ name: other }]);
    await rm(b.dataDir, { recursive: true, force: true });
  });
});
