/**
 * ClickHouse's own BACKUP and RESTORE of the whole database to a directory (`File` backup
 * engine): parts are copied as they are, with checksums; with a base, only the parts the
 * base lacks are written, and RESTORE follows the chain of bases itself.
 */
import { quoteIdent, quoteString } from "./ddl.ts";

export function backupDatabaseSql(database: string, path: string, base?: string): string {
  const settings = base === undefined ? "" : ` SETTINGS base_backup = File(${quoteString(base)})`;
  return `BACKUP DATABASE ${quoteIdent(database)} TO File(${quoteString(path)})${settings}`;
}

export function restoreDatabaseSql(database: string, path: string): string {
  return `RESTORE DATABASE ${quoteIdent(database)} FROM File(${quoteString(path)})`;
}

/** The tables of the engine's database: a restore goes only where there are none. */
export function databaseTablesSql(): string {
  return "SELECT name FROM system.tables WHERE database = currentDatabase()";
}

/** After a restore replaced the session's database (chdb's session keeps the dropped one current). */
export function useDatabaseSql(database: string): string {
  return `USE ${quoteIdent(database)}`;
}

export function dropDatabaseSql(database: string): string {
  return `DROP DATABASE IF EXISTS ${quoteIdent(database)} SYNC`;
}

/**
 * Rows per table, to record in a backup's manifest and compare after a restore: plain
 * MergeTree tables only, whose count background merges leave alone (an Aggregating or
 * Replacing table's count drops as its parts merge, before or after a restore), and not
 * `skipped` (the nodes' own state, emptied by a restore).
 */
export function tableRowsSql(skipped: readonly string[]): string {
  const others = skipped.length > 0 ? ` AND name NOT IN (${skipped.map(quoteString).join(", ")})` : "";
  return `SELECT name AS table, total_rows AS rows FROM system.tables WHERE database = currentDatabase() AND engine = 'MergeTree' AND NOT startsWith(name, '_aviary_copy_')${others} ORDER BY name`;
}

/** Empties a table if it exists. */
export function truncateIfExistsSql(table: string): string {
  return `TRUNCATE TABLE IF EXISTS ${quoteIdent(table)}`;
}
