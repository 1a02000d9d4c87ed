/**
 * `aviary seed --direct`: generated events inserted straight into a data directory's
 * engine, for seeding millions of events fast. The server must be stopped, since chdb lets
 * one process hold a data directory; the project must have been deployed (the server has
 * started once). The materialized views fire on insert, exactly as for the Events API.
 *
 * Streaming and resumable: one batch is generated while the previous one is inserted (two
 * in memory at most), and `seed-state.json` in the data directory records how far the
 * stream got and which range is being inserted. Run the same command again and it
 * continues from there: it first inserts the range that was in flight again, with the same
 * insert deduplication token, so ClickHouse drops it if it had made it in.
 */
import { createHash } from "node:crypto";
import { queryRows, type Engine } from "../engine/engine.ts";
import { chdbDir, openEngine } from "../engine/open-engine.ts";
import { seedEvents } from "./event-stream.ts";
import type { GenerateOptions } from "./generate.ts";
import { SeedProgress, type SeedOutput, type SeedReport } from "./progress.ts";
import { chdbHolder, readSeedState, writeSeedState, type StreamKey } from "./seed-state.ts";

export interface DirectSeedOptions extends GenerateOptions {
  readonly direct: true;
  readonly dataDir: string;
  /** The server's database (`aviary`). */
  readonly database?: string;
  /** Seed a ClickHouse server instead of the data directory's chdb. */
  readonly clickhouseUrl?: string;
  readonly datasource?: string;
  /** Events per insert (default 100,000: larger batches gained nothing, smaller ones lose). */
  readonly batchSize?: number;
  readonly out?: SeedOutput;
}

/** A problem the user can fix (server running, project not deployed): shown as a message. */
export class SeedError extends Error {}

// chdb's default is best_effort and a ClickHouse server's is basic; the generator writes ISO 8601.
const INSERT_SETTINGS = { date_time_input_format: "best_effort", insert_deduplicate: 1 };

async function open(options: DirectSeedOptions): Promise<Engine> {
  const inUse = (holder: string) =>
    new SeedError(
      `the data directory ${options.dataDir} is in use by ${holder}: chdb lets one process open it at a time. Stop the server and run this again, or seed through the server (without --direct).`,
    );
  const holder = options.clickhouseUrl ? undefined : await chdbHolder(chdbDir(options.dataDir));
  if (holder !== undefined) throw inUse(`process ${holder} (a running Aviary server?)`);
  try {
    return await openEngine({ dataDir: options.dataDir, database: options.database ?? "aviary", clickhouseUrl: options.clickhouseUrl });
  } catch (err) {
    if ((err as { code?: string }).code === "CHDB_CONNECTION") throw inUse("another process");
    throw err;
  }
}

/** The table's UUID (ClickHouse's Atomic databases give every table one), or undefined when it does not exist. */
async function tableUuid(engine: Engine, table: string): Promise<string | undefined> {
  const [row] = await queryRows<{ uuid: string }>(engine, `SELECT toString(uuid) AS uuid FROM system.tables WHERE database = currentDatabase() AND name = '${table.replace(/'/g, "")}'`);
  return row?.uuid;
}

export async function seedDirect(options: DirectSeedOptions): Promise<SeedReport> {
  const datasource = options.datasource ?? "analytics_events";
  const batchSize = Math.max(1, options.batchSize ?? 100_000);
  const engine = await open(options);
  try {
    const table = await tableUuid(engine, datasource);
    if (table === undefined) {
      throw new SeedError(`${options.dataDir} has no ${datasource} table yet: start the server once on this data directory (it deploys the project), stop it, then seed`);
    }
    const state = await readSeedState(options.dataDir);
    const wanted: Omit<StreamKey, "end"> = {
      datasource,
      tenants: options.tenants,
      domains: options.domains,
      days: options.days,
      seed: options.seed ?? 1,
      nullSessionShare: options.nullSessionShare ?? null,
      largestShare: options.largestShare ?? null,
    };
    // The same stream (same options; `end` too when given) into the same table, not one dropped
    // and created again since (its rows are gone): carry on. Row counts could not tell, as
    // retention may have deleted some.
    const resumes =
      state !== undefined &&
      Object.entries(wanted).every(([k, v]) => state.key[k as keyof StreamKey] === v) &&
      (options.end === undefined || options.end === state.key.end) &&
      state.table === table;
    const key: StreamKey = { ...wanted, end: resumes ? state.key.end : (options.end ?? Date.now()) };
    const from = resumes ? Math.min(state.events, options.events) : 0;
    const tokenPrefix = `seed:${createHash("sha256").update(JSON.stringify(key)).digest("hex").slice(0, 16)}`;

    const progress = new SeedProgress(options.out ?? process.stderr, options.events, from);
    let done = 0;
    const insert = async (start: number, lines: string[]) => {
      const end = start + lines.length;
      await writeSeedState(options.dataDir, { key, table, events: start, inFlight: { from: start, to: end } });
      await engine.insert(datasource, Buffer.from(lines.join("\n")), { dedupToken: `${tokenPrefix}:${start}-${end}`, settings: INSERT_SETTINGS });
      done += lines.length;
      await writeSeedState(options.dataDir, { key, table, events: end });
      progress.update(done);
    };
    // The range an interrupted run was inserting, exactly as it was cut: same token, same rows.
    const replay = resumes && state.inFlight?.from === from ? state.inFlight.to : from;
    let inFlight: Promise<void> = Promise.resolve();
    let batch: string[] = [];
    let next = from;
    for (const event of seedEvents({ ...options, events: Math.max(options.events, replay), seed: key.seed, end: key.end }, from)) {
      batch.push(JSON.stringify(event));
      if (batch.length < (next < replay ? replay - next : batchSize)) continue;
      // One insert in flight while the next batch is generated: both cores busy, memory bounded.
      await inFlight;
      inFlight = insert(next, batch);
      next += batch.length;
      batch = [];
    }
    await inFlight;
    if (batch.length > 0) await insert(next, batch);
    return progress.finish(done, options, 0, ", straight into the engine");
  } finally {
    await engine.close();
  }
}
