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

/**
 * The same count, with the condition computed on every row. A WHERE skips the granules the
 * primary key rules out, but a mutation computes the condition on every row of the parts it
 * rewrites: a condition that throws on some row (`throwIf`, a cast) fails here, before anything
 * is deleted, not in the mutation.
 */
export function countEveryRowSql(table: string, condition: string): string {
  return `SELECT countIf(picked) AS rows FROM (SELECT (\n${condition}\n) AS picked FROM ${quoteIdent(table)})`;
}

/** Mutations of these tables that never finished: one that failed blocks every later one until killed. */
export function killUnfinishedMutationsSql(tables: readonly string[]): string {
  return `KILL MUTATION WHERE database = currentDatabase() AND table IN (${tables.map(quoteString).join(", ")}) AND NOT is_done SYNC`;
}

/** Of these functions, those a delete condition may not call: not deterministic (each statement would pick other rows), or not allowed in a mutation. */
export function unfitFunctionsSql(names: readonly string[]): string {
  return `SELECT DISTINCT name, deterministic, is_aggregate FROM system.functions WHERE lower(name) IN (${names.map((n) => quoteString(n.toLowerCase())).join(", ")}) AND (deterministic = 0 OR is_aggregate OR lower(name) IN ('arrayjoin', 'throwif'))`;
}

/** A mutation that rewrites the parts holding matching rows; `mutations_sync` makes it return once they are gone. */
export function deleteRowsSql(table: string, condition: string): string {
  return `ALTER TABLE ${quoteIdent(table)} DELETE ${whereCondition(condition)}`;
}

export const DELETE_SETTINGS = { mutations_sync: 2 } as const;

export function truncateSql(table: string): string {
  return `TRUNCATE TABLE ${quoteIdent(table)} SYNC`;
}

/** The staged rows a condition picks (all of them without one), into the table they replace rows of. */
export function insertStagedSql(target: string, staging: string, condition?: string): string {
  return `INSERT INTO ${quoteIdent(target)} SELECT * FROM ${quoteIdent(staging)}${condition === undefined ? "" : ` ${whereCondition(condition)}`}`;
}

export function tableExistsSql(table: string): string {
  return `SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = ${quoteString(table)}`;
}

/** A plain view of the rows a condition picks: a view's query reads it in place of its source to learn which partitions they feed. */
export function createPickedRowsViewSql(name: string, table: string, condition: string): string {
  return `CREATE VIEW ${quoteIdent(name)} AS SELECT * FROM ${quoteIdent(table)} ${whereCondition(condition)}`;
}

/** The partition key as ClickHouse keeps it (empty: one partition, `all`), and whether it reads an aggregated column. */
export function partitioningSql(table: string): string {
  return `SELECT
  (SELECT partition_key FROM system.tables WHERE database = currentDatabase() AND name = ${quoteString(table)}) AS partition_key,
  (SELECT countIf(is_in_partition_key AND match(type, '^(Simple)?AggregateFunction')) FROM system.columns WHERE database = currentDatabase() AND table = ${quoteString(table)}) AS aggregated_keys`;
}

function partitionIdExpr(partitionKey: string): string {
  return partitionKey.trim() === "" ? "'all'" : `partitionId(${partitionKey})`;
}

/** The partitions of the target that `select` (a view's query) writes rows into. */
export function partitionsWrittenSql(select: string, partitionKey: string): string {
  return `SELECT DISTINCT ${partitionIdExpr(partitionKey)} AS partition FROM (${select})`;
}

/** 1 when `column` is one of the table's sorting key columns. */
export function sortingKeyHasSql(table: string, column: string): string {
  return `SELECT count() AS keyed FROM system.columns WHERE database = currentDatabase() AND table = ${quoteString(table)} AND name = ${quoteString(column)} AND is_in_sorting_key`;
}

/** Rows of a view's query that are not the tenant's. */
export function otherTenantsRowsSql(select: string, tenant: string): string {
  return `SELECT count() AS rows FROM (${select}) WHERE tenant_id != ${quoteString(tenant)}`;
}

export function partitionsOfTableSql(table: string): string {
  return `SELECT DISTINCT partition_id AS partition FROM system.parts WHERE database = currentDatabase() AND table = ${quoteString(table)} AND active`;
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
