/**
 * The day's salt of visitor ids (src/ingest/visitor-ids.ts): random, one per UTC day,
 * replaced (so erased) by the next day's. Once a day's salt is gone, nobody, the operator
 * included, can tell which address and browser a visitor id of that day came from, since
 * trying every address needs the salt.
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileDurably } from "./durable-file.ts";

export interface DaySalt {
  /** `YYYY-MM-DD`, UTC. */
  readonly day: string;
  readonly salt: string;
}

export const VISITOR_SALT_FILE = "visitor-salt.json";

export const newDaySalt = (day: string): DaySalt => ({ day, salt: randomBytes(32).toString("base64url") });

/** The file's salt, or undefined when it is missing or unreadable (a torn write): a new one is then made. */
async function readDaySalt(path: string): Promise<DaySalt | undefined> {
  try {
    const stored = JSON.parse(await readFile(path, "utf8")) as Partial<DaySalt>;
    return typeof stored.day === "string" && typeof stored.salt === "string" && stored.salt !== "" ? { day: stored.day, salt: stored.salt } : undefined;
  } catch {
    return undefined;
  }
}

/** `<data-dir>/visitor-salt.json`, replaced whole (synced, then renamed into place) when the day changes. */
export async function fileVisitorSalt(dataDir: string, day: string): Promise<string> {
  const path = join(dataDir, VISITOR_SALT_FILE);
  const stored = await readDaySalt(path);
  if (stored?.day === day) return stored.salt;
  const fresh = newDaySalt(day);
  await writeFileDurably(path, `${JSON.stringify(fresh)}\n`, 0o600);
  return fresh.salt;
}
