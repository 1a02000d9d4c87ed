/**
 * `aviary backup --out DIR`: asks the running server for a backup into DIR (a folder of its
 * own; incremental after the first there) and waits for it. `aviary restore DIR --data-dir D`:
 * brings a backup back into a new data directory, with no server running on it, or, with
 * `--clickhouse-url`, into a ClickHouse server that does not hold the backup's database.
 */
import { resolve } from "node:path";
import { Command } from "commander";
import { buildConfig } from "../config.ts";
import type { BackupManifest } from "../data-ops/backup.ts";
import { restoreBackup, RestoreError } from "../data-ops/restore.ts";
import { followJob } from "./follow-job.ts";
import { serverAddress, serverOptions, type ServerFlags } from "./server-address.ts";

interface BackupFlags extends ServerFlags {
  out: string;
}

function describe(manifest: BackupManifest): string {
  const rows = Object.values(manifest.tables).reduce((sum, n) => sum + n, 0);
  const kind = manifest.base === null ? "full" : `incremental on ${manifest.base}`;
  return `${manifest.name} (${kind}): ${rows} rows in ${Object.keys(manifest.tables).length} plain tables (datasources, quarantines, state), and every view`;
}

async function backup(flags: BackupFlags): Promise<void> {
  const { url, token } = await serverAddress("backup", flags);
  const out = resolve(flags.out);
  const job = await followJob("backup", url, token, "/v0/backups", new URLSearchParams({ out }));
  const manifest = job.backup as BackupManifest;
  console.log(`backup ${describe(manifest)} in ${out}, ${manifest.seconds} s`);
}

async function restore(path: string, flags: { dataDir?: string; clickhouseUrl?: string }): Promise<void> {
  const { dataDir, clickhouseUrl } = buildConfig({ dataDir: flags.dataDir, clickhouseUrl: flags.clickhouseUrl }, process.env, false);
  try {
    const manifest = await restoreBackup(path, { dataDir, clickhouseUrl });
    const where = clickhouseUrl ? `the ClickHouse server at ${new URL(clickhouseUrl).host}` : dataDir;
    console.log(`restored ${describe(manifest)} into ${where}; start a server on it: npx aviary start --data-dir ${dataDir}${clickhouseUrl ? ` --clickhouse-url ${clickhouseUrl}` : ""}`);
  } catch (err) {
    console.error(`aviary restore: ${(err as Error).message}`);
    process.exit(err instanceof RestoreError ? 2 : 1);
  }
}

export function backupCommand(): Command {
  return serverOptions(new Command("backup"))
    .description("back up a running server (the embedded engine, or a single ClickHouse server): every table at one instant, plus its workspace, tokens and builds; incremental after the first backup in the same directory")
    .requiredOption("--out <dir>", "the backup directory (each backup goes into a folder of its own there)")
    .action((flags: BackupFlags) => backup(flags));
}

export function restoreCommand(): Command {
  return new Command("restore")
    .description("restore a backup (a backup's folder, or the latest in a backup directory) into a new data directory, or into a ClickHouse server that does not hold its database")
    .argument("<dir>", "the backup, or the backup directory")
    .option("--data-dir <dir>", "the new data directory (AVIARY_DATA_DIR); it must not hold a server's data")
    .option("--clickhouse-url <url>", "restore into this ClickHouse server instead (AVIARY_CLICKHOUSE_URL); the backup directory must be where the server wrote it, on its machine")
    .action((path: string, flags: { dataDir?: string; clickhouseUrl?: string }) => restore(path, flags));
}
