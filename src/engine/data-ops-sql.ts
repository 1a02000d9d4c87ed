/**
 * The statements of Tinybird's data operations (delete rows, truncate) and of recomputing
 * the views they touch. A deleted row cannot be subtracted from an aggregate state, so each
 * partition of a view's target that held some of its contribution is computed again from
 * the rows left: staged (`CREATE TABLE … AS target`), then swapped in with `REPLACE PARTITION`.
 */
import { quoteIdent, quoteString } from "./ddl.ts";

/** The condition on lines of its own: a `--` comment in it cannot swallow the closing parenthesis. */
export function whereCondition(condition: string): string {
  return `WHERE (\n${condition}\n)`;
}

/** The condition alone in a statement, for the checks to read (no function of ours beside its own). */
export function pickRowsSql(table: string, condition: string): string {
  return `SELECT 1 FROM ${quoteIdent(table)} ${whereCondition(condition)}`;
}

export function countWhereSql(table: string, condition: string): string {
  return `SELECT count() AS rows FROM ${quoteIdent(table)} ${whereCondition(condition)}`;
}

export function columnNamesSql(table: string): string {
  return `SELECT name FROM system.columns WHERE database = currentDatabase() AND table = ${quoteString(table)}`;
}

export function countRowsSql(table: string): string {
  return `SELECT count() AS rows FROM ${quoteIdent(table)}`;
}

/** Of these functions, those a delete condition may not call: not deterministic (each statement would pick other rows), aggregates, or changing how many rows there are (`arrayJoin`) or failing on purpose (`throwIf`). */
export function unfitFunctionsSql(names: readonly string[]): string {
  return `SELECT DISTINCT name, deterministic, is_aggregate FROM system.functions WHERE lower(name) IN (${names.map((n) => quoteString(n.toLowerCase())).join(", ")}) AND (ifNull(deterministic, 0) = 0 OR is_aggregate OR lower(name) IN ('arrayjoin', 'throwif'))`;
}

/** True for a row the condition picks; NULL picks nothing, as in a WHERE, so such a row is kept. */
function picked(condition: string): string {
  return `ifNull((\n${condition}\n), 0)`;
}

/** A table as it will be once swapped: its partitions other than `swapped`, and the staged ones (a view's query reads it in place of the table). */
export function createSwappedTableViewSql(name: string, target: string, staging: string, swapped: readonly string[]): string {
  const others = `SELECT * FROM ${quoteIdent(target)} WHERE _partition_id NOT IN (${swapped.map(quoteString).join(", ") || "''"})`;
  return `CREATE VIEW ${quoteIdent(name)} AS ${others}\nUNION ALL\nSELECT * FROM ${quoteIdent(staging)}`;
}

/** A mutation that rewrites the parts holding rows the condition picks, without them; `mutations_sync` makes it return once they are gone. */
export function deleteRowsSql(table: string, condition: string): string {
  return `ALTER TABLE ${quoteIdent(table)} DELETE WHERE ${picked(condition)}`;
}

export const DELETE_SETTINGS = { mutations_sync: 2 } as const;

/** Into `table`, the rows of `from` the condition picks (all of them without one). */
export function insertPickedSql(table: string, from: string, condition?: string): string {
  return `INSERT INTO ${quoteIdent(table)} SELECT * FROM ${quoteIdent(from)}${condition === undefined ? "" : ` WHERE ${picked(condition)}`}`;
}

/** The partitions of `table` holding rows the condition picks. */
export function partitionsHoldingSql(table: string, condition: string): string {
  return `SELECT DISTINCT _partition_id AS partition FROM ${quoteIdent(table)} WHERE ${picked(condition)}`;
}

/** The partition key as ClickHouse keeps it (empty: one partition, `all`), whether it reads an aggregated column, and whether the table keeps partitions at all (the MergeTree family). */
export function partitioningSql(table: string): string {
  return `SELECT
  (SELECT partition_key FROM system.tables WHERE database = currentDatabase() AND name = ${quoteString(table)}) AS partition_key,
  (SELECT countIf(is_in_partition_key AND match(type, '^(Simple)?AggregateFunction')) FROM system.columns WHERE database = currentDatabase() AND table = ${quoteString(table)}) AS aggregated_keys,
  (SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = ${quoteString(table)} AND endsWith(engine, 'MergeTree')) AS partitioned`;
}

function partitionIdExpr(partitionKey: string): string {
  return partitionKey.trim() === "" ? "'all'" : `partitionId(${partitionKey})`;
}

/** The partitions of the target that `select` (a view's query, or a table's rows) writes rows into. */
export function partitionsWrittenSql(select: string, partitionKey: string): string {
  return `SELECT DISTINCT ${partitionIdExpr(partitionKey)} AS partition FROM (${select})`;
}

/** 1 when `column` is one of the table's sorting key columns. */
export function sortingKeyHasSql(table: string, column: string): string {
  return `SELECT count() AS keyed FROM system.columns WHERE database = currentDatabase() AND table = ${quoteString(table)} AND name = ${quoteString(column)} AND is_in_sorting_key`;
}

/** Rows of a query that a condition picks, or (`outside`) that it does not. */
export function countPickedRowsSql(select: string, condition: string, outside = false): string {
  return `SELECT count() AS rows FROM (${select}) WHERE ${outside ? `NOT ${picked(condition)}` : `(\n${condition}\n)`}`;
}

