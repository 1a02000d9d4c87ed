/**
 * The statements a copy job runs. The pipe's result first fills a staging table with the
 * target's columns (`CREATE TABLE … AS`), so a failing query leaves the target untouched; then `append` inserts the staged rows into the target in one statement (its
 * materialized views see them as any insert), and `replace` swaps the two tables with
 * `EXCHANGE TABLES`, atomic in ClickHouse's Atomic database engine: a reader sees the old
 * rows or the new ones, never a half-filled table. Views that read the target follow its
 * name, not the table, so they keep firing after the swap (checked with chdb 3.4).
 */
import { quoteIdent } from "./ddl.ts";

/** Staging tables carry this prefix, so leftovers of a crash can be found and dropped. */
export const STAGING_PREFIX = "_aviary_copy_";

const bare = (text: string) => text.replace(/[^a-zA-Z0-9]/g, "");
const stagingPrefix = (node: string) => `${STAGING_PREFIX}${bare(node)}_`;

/** The node's id (state/node-id.ts) is in the name: a node drops its own leftovers, never another node's table in use. */
export function stagingTable(node: string, jobId: string): string {
  return `${stagingPrefix(node)}${bare(jobId)}`;
}

/**
 * `replace` stages into an exact copy of the target, which becomes the target. `append`
 * stages into a plain MergeTree with the target's columns: nothing merges away there
 * before the count, and a Null-engine target's views still get the rows.
 */
export function createStagingSql(staging: string, target: string, mode: "append" | "replace"): string {
  const engine = mode === "append" ? " ENGINE = MergeTree ORDER BY tuple()" : "";
  return `CREATE TABLE ${quoteIdent(staging)} AS ${quoteIdent(target)}${engine}`;
}

/** The result's columns, so the insert matches them by name, not by position. */
export function describeSql(select: string): string {
  return `DESCRIBE (${select})`;
}

export function fillStagingSql(staging: string, columns: readonly string[], select: string): string {
  return `INSERT INTO ${quoteIdent(staging)} (${columns.map(quoteIdent).join(", ")})\n${select}`;
}

/** Rows and bytes staged: what the copy writes. */
export function stagedSizeSql(staging: string): string {
  return `SELECT sum(rows) AS rows, sum(data_uncompressed_bytes) AS bytes FROM system.parts WHERE database = currentDatabase() AND table = '${staging.replace(/'/g, "\\'")}' AND active`;
}

/** One statement; run with the job's `insert_deduplication_token`, a replay of it inserts nothing twice. */
export function appendStagedSql(target: string, staging: string): string {
  return `INSERT INTO ${quoteIdent(target)} SELECT * FROM ${quoteIdent(staging)}`;
}

export function exchangeSql(target: string, staging: string): string {
  return `EXCHANGE TABLES ${quoteIdent(target)} AND ${quoteIdent(staging)}`;
}

export function dropStagingSql(staging: string): string {
  return `DROP TABLE IF EXISTS ${quoteIdent(staging)} SYNC`;
}

export function leftoverStagingSql(node: string): string {
  return `SELECT name FROM system.tables WHERE database = currentDatabase() AND startsWith(name, '${stagingPrefix(node)}')`;
}
