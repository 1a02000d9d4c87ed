/**
 * The backlog bound and graceful shutdown over HTTP: with flushing held back, the
 * request that finds the backlog full gets 429 with Retry-After and X-RateLimit-*;
 * SIGTERM then inserts everything acknowledged and leaves the log empty.
 */
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { startServer } from "../helpers/server.ts";
import { count, FIXTURE, ndjson, postEvents } from "./events-client.ts";

let dataDir: string | undefined;
after(() => (dataDir ? rm(dataDir, { recursive: true, force: true }) : undefined));

const events = (from: number, n: number) => ndjson(Array.from({ length: n }, (_, i) => ({ id: `bk-${from + i}`, timestamp: 1_761_126_059 })));

test("a full backlog answers 429 with retry headers; a graceful stop inserts every acknowledged row", async () => {
  dataDir = await mkdtemp(join(tmpdir(), "aviary-backlog-"));
  const args = ["--max-backlog-rows", "50", "--flush-ms", "60000"];
  const server = await startServer({ project: FIXTURE, dataDir, args });
  assert.equal((await postEvents(server, "events", events(0, 30))).status, 202);
  assert.equal((await postEvents(server, "events", events(30, 20))).status, 202);
  const full = await postEvents(server, "events", events(50, 1));
  assert.equal(full.status, 429);
  assert.deepEqual(await full.json(), { error: "Too many events are waiting to be written (50 rows, limit 50); retry in 60 s" });
  assert.deepEqual(
    ["retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"].map((h) => full.headers.get(h)),
    ["60", "50", "0", "60"],
  );
  assert.equal(await count(server, "events"), 0);

  await server.stop({ keepData: true });
  assert.deepEqual(await readdir(join(dataDir, "wal", "events")), []);
  const again = await startServer({ project: FIXTURE, dataDir });
  try {
    assert.equal(again.logs.some((l) => l.includes("replayed the write-ahead log")), false);
    assert.equal(await count(again, "events"), 50);
    // The backlog is empty again, so requests are taken.
    assert.equal((await postEvents(again, "events", events(50, 1), { wait: true })).status, 200);
  } finally {
    await again.stop();
  }
});
