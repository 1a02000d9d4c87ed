/**
 * `<data-dir>/server.json`: which process serves a data directory, and at what address.
 * Written once the server listens, removed when it stops. A second `aviary start` on the
 * same directory names the process in its way; `aviary seed` finds the server to send to.
 */
import { readFileSync, unlinkSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { chdbHolder } from "../seed/seed-state.ts";
import { chdbDir } from "../engine/open-engine.ts";

export interface ServerFile {
  readonly pid: number;
  readonly url: string;
  readonly startedAt: string;
}

const FILE = "server.json";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive, but another user's.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The server that holds `dataDir` now; a file left by a process that died (kill -9) names nobody. */
export async function runningServer(dataDir: string): Promise<ServerFile | undefined> {
  const text = await readFile(join(dataDir, FILE), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const file = JSON.parse(text) as ServerFile;
    return Number.isInteger(file.pid) && file.pid !== process.pid && isAlive(file.pid) ? file : undefined;
  } catch {
    return undefined;
  }
}

export async function writeServerFile(dataDir: string, url: string): Promise<void> {
  const file: ServerFile = { pid: process.pid, url, startedAt: new Date().toISOString() };
  const tmp = join(dataDir, `${FILE}.${process.pid}.tmp`);
  await writeFile(tmp, `${JSON.stringify(file, null, 2)}\n`);
  await rename(tmp, join(dataDir, FILE));
}

/** Synchronous, so it also runs from a process `exit` handler; leaves another process's file alone. */
export function removeServerFile(dataDir: string): void {
  const path = join(dataDir, FILE);
  try {
    if ((JSON.parse(readFileSync(path, "utf8")) as ServerFile).pid === process.pid) unlinkSync(path);
  } catch {
    // Already gone, or not ours to remove.
  }
}

/** Who holds the data directory, in words, or undefined when nobody does. */
export async function dataDirHolder(dataDir: string): Promise<string | undefined> {
  const server = await runningServer(dataDir);
  if (server) return `the Aviary server at ${server.url} (pid ${server.pid})`;
  const pid = await chdbHolder(chdbDir(dataDir));
  return pid === undefined ? undefined : `process ${pid}`;
}
