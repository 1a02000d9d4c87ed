/**
 * Where the write-ahead log lives: `<dataDir>/wal/<datasource>/<id>.wal`. A segment id
 * is the creation time, a per-process counter and random bytes, so ids sort in
 * creation order and are never reused: they seed ClickHouse's insert deduplication
 * tokens, and a reused id would make ClickHouse drop new rows as repeats.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { decodeRecords, type DecodedSegment } from "./record.ts";

const EXTENSION = ".wal";
let counter = 0;

export function walDirectory(dataDir: string, datasource: string): string {
  return join(dataDir, "wal", datasource);
}

export function newSegmentId(): string {
  counter = (counter + 1) % 1_000_000;
  return `${String(Date.now()).padStart(13, "0")}-${String(counter).padStart(6, "0")}-${randomBytes(4).toString("hex")}`;
}

export function segmentPath(dir: string, id: string): string {
  return join(dir, `${id}${EXTENSION}`);
}

/** Ids of the segments in a directory, oldest first; none when it does not exist. */
export async function listSegments(dir: string): Promise<string[]> {
  try {
    const names = await readdir(dir);
    return names.filter((n) => n.endsWith(EXTENSION)).map((n) => n.slice(0, -EXTENSION.length)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
}

/** Datasources that have a log directory, whether or not they are still in the project. */
export async function listLogDirectories(dataDir: string): Promise<string[]> {
  try {
    return (await readdir(join(dataDir, "wal"), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
}

export async function readSegment(path: string): Promise<DecodedSegment> {
  try {
    return decodeRecords(await readFile(path));
  } catch (err) {
    // A segment whose file was never created holds nothing.
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { file: Buffer.alloc(0), records: [], tornBytes: 0 };
    throw err;
  }
}

/** Creates a log directory and syncs its parents, so the directory itself survives a power loss. */
export async function ensureDirectory(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true });
  if (created === undefined) return;
  for (let d = dir; d.length >= created.length; d = dirname(d)) await syncDirectory(dirname(d));
}

/** fsync of a directory: makes a file created in it survive a power loss, not just its contents. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
