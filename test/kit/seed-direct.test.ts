/** `aviary seed --direct`: straight into a stopped server's data directory, resumable, refused while a server holds it. */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { runSeed } from "../../src/cli/seed.ts";
import { deployProject } from "../../src/engine/deploy.ts";
import { queryRows } from "../../src/engine/engine.ts";
import { openEngine } from "../../src/engine/open-engine.ts";
import { loadProject } from "../../src/project/load-project.ts";
import { SeedError } from "../../src/seed/direct-seed.ts";
import { CHUNK_EVENTS, seedEvents } from "../../src/seed/event-stream.ts";
import { generateEvents } from "../../src/seed/generate.ts";
import { readSeedState, writeSeedState } from "../../src/seed/seed-state.ts";
import { startServer } from "../helpers/server.ts";

const END = Date.UTC(2026, 0, 15, 12);
const STREAM = { tenants: 5, domains: 2, days: 10, seed: 3, end: END };

function sink() {
  const text: string[] = [];
  return { out: new Writable({ write: (chunk, _enc, done) => (text.push(String(chunk)), done()) }), text };
}

async function inEngine<T>(dataDir: string, work: (engine: Awaited<ReturnType<typeof openEngine>>) => Promise<T>): Promise<T> {
  const engine = await openEngine({ dataDir, database: "aviary" });
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}

/** Every stored event, in a comparable order, as the generator wrote it (timestamps to the second). */
async function storedEvents(dataDir: string): Promise<string[]> {
  const rows = await inEngine(dataDir, (engine) =>
    queryRows<{ e: string }>(engine, "SELECT concat(toString(toUnixTimestamp(timestamp)), ' ', action, ' ', ifNull(session_id, '-'), ' ', payload) AS e FROM analytics_events"),
  );
  return rows.map((r) => r.e).sort();
}

function expectedEvents(events: number): string[] {
  return [...seedEvents({ ...STREAM, events })].map((e) => `${Math.floor(Date.parse(e.timestamp) / 1000)} ${e.action} ${e.session_id ?? "-"} ${e.payload}`).sort();
}

describe("seed event stream", () => {
  it("is the generator itself up to a chunk, and a shorter run is the start of a longer one", () => {
    assert.deepEqual([...seedEvents({ ...STREAM, events: 2000 })], [...generateEvents({ ...STREAM, events: 2000 })]);
    const long = [...seedEvents({ ...STREAM, events: CHUNK_EVENTS + 500 }, CHUNK_EVENTS - 500)];
    assert.equal(long.length, 1000);
    assert.deepEqual(long.slice(0, 500), [...generateEvents({ ...STREAM, events: CHUNK_EVENTS })].slice(-500));
    // The next chunk has its own seed: not a repeat of the first.
    assert.notDeepEqual(long.slice(500), [...generateEvents({ ...STREAM, events: 500 })]);
  });
});

describe("aviary seed --direct", () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "aviary-seed-direct-"));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it("refuses a data directory whose project was never deployed", async () => {
    await assert.rejects(runSeed({ ...STREAM, events: 10, direct: true, dataDir, out: sink().out }), (err: unknown) => err instanceof SeedError && /no analytics_events table yet: start the server once/.test(err.message));
  });

  it("inserts the events through the views, with a final rate line", async () => {
    await inEngine(dataDir, async (engine) => void (await deployProject(engine, await loadProject("kit/index.ts"))));
    const { out, text } = sink();
    const report = await runSeed({ ...STREAM, events: 2500, direct: true, dataDir, batchSize: 1000, out });
    assert.equal(report.events, 2500);
    assert.match(text.join(""), /^seeded 2,500 events \(5 tenants, 2 domains each, 10 days\) in \d+\.\d s: [\d,]+ events\/s, straight into the engine\n$/);
    assert.deepEqual(await storedEvents(dataDir), expectedEvents(2500));
    const [views] = await inEngine(dataDir, (engine) =>
      queryRows<{ hits: number; pages: number }>(engine, "SELECT (SELECT count() FROM analytics_events WHERE action = 'page_hit') AS hits, (SELECT countMerge(hits) FROM analytics_pages_mv) AS pages"),
    );
    assert.equal(views?.pages, views?.hits);
    assert.deepEqual((await readSeedState(dataDir))?.events, 2500);
  });

  it("resumes where the stream stopped, the batch in flight at the interruption not inserted twice", async () => {
    // As if the run had been killed after inserting events 2,000–2,500 but before recording them.
    const state = (await readSeedState(dataDir))!;
    await writeSeedState(dataDir, { ...state, events: 2000, inFlight: { from: 2000, to: 2500 } });
    const { out, text } = sink();
    const report = await runSeed({ tenants: 5, domains: 2, days: 10, seed: 3, events: 4000, direct: true, dataDir, batchSize: 1000, out });
    assert.equal(report.resumedAt, 2000);
    assert.equal(report.events, 2000);
    assert.match(text.join(""), /resumed after 2,000 already there/);
    assert.deepEqual(await storedEvents(dataDir), expectedEvents(4000));
  });

  it("does nothing when the stream is already there", async () => {
    const report = await runSeed({ ...STREAM, events: 4000, direct: true, dataDir, out: sink().out });
    assert.equal(report.events, 0);
    assert.equal((await storedEvents(dataDir)).length, 4000);
  });

  it("starts the stream over when the table was created again since (its rows are gone)", async () => {
    const state = (await readSeedState(dataDir))!;
    await writeSeedState(dataDir, { ...state, table: "00000000-0000-0000-0000-000000000000" });
    const report = await runSeed({ ...STREAM, events: 100, direct: true, dataDir, out: sink().out });
    assert.equal(report.resumedAt, undefined);
    assert.equal(report.events, 100);
    assert.equal((await readSeedState(dataDir))?.table, state.table);
  });

  it("refuses, naming the process, while a server holds the data directory", async () => {
    const server = await startServer({ dataDir });
    try {
      await assert.rejects(runSeed({ ...STREAM, events: 10, direct: true, dataDir, out: sink().out }), (err: unknown) => {
        assert.ok(err instanceof SeedError);
        assert.match(err.message, new RegExp(`is in use by process ${server.process.pid} \\(a running Aviary server\\?\\).*Stop the server`));
        return true;
      });
    } finally {
      await server.stop({ keepData: true });
    }
  });
});