/** How many tenants a table's rows belong to, and one of them. */
export function tenantsOfSql(table: string): string {
  return `SELECT uniqExact(tenant_id) AS tenants, any(tenant_id) AS tenant FROM ${quoteIdent(table)}`;
}

/** A plain view of the rows of `table` a condition picks. */
export function createPickedRowsViewSql(name: string, table: string, condition: string): string {
  return `CREATE VIEW ${quoteIdent(name)} AS SELECT * FROM ${quoteIdent(table)} WHERE ${picked(condition)}`;
}

/** A table's highest block number per partition (see lastBlocksSql). */
export function partitionBlocksSql(table: string): string {
  return `SELECT partition_id AS partition, max(max_block_number) AS block FROM system.parts WHERE database = currentDatabase() AND active AND table = ${quoteString(table)} GROUP BY partition_id`;
}

/**
 * One partition's rows, summed up so that two tables holding the same rows give the same
 * answer whatever their parts (order-free: a sum of each row's hash, in its binary form).
 */
export function partitionDigestSql(table: string, partition: string): string {
  return `SELECT count() AS rows, toString(sum(cityHash64(formatRow('RowBinary', *)))) AS digest FROM ${quoteIdent(table)} WHERE _partition_id = ${quoteString(partition)}`;
}

/** Each table's highest block number: every insert takes a new one, merges and swaps of partitions built before do not. */
export function lastBlocksSql(tables: readonly string[]): string {
  return `SELECT table, max(max_block_number) AS block FROM system.parts WHERE database = currentDatabase() AND active AND table IN (${tables.map(quoteString).join(", ")}) GROUP BY table`;
}

/** The partitions holding rows: a partition a mutation emptied keeps a part of none until ClickHouse clears it. */
export function partitionsOfTableSql(table: string): string {
  return `SELECT partition_id AS partition FROM system.parts WHERE database = currentDatabase() AND table = ${quoteString(table)} AND active GROUP BY partition_id HAVING sum(rows) > 0`;
}

/** A view's rows for some partitions of its target (all of them with `partitions` undefined), named as the target's columns. */
export function fillPartitionsSql(staging: string, columns: readonly string[], select: string, partitionKey: string, partitions: readonly string[] | undefined): string {
  const names = columns.map(quoteIdent).join(", ");
  const only = partitions === undefined ? "" : `\nWHERE ${partitionIdExpr(partitionKey)} IN (${partitions.map(quoteString).join(", ")})`;
  return `INSERT INTO ${quoteIdent(staging)} (${names})\nSELECT ${names} FROM (${select})${only}`;
}

export function replacePartitionSql(target: string, partition: string, staging: string): string {
  return `ALTER TABLE ${quoteIdent(target)} REPLACE PARTITION ID ${quoteString(partition)} FROM ${quoteIdent(staging)}`;
}

export function dropPartitionSql(target: string, partition: string): string {
  return `ALTER TABLE ${quoteIdent(target)} DROP PARTITION ID ${quoteString(partition)}`;
}

/**
 * The rows of one tenant, or of one of its domains. In the web analytics schema a row may
 * leave `domain` empty and the page it was sent from names the site (`payload`'s `href`, else
 * its `domain`), as the kit's views read it; with `payload` those rows are the domain's too.
 */
export function tenantCondition(tenant: string, domain?: string, hasPayload = false): string {
  const isTenant = `tenant_id = ${quoteString(tenant)}`;
  if (domain === undefined) return isTenant;
  const d = quoteString(domain);
  if (!hasPayload) return `${isTenant} AND domain = ${d}`;
  const href = "JSONExtractString(payload, 'href')";
  const host = `if(domainWithoutWWW(${href}) != '', domainWithoutWWW(${href}), URLHierarchy(${href})[1])`;
  return `${isTenant} AND (domain = ${d} OR (domain = '' AND multiIf(${host} != '', ${host}, JSONExtractString(payload, 'domain')) = ${d}))`;
}

/** Every table of the database with these columns (datasources, views' targets, quarantines), staging tables aside. */
export function tablesWithColumnsSql(columns: readonly string[]): string {
  return `SELECT table FROM system.columns WHERE database = currentDatabase() AND name IN (${columns.map(quoteString).join(", ")}) AND NOT startsWith(table, '_aviary_')
GROUP BY table HAVING count() = ${columns.length} ORDER BY table`;
}

/** Rows a condition picks, per day of `time`: an export's chunks are runs of days. */
export function rowsPerDaySql(table: string, time: string, condition: string): string {
  return `SELECT toString(toDate(${quoteIdent(time)})) AS day, count() AS rows FROM ${quoteIdent(table)} ${whereCondition(condition)} GROUP BY day ORDER BY day`;
}

/** The rows between two days (inclusive) when given; oldest first unless `ordered` is false. */
export function exportRowsSql(table: string, time: string, condition: string, options: { days?: { from: string; to: string }; ordered?: boolean }): string {
  const { days, ordered = true } = options;
  const between = days ? ` AND toDate(${quoteIdent(time)}) BETWEEN ${quoteString(days.from)} AND ${quoteString(days.to)}` : "";
  return `SELECT * FROM ${quoteIdent(table)} WHERE (${condition})${between}${ordered ? ` ORDER BY ${quoteIdent(time)}` : ""}`;
}
