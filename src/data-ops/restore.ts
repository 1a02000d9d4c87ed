/**
 * `aviary restore`: a backup made by `aviary backup` brought back, for a server to start on:
 * into a new data directory (embedded engine), or into a ClickHouse server that does not hold
 * the backup's database. ClickHouse restores the database (following the chain of
 * incremental bases itself); the workspace, tokens and builds are copied in (a ClickHouse
 * server's are in its database already). Every table's row count is checked against the
 * backup's manifest before the restore is called done.
 */
import { cp, rm, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { databaseTablesSql, dropDatabaseSql, restoreDatabaseSql, tableRowsSql, truncateIfExistsSql, useDatabaseSql } from "../engine/backup-sql.ts";
import { EngineError, execute, queryRows, type Engine } from "../engine/engine.ts";
import { chdbDir, openEngine } from "../engine/open-engine.ts";
import { NODE_STATE_TABLES } from "../state/state-tables.ts";
import { listBackups, readManifest, STATE_FILES, type BackupManifest } from "./backup.ts";

export class RestoreError extends Error {}

/** A backup's own folder, or the latest backup in a backup directory. */
async function backupFolder(path: string): Promise<string> {
  const dir = resolve(path);
  if (await stat(join(dir, "manifest.json")).catch(() => undefined)) return dir;
  const latest = (await listBackups(dir)).at(-1);
  if (!latest) throw new RestoreError(`${dir} holds no backup made by aviary backup (no manifest.json in it or in a folder of it)`);
  return join(dir, latest.name);
}

/** Where a backup goes: a new data directory, or, with `clickhouseUrl`, that server (and this node's data directory). */
export interface RestoreTarget {
  readonly dataDir: string;
  readonly clickhouseUrl?: string;
}

/** A restore never replaces what a server has: the data directory must be new (before chdb opens it, which creates it). */
async function checkDataDirIsNew(dataDir: string): Promise<void> {
  for (const existing of ["chdb", "workspace.json"]) {
    if (await stat(join(dataDir, existing)).catch(() => undefined)) {
      throw new RestoreError(`${join(dataDir, existing)} exists: restore into a new data directory, never over a server's data`);
    }
  }
}

/** …and a ClickHouse server must not hold the database (opening the engine creates it empty). */
async function checkDatabaseIsNew(engine: Engine, url: string, database: string): Promise<void> {
  const tables = await queryRows<{ name: string }>(engine, databaseTablesSql());
  if (tables.length > 0) {
    throw new RestoreError(`the database ${database} on ${new URL(url).host} holds ${tables.length} tables: restore into a ClickHouse server without it, never over a server's data`);
  }
}

export async function restoreBackup(path: string, target: RestoreTarget): Promise<BackupManifest> {
  const folder = await backupFolder(path);
  const manifest = await readManifest(folder);
  // A backup is read as written by aviary backup; a name that is not one is a tampered manifest.
  if (typeof manifest.database !== "string" || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(manifest.database)) {
    throw new RestoreError(`${join(folder, "manifest.json")} names the database ${JSON.stringify(manifest.database)}, which aviary backup never writes: refusing a tampered backup`);
  }
  const url = target.clickhouseUrl;
  if (!url) await checkDataDirIsNew(target.dataDir);
  const engine = await openEngine({ dataDir: target.dataDir, clickhouseUrl: url, database: manifest.database });
  if (url) {
    await checkDatabaseIsNew(engine, url, manifest.database).catch(async (err: unknown) => {
      await engine.close();
      throw err;
    });
  }
  try {
    // chdb's session made the database as it opened; a server's empty one is restored into (its client names it in every request).
    if (!url) await execute(engine, dropDatabaseSql(manifest.database));
    await execute(engine, restoreDatabaseSql(manifest.database, join(folder, "data"))).catch((err: unknown) => {
      if (!(err instanceof EngineError && err.type === "BACKUP_NOT_FOUND")) throw err;
      const base = manifest.base === null ? "" : ` (it adds to ${manifest.base}, which it names by its absolute path)`;
      throw new RestoreError(`a backup of this chain is not where it was made${base}: put the backup directory back where \`aviary backup\` wrote it, then restore again. ClickHouse said: ${err.message}`);
    });
    if (engine.kind === "chdb") await execute(engine, useDatabaseSql(manifest.database));
    // A hold taken for this very backup would pause the restored server's nodes until it expired.
    for (const table of NODE_STATE_TABLES) await execute(engine, truncateIfExistsSql(table));
    const rows = new Map((await queryRows<{ table: string; rows: string | number }>(engine, tableRowsSql(NODE_STATE_TABLES))).map((r) => [r.table, Number(r.rows)]));
    const differ = Object.entries(manifest.tables).filter(([table, n]) => rows.get(table) !== n);
    if (differ.length > 0) throw new RestoreError(`restored tables differ from the backup: ${differ.map(([t, n]) => `${t} ${rows.get(t) ?? "missing"} rows, backed up ${n}`).join("; ")}`);
  } catch (err) {
    // Nothing was served from it: leave the target as new, so the restore can be run again.
    if (url) await execute(engine, dropDatabaseSql(manifest.database)).catch(() => undefined);
    await engine.close();
    if (!url) await rm(chdbDir(target.dataDir), { recursive: true, force: true });
    throw err;
  }
  await engine.close();
  for (const file of STATE_FILES) {
    await cp(join(folder, "state", file), join(target.dataDir, file), { recursive: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "ENOENT") throw err;
    });
  }
  return manifest;
}
