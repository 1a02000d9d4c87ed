/**
 * Crash safety: clients stream events with unique ids at a server flushing small
 * segments often; the server is killed with SIGKILL mid-stream, twice, and restarted
 * on the same data directory. Every event that got a 2xx must then be stored exactly
 * once, no event twice, and the materialized view must agree with the raw table
 * (a replay that doubled a view's rows would show there).
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { startServer, type TestServer } from "../helpers/server.ts";
import { FIXTURE, ndjson, postEvents, sql } from "./events-client.ts";

const CLIENTS = 12;
const ARGS = ["--flush-rows", "400", "--flush-ms", "30"];

let dataDir: string | undefined;
after(() => (dataDir ? rm(dataDir, { recursive: true, force: true }) : undefined));

/** Streams until the server dies; returns the ids of every acknowledged event. */
async function streamUntilKilled(server: TestServer, round: number, killAfterMs: number): Promise<Set<string>> {
  const acked = new Set<string>();
  let alive = true;
  const client = async (c: number) => {
    for (let seq = 0; alive; seq++) {
      const size = 1 + ((c * 7 + seq * 13) % 60);
      const events = Array.from({ length: size }, (_, i) => ({ id: `r${round}-c${c}-${seq}-${i}`, timestamp: 1_761_126_059 + seq, action: i % 2 ? "click" : "page_hit", n: i }));
      try {
        const res = await postEvents(server, "events", ndjson(events), { wait: seq % 5 === 0 });
        if (res.status === 200 || res.status === 202) for (const e of events) acked.add(e.id);
        else await res.body?.cancel();
      } catch {
        // The connection died with the server: this request was not acknowledged.
      }
    }
  };
  const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));
  await new Promise((resolve) => setTimeout(resolve, killAfterMs));
  await server.kill();
  alive = false;
  await Promise.all(clients);
  return acked;
}

test("every acknowledged event survives SIGKILL and replay exactly once", async () => {
  dataDir = await mkdtemp(join(tmpdir(), "aviary-crash-"));
  const acked = new Set<string>();
  const startLogs: string[] = [];
  for (const [round, killAfterMs] of [[1, 1500], [2, 900]] as const) {
    const server = await startServer({ project: FIXTURE, dataDir, args: ARGS });
    startLogs.push(...server.logs);
    for (const id of await streamUntilKilled(server, round, killAfterMs)) acked.add(id);
  }
  assert.ok(acked.size > 1000, `only ${acked.size} events were acknowledged before the kills`);

  const server = await startServer({ project: FIXTURE, dataDir, args: ARGS });
  startLogs.push(...server.logs);
  // The kills left acknowledged rows in the log, so the restarts must have replayed them.
  assert.ok(startLogs.some((l) => l.includes("replayed the write-ahead log")), "no restart replayed a segment");
  try {
    const doubled = await sql(server, "SELECT id, count() AS c FROM events GROUP BY id HAVING c > 1 LIMIT 5");
    assert.deepEqual(doubled, []);
    const stored = new Set((await sql<{ id: string }>(server, "SELECT id FROM events")).map((r) => r.id));
    const lost = [...acked].filter((id) => !stored.has(id));
    assert.deepEqual(lost.slice(0, 5), [], `${lost.length} acknowledged events are missing`);
    const [view] = await sql<{ raw: number; merged: number }>(server, "SELECT (SELECT count() FROM events) AS raw, (SELECT countMerge(events) FROM events_per_action) AS merged");
    assert.equal(view!.merged, view!.raw);
  } finally {
    await server.stop();
  }
});
