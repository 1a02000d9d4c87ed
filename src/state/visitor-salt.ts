/**
 * The day's salt of visitor ids (src/ingest/visitor-ids.ts): random, one per UTC day,
 * replaced (so erased) by the next day's. Once a day's salt is gone, nobody, the operator
 * included, can tell which address and browser a visitor id of that day came from, since
 * trying every address needs the salt.
 */
import { randomBytes } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

export interface DaySalt {
  /** `YYYY-MM-DD`, UTC. */
  readonly day: string;
  readonly salt: string;
}

export const VISITOR_SALT_FILE = "visitor-salt.json";

export const newDaySalt = (day: string): DaySalt => ({ day, salt: randomBytes(32).toString("base64url") });

/** `<data-dir>/visitor-salt.json`, replaced whole (renamed into place) when the day changes. */
export async function fileVisitorSalt(dataDir: string, day: string): Promise<string> {
  const path = join(dataDir, VISITOR_SALT_FILE);
  const stored = await readFile(path, "utf8").then((text) => JSON.parse(text) as DaySalt, () => undefined);
  if (stored?.day === day) return stored.salt;
  const fresh = newDaySalt(day);
  await writeFile(`${path}.${process.pid}.tmp`, `${JSON.stringify(fresh)}\n`, { mode: 0o600 });
  await rename(`${path}.${process.pid}.tmp`, path);
  return fresh.salt;
}
