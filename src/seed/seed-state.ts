/**
 * Files a direct seed reads and writes in the data directory: how far its event stream
 * got (`seed-state.json`), and chdb's `status` file, which names the process holding the
 * directory.
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Everything that decides which events a seed run produces, except how many. */
export interface StreamKey {
  readonly datasource: string;
  readonly tenants: number;
  readonly domains: number;
  readonly days: number;
  readonly seed: number;
  /** Epoch milliseconds of the newest possible event, fixed by the first run. */
  readonly end: number;
  readonly nullSessionShare: number | null;
  readonly largestShare: number | null;
}

export interface SeedState {
  readonly key: StreamKey;
  /** UUID of the table the events went into: a table created again since holds none of them. */
  readonly table: string;
  /** Events of the stream inserted so far, from its start. */
  readonly events: number;
  /** Events `[from, to)` were being inserted: a resumed run inserts exactly these first (deduplicated if they made it). */
  readonly inFlight?: { readonly from: number; readonly to: number };
}

const STATE_FILE = "seed-state.json";

export async function readSeedState(dataDir: string): Promise<SeedState | undefined> {
  const text = await readFile(join(dataDir, STATE_FILE), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as SeedState;
  } catch {
    return undefined;
  }
}

/** Written to a temporary file and renamed, so an interrupted run never leaves half a file. */
export async function writeSeedState(dataDir: string, state: SeedState): Promise<void> {
  const path = join(dataDir, STATE_FILE);
  await writeFile(`${path}.tmp`, `${JSON.stringify(state)}\n`);
  await rename(`${path}.tmp`, path);
}

/**
 * The live process holding a chdb directory, if any. chdb writes `PID: n` to `status` and
 * locks it while open, and removes it on close; a file left by a crash names a dead process.
 */
export async function chdbHolder(chdbDir: string): Promise<number | undefined> {
  const text = await readFile(join(chdbDir, "status"), "utf8").catch(() => "");
  const pid = Number(/^PID: (\d+)/m.exec(text)?.[1]);
  if (!pid || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    // EPERM: alive, but another user's.
    return (err as NodeJS.ErrnoException).code === "EPERM" ? pid : undefined;
  }
}
