/**
 * `aviary restore`: a backup made by `aviary backup` brought back into a new data directory,
 * for a server to start on. ClickHouse restores the database (following the chain of
 * incremental bases itself); the workspace, tokens and builds are copied in. Every table's
 * row count is checked against the backup's manifest before the restore is called done.
 */
import { cp, rm, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { dropDatabaseSql, restoreDatabaseSql, tableRowsSql, useDatabaseSql } from "../engine/backup-sql.ts";
import { EngineError, execute, queryRows } from "../engine/engine.ts";
import { openEngine } from "../engine/open-engine.ts";
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

export async function restoreBackup(path: string, dataDir: string): Promise<BackupManifest> {
  const folder = await backupFolder(path);
  const manifest = await readManifest(folder);
  // A backup is read as written by aviary backup; a name that is not one is a tampered manifest.
  if (typeof manifest.database !== "string" || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(manifest.database)) {
    throw new RestoreError(`${join(folder, "manifest.json")} names the database ${JSON.stringify(manifest.database)}, which aviary backup never writes: refusing a tampered backup`);
  }
  for (const existing of ["chdb", "workspace.json"]) {
    if (await stat(join(dataDir, existing)).catch(() => undefined)) {
      throw new RestoreError(`${join(dataDir, existing)} exists: restore into a new data directory, never over a server's data`);
    }
  }
  const engine = await openEngine({ dataDir, database: manifest.database });
  try {
    await execute(engine, dropDatabaseSql(manifest.database));
    await execute(engine, restoreDatabaseSql(manifest.database, join(folder, "data"))).catch((err: unknown) => {
      if (!(err instanceof EngineError && err.type === "BACKUP_NOT_FOUND")) throw err;
      const base = manifest.base === null ? "" : ` (it adds to ${manifest.base}, which it names by its absolute path)`;
      throw new RestoreError(`a backup of this chain is not where it was made${base}: put the backup directory back where \`aviary backup\` wrote it, then restore again. ClickHouse said: ${err.message}`);
    });
    await execute(engine, useDatabaseSql(manifest.database));
    const rows = new Map((await queryRows<{ table: string; rows: string | number }>(engine, tableRowsSql())).map((r) => [r.table, Number(r.rows)]));
    const differ = Object.entries(manifest.tables).filter(([table, n]) => rows.get(table) !== n);
    if (differ.length > 0) throw new RestoreError(`restored tables differ from the backup: ${differ.map(([t, n]) => `${t} ${rows.get(t) ?? "missing"} rows, backed up ${n}`).join("; ")}`);
  } catch (err) {
    // Nothing was served from it: leave the directory as new, so the restore can be run again.
    await engine.close();
    await rm(join(dataDir, "chdb"), { recursive: true, force: true });
    throw err;
  }
  await engine.close();
  for (const file of STATE_FILES) {
    await cp(join(folder, "state", file), join(dataDir, file), { recursive: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "ENOENT") throw err;
    });
  }
  return manifest;
}
