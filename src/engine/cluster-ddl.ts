/**
 * Cluster mode (`--clickhouse-cluster NAME`): every datasource is two tables on every
 * node. `<name>_local` holds the shard's rows in the Replicated form of the declared
 * engine; `<name>` is a Distributed table over all shards, so pipes, datafiles and
 * `/v0/sql`, which read `<name>`, see every row and never name a shard. Ingest writes
 * `<name>` too and ClickHouse routes each row by the sharding key (sharding-key.ts).
 * Pure functions from model values to SQL text, like ddl.ts; every statement runs ON CLUSTER.
 */
import type { Column, Datasource } from "../project/model.ts";
import { columnDefinition, createMaterializedViewSql, engineClause, QUARANTINE_KEYS, quarantineColumns, quarantineTableName, quoteIdent, quoteString, tableDefinitions, tableSql } from "./ddl.ts";
import { replaceReads } from "./sql-scan.ts";

export interface ClusterTarget {
  /** The cluster's name in the servers' `remote_servers`. */
  readonly name: string;
  /** The database every table lives in, the same on every node. */
  readonly database: string;
}

export const localTableName = (table: string): string => `${table}_local`;

export const onCluster = (cluster: ClusterTarget): string => ` ON CLUSTER ${quoteIdent(cluster.name)}`;

/**
 * Replicated tables keep insert tokens in Keeper, shared by a shard's replicas, so a retry
 * that reaches another replica is still recognised. Both bounds are explicit: the default
 * of 3600 s (ClickHouse 26.7) is shorter than a node may stay down with a log to replay.
 */
export const REPLICATED_DEDUP_SETTINGS = ["replicated_deduplication_window = 10000", "replicated_deduplication_window_seconds = 604800"] as const;

/** One Keeper path per shard and table; `{shard}`, `{database}` and `{replica}` are expanded by each server. */
function replication(table: string) {
  return { path: `/clickhouse/tables/{shard}/{database}/${table}`, replica: "{replica}" };
}

/** The shard-local table: what deploy records and compares, as it records the one table on a single server. */
export function createLocalTableSql(ds: Datasource, columns: readonly Column[], cluster: ClusterTarget): string {
  const local = localTableName(ds.name);
  // A Null table keeps nothing: no Replicated form, no dedup log; its views still run on the shard.
  const engine = ds.engine.type === "Null" ? engineClause(ds.engine) : engineClause(ds.engine, REPLICATED_DEDUP_SETTINGS, replication(local));
  return tableSql(`${quoteIdent(local)}${onCluster(cluster)}`, tableDefinitions(ds, columns), engine);
}

/**
 * The Distributed table of the datasource's name. Its columns carry the defaults (an insert
 * that leaves a column out is completed here, before rows are routed) but no codecs or
 * indexes: it stores nothing.
 */
export function createDistributedSql(table: string, columns: readonly string[], cluster: ClusterTarget, shardingKey: string): string {
  const args = [quoteString(cluster.name), quoteString(cluster.database), quoteString(localTableName(table)), shardingKey];
  return tableSql(`${quoteIdent(table)}${onCluster(cluster)}`, columns, `ENGINE = Distributed(${args.join(", ")})`);
}

export function distributedColumns(columns: readonly Column[]): string[] {
  return columns.map((c) => columnDefinition({ ...c, codec: undefined }));
}

/**
 * The quarantine's two tables. Rows are placed by their error, a function of the row, so a
 * retried flush sends each shard the rows it sent before and the insert token holds there.
 */
export function createQuarantineSqls(ds: Datasource, cluster: ClusterTarget): [string, string] {
  const table = quarantineTableName(ds.name);
  const local = localTableName(table);
  const engine = `ENGINE = ReplicatedMergeTree(${quoteString(replication(local).path)}, '{replica}')\n${QUARANTINE_KEYS}\nSETTINGS ${REPLICATED_DEDUP_SETTINGS.join(", ")}`;
  return [tableSql(`${quoteIdent(local)}${onCluster(cluster)}`, quarantineColumns(ds), engine), createDistributedSql(table, quarantineColumns(ds), cluster, "cityHash64(c__error)")];
}

/**
 * A materialized view on every node, reading the shard-local tables and writing the
 * shard-local target: each shard aggregates the rows it holds, once (the replica an insert
 * reaches runs the view; the other replicas fetch the result, they do not run it again).
 */
export function createClusterViewSql(name: string, target: string, select: string, cluster: ClusterTarget, datasources: ReadonlySet<string>): string {
  return createMaterializedViewSql(name, localTableName(target), readLocalTables(select, datasources), onCluster(cluster));
}

/** `select` with every datasource it reads (FROM or JOIN, subqueries included) replaced by its shard-local table. */
export function readLocalTables(select: string, datasources: ReadonlySet<string>): string {
  return replaceReads(select, datasources, (name) => quoteIdent(localTableName(name)));
}
