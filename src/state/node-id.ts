/**
 * This node's id: random, made at first start and kept in the data directory (`node-id`),
 * which is the node's own (its write-ahead log is there too). It survives restarts and a
 * recreated container with the same volume, so a node finds what it left behind after a
 * crash, e.g. its copy staging tables, among other nodes' that may be in use.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

const FILE = "node-id";
/** Goes into table names: 12 lowercase hex digits. */
const SHAPE = /^[0-9a-f]{12}$/;

export async function nodeId(dataDir: string): Promise<string> {
  const path = join(dataDir, FILE);
  const kept = await readFile(path, "utf8").then((text) => text.trim(), () => undefined);
  if (kept !== undefined && SHAPE.test(kept)) return kept;
  const made = randomBytes(6).toString("hex");
  await mkdir(dataDir, { recursive: true });
  await writeFile(path, `${made}\n`);
  return made;
}
