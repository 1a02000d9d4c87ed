/**
 * Materialized views run inside the inserts the flusher makes: after ingesting page
 * views through the Events API, examples/pageviews' daily_pages (an
 * AggregatingMergeTree filled by daily_pages_mv) agrees with the raw table group by
 * group, with no backfill step. Run on both engines: the flusher's INSERT settings
 * and deduplication tokens travel differently to a ClickHouse server.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startClickHouseHttp, type ClickHouseHttp } from "../helpers/clickhouse-http.ts";
import { startServer, type TestServer } from "../helpers/server.ts";
import { ndjson, postEvents, sql } from "./events-client.ts";

const views = Array.from({ length: 2000 }, (_, i) => ({
  timestamp: `2024-03-0${1 + (i % 7)}T1${i % 10}:00:00.250Z`,
  site: i % 3 === 0 ? "b.example" : "a.example",
  path: `/p${i % 11}`,
  visitor: `v${i % 97}`,
  duration_ms: i,
}));

for (const engine of ["chdb", "clickhouse"] as const) describe(`materialized views on ingest (${engine} engine)`, () => {
  let server: TestServer;
  let clickhouse: ClickHouseHttp | undefined;
  before(async () => {
    clickhouse = engine === "clickhouse" ? await startClickHouseHttp() : undefined;
    server = await startServer({ project: "examples/pageviews", args: clickhouse ? ["--clickhouse-url", clickhouse.url] : [] });
  });
  after(async () => {
    await server.stop();
    await clickhouse?.stop();
  });

  test("daily_pages matches the raw pageviews after ingestion, per site, day and path", async () => {
    // Several acknowledged requests, then one that waits: segments are inserted in order,
    // so once the last is queryable, all are.
    for (let i = 0; i < 1500; i += 300) assert.equal((await postEvents(server, "pageviews", ndjson(views.slice(i, i + 300)))).status, 202);
    assert.equal((await postEvents(server, "pageviews", ndjson(views.slice(1500)), { wait: true })).status, 200);

    const raw = await sql(server, "SELECT site, toDate(timestamp) AS date, path, count() AS views, uniqExact(visitor) AS visitors FROM pageviews GROUP BY site, date, path ORDER BY site, date, path");
    const merged = await sql(server, "SELECT site, date, path, countMerge(views) AS views, uniqExactMerge(visitors) AS visitors FROM daily_pages GROUP BY site, date, path ORDER BY site, date, path");
    assert.equal(raw.reduce((n, r) => n + Number(r.views), 0), 2000);
    assert.deepEqual(merged, raw);
  });
});
