/**
 * The tables a ClickHouse server keeps Aviary's own state in, created before anything
 * else. On one server: MergeTree tables (one server sees a committed insert at once). In
 * a cluster, ON CLUSTER on every node: the small keyed state and the deploy lease in
 * KeeperMap (linearizable writes through Keeper, so every node reads one truth; the
 * servers need `keeper_map_path_prefix`), the builds in one Replicated table with a
 * replica on every node (its Keeper path has no `{shard}`).
 */
import { onCluster, type ClusterTarget } from "../engine/cluster-ddl.ts";
import { quoteString } from "../engine/ddl.ts";

/** Key → value (JSON): `workspace`, `deployed_version`, `started_version`, `token:<name>` ('' once removed). */
export const STATE_TABLE = "_aviary_state";
export const BUILDS_TABLE = "_aviary_builds";
export const LEASE_TABLE = "_aviary_lease";
/** One server only (write-holds.ts): cluster mode runs no data operation or backup. */
export const WRITE_HOLDS_TABLE = "_aviary_write_holds";
/**
 * What the nodes of one server say of themselves (heartbeats, holds, the deploy lease), not
 * data: a backup's copy would hold a restored server's nodes back for a dead node's hold.
 */
export const NODE_STATE_TABLES = [WRITE_HOLDS_TABLE, LEASE_TABLE] as const;

const STATE_COLUMNS = "(key String, value String, updated_at DateTime64(6) DEFAULT now64(6))";
const BUILDS_COLUMNS = "(id String, files String, built_at DateTime64(6) DEFAULT now64(6))";

export function stateTablesSql(database: string, cluster?: string): string[] {
  if (cluster === undefined) {
    return [
      `CREATE TABLE IF NOT EXISTS ${STATE_TABLE} ${STATE_COLUMNS} ENGINE = ReplacingMergeTree(updated_at) ORDER BY key`,
      `CREATE TABLE IF NOT EXISTS ${BUILDS_TABLE} ${BUILDS_COLUMNS} ENGINE = MergeTree ORDER BY built_at`,
      // Claims, not a lock: each attempt and each renewal is a row (deploy-lease.ts); old ones expire.
      `CREATE TABLE IF NOT EXISTS ${LEASE_TABLE} (name String, owner String, expires_at DateTime64(3), claimed_at DateTime64(6) DEFAULT now64(6)) ENGINE = MergeTree ORDER BY (name, claimed_at) TTL toDateTime(claimed_at) + INTERVAL 1 DAY`,
      // Heartbeats, holds, pauses and releases, each a timed row (write-holds.ts); old ones expire.
      `CREATE TABLE IF NOT EXISTS ${WRITE_HOLDS_TABLE} (hold String, node String, kind LowCardinality(String), expires_at DateTime64(3), at DateTime64(6) DEFAULT now64(6)) ENGINE = MergeTree ORDER BY (kind, at) TTL toDateTime(at) + INTERVAL 1 DAY`,
    ];
  }
  const on = onCluster({ name: cluster, database } satisfies ClusterTarget);
  const keeper = (table: string) => `ENGINE = KeeperMap(${quoteString(`/aviary/${database}/${table}`)})`;
  return [
    `CREATE TABLE IF NOT EXISTS ${STATE_TABLE}${on} ${STATE_COLUMNS} ${keeper(STATE_TABLE)} PRIMARY KEY key`,
    `CREATE TABLE IF NOT EXISTS ${BUILDS_TABLE}${on} ${BUILDS_COLUMNS} ENGINE = ReplicatedMergeTree('/clickhouse/tables/aviary-state/{database}/${BUILDS_TABLE}', '{replica}') ORDER BY built_at`,
    `CREATE TABLE IF NOT EXISTS ${LEASE_TABLE}${on} (name String, owner String, expires_at DateTime64(3)) ${keeper(LEASE_TABLE)} PRIMARY KEY name`,
  ];
}
