/**
 * A non-replicated MergeTree with a deduplication window keeps each inserted block's id in
 * `deduplication_logs/deduplication_log_N.txt` (one `op<TAB>part<TAB>block id` line per
 * block; op 1 adds, 2 drops). ClickHouse writes that line before it renames the block's
 * part into place, so a process killed between the two leaves the id of a part that
 * never existed. The write-ahead log then replays the block with the same token and
 * ClickHouse drops it as a repeat: acknowledged rows lost from the table, or from one of
 * its views (seen in the SIGKILL test: a view one block short of its table).
 *
 * Before chdb opens a data directory, each log keeps only the lines whose block some part
 * on disk holds (the part itself, or a merge of it); a part that was detached or never
 * renamed into place holds nothing. A replay can then add those rows once, as it should.
 * A ClickHouse server is not touched: replicated tables commit the block id together with
 * the part, and a server's own crashes are its own.
 */
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The lines dropped from one table's log. */
export interface DedupLogRepair {
  readonly table: string;
  readonly dropped: readonly string[];
}

interface BlockRange {
  readonly partition: string;
  readonly min: number;
  readonly max: number;
}

const LOG_DIR = "deduplication_logs";
const LOG_FILE = /^deduplication_log_\d+\.txt$/;
const RECORD = /^([12])\t([^\t\n]+)\t([^\t\n]+)$/;

/** `partition_min_max_level[_mutation]`; a partition id holds no underscore. */
function blockRange(partName: string): BlockRange | undefined {
  const fields = partName.split("_");
  if (fields.length !== 4 && fields.length !== 5) return undefined;
  const [partition, min, max] = fields as [string, string, string];
  if (!/^\d+$/.test(min) || !/^\d+$/.test(max)) return undefined;
  return { partition, min: Number(min), max: Number(max) };
}

function listDir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT" || (err as NodeJS.ErrnoException).code === "ENOTDIR") return [];
    throw err;
  }
}

/** Replaces a file's content so that a crash leaves either the old or the new one. */
function replaceFile(path: string, content: string, scratch: string): void {
  writeFileSync(scratch, content);
  const file = openSync(scratch, "r+");
  try {
    fsyncSync(file);
  } finally {
    closeSync(file);
  }
  renameSync(scratch, path);
}

function repairTable(tableDir: string, scratch: string): string[] {
  const logDir = join(tableDir, LOG_DIR);
  const logs = listDir(logDir).filter((name) => LOG_FILE.test(name));
  if (logs.length === 0) return [];
  const parts = listDir(tableDir).map(blockRange).filter((r): r is BlockRange => r !== undefined);
  const held = (part: string): boolean => {
    const block = blockRange(part);
    return block !== undefined && parts.some((p) => p.partition === block.partition && p.min <= block.min && p.max >= block.max);
  };
  const dropped: string[] = [];
  for (const name of logs) {
    const path = join(logDir, name);
    const kept: string[] = [];
    const before = dropped.length;
    for (const line of readFileSync(path, "utf8").split("\n")) {
      if (line === "") continue;
      const record = RECORD.exec(line);
      // A line cut short by the kill goes too: ClickHouse would stop reading the log at it.
      if (record !== null && (record[1] === "2" || held(record[2]!))) kept.push(line);
      else dropped.push(line);
    }
    if (dropped.length > before) replaceFile(path, kept.map((line) => `${line}\n`).join(""), scratch);
  }
  return dropped;
}

/** Repairs every table of an embedded data directory (Atomic databases keep tables under `store/`). */
export function repairDeduplicationLogs(chdbDir: string): DedupLogRepair[] {
  const scratch = join(chdbDir, ".aviary-deduplication-log.tmp");
  const repairs: DedupLogRepair[] = [];
  const store = join(chdbDir, "store");
  for (const prefix of listDir(store)) {
    for (const table of listDir(join(store, prefix))) {
      const dropped = repairTable(join(store, prefix, table), scratch);
      if (dropped.length > 0) repairs.push({ table: join("store", prefix, table), dropped });
    }
  }
  return repairs;
}
