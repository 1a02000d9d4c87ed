/**
 * The statements deploy runs, in two dialects that deploy.ts plans with alike: one server
 * (chdb or a ClickHouse server), and a cluster (`--clickhouse-cluster`), where each
 * datasource is a shard-local Replicated table plus a Distributed table of its name
 * (cluster-ddl.ts). Each list is in the order it must run: what holds rows before what
 * reads them when creating, the reverse when dropping.
 */
import type { Column, Datasource } from "../project/model.ts";
import { createClusterViewSql, createDistributedSql, createLocalTableSql, createQuarantineSqls, distributedColumns, localTableName, onCluster, type ClusterTarget } from "./cluster-ddl.ts";
import { createMaterializedViewSql, createQuarantineSql, createTableSql, quarantineTableName, quoteIdent } from "./ddl.ts";
import { inPlaceChanges } from "./table-change.ts";

export interface DeployDialect {
  /** What deploy records for a datasource and compares with at the next deploy. */
  tableRecord(ds: Datasource, columns: readonly Column[]): string;
  createTable(ds: Datasource, columns: readonly Column[]): string[];
  /** The ALTERs from the recorded CREATE to the new one, or undefined when the data must be rewritten. */
  changeTable(before: string, after: string, ds: Datasource, columns: readonly Column[]): string[] | undefined;
  dropTable(name: string): string[];
  /** The view's CREATE, which deploy also records. */
  createView(name: string, target: string, select: string): string;
  dropView(name: string): string;
}

function ifNotExists(ddl: string): string {
  return ddl.replace(/^CREATE TABLE /, "CREATE TABLE IF NOT EXISTS ");
}

/** Datasources read through JSONPaths get a quarantine table for the rows that do not fit. */
const hasQuarantine = (columns: readonly Column[]): boolean => columns.some((c) => c.jsonPath !== undefined);

export const singleServer: DeployDialect = {
  tableRecord: (ds, columns) => createTableSql(ds, columns),
  createTable: (ds, columns) => [ifNotExists(createTableSql(ds, columns)), ...(hasQuarantine(columns) ? [ifNotExists(createQuarantineSql({ ...ds, columns }))] : [])],
  changeTable: (before, after, ds, columns) => inPlaceChanges(before, after, ds.name, columns),
  dropTable: (name) => [`DROP TABLE IF EXISTS ${quoteIdent(name)}`, `DROP TABLE IF EXISTS ${quoteIdent(quarantineTableName(name))}`],
  createView: (name, target, select) => createMaterializedViewSql(name, target, select),
  dropView: (name) => `DROP VIEW IF EXISTS ${quoteIdent(name)}`,
};

export interface ClusterDialectOptions extends ClusterTarget {
  /** The Distributed table's sharding key for a datasource with these columns (sharding-key.ts). */
  readonly shardingKey: (ds: Datasource, columns: readonly Column[]) => string;
  /** Every datasource of the project: the names a view's query reads shard-local. */
  readonly datasources: ReadonlySet<string>;
}

export function clusterDialect(options: ClusterDialectOptions): DeployDialect {
  const cluster: ClusterTarget = { name: options.name, database: options.database };
  // SYNC: a Replicated table leaves Keeper at once, so creating it again at the same path works.
  const drop = (table: string) => `DROP TABLE IF EXISTS ${quoteIdent(table)}${onCluster(cluster)} SYNC`;
  return {
    tableRecord: (ds, columns) => createLocalTableSql(ds, columns, cluster),
    createTable: (ds, columns) => [
      ifNotExists(createLocalTableSql(ds, columns, cluster)),
      ifNotExists(createDistributedSql(ds.name, distributedColumns(columns), cluster, options.shardingKey(ds, columns))),
      ...(hasQuarantine(columns) ? createQuarantineSqls({ ...ds, columns }, cluster).map(ifNotExists) : []),
    ],
    changeTable: (before, after, ds, columns) => inPlaceChanges(before, after, ds.name, columns, cluster),
    dropTable: (name) => [name, quarantineTableName(name)].flatMap((table) => [drop(table), drop(localTableName(table))]),
    createView: (name, target, select) => createClusterViewSql(name, target, select, cluster, options.datasources),
    dropView: (name) => `DROP VIEW IF EXISTS ${quoteIdent(name)}${onCluster(cluster)}`,
  };
}
