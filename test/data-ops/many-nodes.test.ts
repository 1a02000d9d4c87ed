/**
 * Data operations with two Aviary nodes in front of one ClickHouse server (the HTTP test
 * double over chdb): while one node deletes rows, the other keeps acknowledging and
 * inserting events. The delete pauses the other node's inserts instead of failing with 409
 * (WRITTEN_MEANWHILE) or swapping its rows away: it succeeds, and afterwards every event the
 * other node acknowledged is in the datasource and in its view, once.
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import { startClickHouseHttp, type ClickHouseHttp } from "../helpers/clickhouse-http.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { ndjson, postEvents, sql } from "../ingest/events-client.ts";

const PROJECT = "examples/pageviews";

const views = (site: string, from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ timestamp: `2026-11-${String(1 + ((from + i) % 28)).padStart(2, "0")} 10:00:00`, site, path: `/p${(from + i) % 5}`, visitor: `v${from + i}` }));

describe("a data operation on one node while another ingests", () => {
  let clickhouse: ClickHouseHttp;
  let a: TestServer;
  let b: TestServer;

  before(async () => {
    clickhouse = await startClickHouseHttp();
    const args = ["--clickhouse-url", clickhouse.url];
    a = await startServer({ project: PROJECT, args });
    // Flushes often, so its inserts keep landing while the delete runs.
    b = await startServer({ project: PROJECT, args: [...args, "--flush-ms", "20"] });
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    for (const node of [a, b]) if (node) await rm(node.dataDir, { recursive: true, force: true });
    await clickhouse?.stop();
  });

  test("the delete pauses the other node's inserts: it succeeds, and every event that node acknowledged is kept once", async () => {
    assert.equal((await postEvents(a, "pageviews", ndjson(views("gone.example", 0, 300)), { wait: true })).status, 200);
    let acknowledged = 0;
    let stop = false;
    const sending = (async () => {
      while (!stop) {
        const res = await postEvents(b, "pageviews", ndjson(views("kept.example", acknowledged, 10)));
        assert.equal(res.status, 202);
        acknowledged += 10;
        await new Promise((done) => setTimeout(done, 10));
      }
    })();
    while (acknowledged < 100) await new Promise((done) => setTimeout(done, 20));
    const ackedBefore = acknowledged;

    const started = await api(a, `/v0/datasources/pageviews/delete?${new URLSearchParams({ delete_condition: "site = 'gone.example'" })}`, { method: "POST" });
    assert.equal(started.status, 201, await started.clone().text());
    const { id } = (await started.json()) as { id: string };
    let job: { status: string; error?: string; rows_affected?: number } = { status: "waiting" };
    while (job.status === "waiting" || job.status === "working") {
      await new Promise((done) => setTimeout(done, 100));
      job = (await (await api(a, `/v0/jobs/${id}`)).json()) as typeof job;
    }
    stop = true;
    await sending;
    assert.deepEqual({ status: job.status, error: job.error, rows: job.rows_affected }, { status: "done", error: undefined, rows: 300 });
    assert.ok(acknowledged > ackedBefore, "the other node kept acknowledging while the delete ran");

    // A last event, waited for: every acknowledged one before it is inserted by then.
    assert.equal((await postEvents(b, "pageviews", ndjson(views("kept.example", acknowledged, 1)), { wait: true })).status, 200);
    const kept = acknowledged + 1;
    assert.deepEqual(await sql(a, "SELECT site, count() AS n, uniqExact(visitor) AS visitors FROM pageviews GROUP BY site ORDER BY site"), [{ site: "kept.example", n: kept, visitors: kept }]);
    assert.deepEqual(await sql(a, "SELECT site, countMerge(views) AS n FROM daily_pages GROUP BY site ORDER BY site"), [{ site: "kept.example", n: kept }]);
  });
});
