/**
 * `aviary backup`: a consistent snapshot of a running embedded server in a folder of its own
 * under the backup directory. First every event acknowledged so far is inserted (so nothing
 * acknowledged before the backup started is missing), then, with writes held at the gate
 * (events keep being acknowledged into the write-ahead log), ClickHouse backs up the whole
 * database: every table and view at one instant. The workspace, tokens and saved builds are
 * copied beside it. A later backup into the same directory is incremental: its base is the
 * latest one there, and it writes only the parts that one lacks.
 */
import { cp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { backupDatabaseSql, tableRowsSql } from "../engine/backup-sql.ts";
import { execute, queryRows, type Engine } from "../engine/engine.ts";
import { errors } from "../errors.ts";
import { RETENTION_FILE } from "../state/file-retention.ts";
import { NODE_STATE_TABLES } from "../state/state-tables.ts";

/** What the data directory holds besides ClickHouse's data and the write-ahead log. */
export const STATE_FILES = ["workspace.json", "tokens.json", "build", RETENTION_FILE];
const MANIFEST = "manifest.json";

export interface BackupManifest {
  readonly format: 1;
  /** The backup's folder name under the backup directory. */
  readonly name: string;
  readonly createdAt: string;
  readonly database: string;
  /** The backup this one adds to, if incremental. */
  readonly base: string | null;
  readonly tables: Readonly<Record<string, number>>;
  readonly seconds: number;
}

export interface BackupDeps {
  /** Past the gate: the backup holds the writes itself. */
  readonly engine: Engine;
  /** Runs `work` with every write held (this node's, and other nodes' in front of the same server). */
  readonly alone: <T>(work: () => Promise<T>) => Promise<T>;
  /** Inserts every acknowledged event. */
  readonly flush: () => Promise<void>;
  readonly dataDir: string;
}

/** The backups in a directory, oldest first. */
export async function listBackups(dir: string): Promise<BackupManifest[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const manifests = await Promise.all(names.map((name) => readFile(join(dir, name, MANIFEST), "utf8").then((text) => JSON.parse(text) as BackupManifest, () => undefined)));
  return manifests.filter((m): m is BackupManifest => m !== undefined).sort((a, b) => (a.name < b.name ? -1 : 1));
}

export async function readManifest(folder: string): Promise<BackupManifest> {
  return JSON.parse(await readFile(join(folder, MANIFEST), "utf8")) as BackupManifest;
}

export async function takeBackup(deps: BackupDeps, out: string): Promise<BackupManifest> {
  const dir = resolve(out);
  const started = performance.now();
  const createdAt = new Date();
  const name = createdAt.toISOString().replace(/[:.]/g, "-");
  const base = (await listBackups(dir)).at(-1);
  const folder = join(dir, name);
  await mkdir(join(folder, "state"), { recursive: true }).catch((err: NodeJS.ErrnoException) => {
    throw errors.badRequest(`The backup cannot be written to ${dir}: ${err.code ?? ""} ${err.message}`);
  });
  await deps.flush();
  const tables = await deps.alone(async () => {
    await execute(deps.engine, backupDatabaseSql(deps.engine.database, join(folder, "data"), base && join(dir, base.name, "data")));
    // Under the gate still: the counts are those of the snapshot.
    const rows = await queryRows<{ table: string; rows: string | number }>(deps.engine, tableRowsSql(NODE_STATE_TABLES));
    return Object.fromEntries(rows.map((r) => [r.table, Number(r.rows)]));
  });
  for (const file of STATE_FILES) {
    await cp(join(deps.dataDir, file), join(folder, "state", file), { recursive: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "ENOENT") throw err;
    });
  }
  const manifest: BackupManifest = { format: 1, name, createdAt: createdAt.toISOString(), database: deps.engine.database, base: base?.name ?? null, tables, seconds: Math.round(performance.now() - started) / 1000 };
  // Written last: a folder without one is an interrupted backup, never taken as a base.
  await writeFile(join(folder, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
