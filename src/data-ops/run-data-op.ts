/**
 * Engine stage of a delete or truncate: learn which partitions of each view's target the
 * picked rows fed, remove the rows, then compute those partitions again from what is left.
 * Run alone at the write gate: no insert lands between the three steps. Staging tables and
 * the picked-rows view carry the copy staging prefix, so a crash's leftovers are dropped at
 * the next start as a copy's are.
 */
import { createStagingSql, describeSql, dropStagingSql, stagingTable } from "../engine/copy-sql.ts";
import {
  countWhereSql,
  createPickedRowsViewSql,
  DELETE_SETTINGS,
  deleteRowsSql,
  dropPartitionSql,
  fillPartitionsSql,
  partitioningSql,
  partitionsOfTableSql,
  partitionsWrittenSql,
  replacePartitionSql,
  truncateSql,
} from "../engine/data-ops-sql.ts";
import { quoteIdent } from "../engine/ddl.ts";
import { execute, queryRows, type Engine } from "../engine/engine.ts";
import { replaceReads } from "../engine/sql-scan.ts";
import type { ReachedTarget } from "./view-feeds.ts";

export interface DataOp {
  /** The table whose rows go: a datasource or its quarantine. */
  readonly table: string;
  /** The rows to remove; undefined removes them all (truncate). */
  readonly condition?: string;
  /** The views' targets the table's rows reach, in the order they are recomputed. */
  readonly targets: readonly ReachedTarget[];
}

export interface DataOpResult {
  readonly rowsAffected: number;
  /** Per target, the partitions computed again. */
  readonly recomputed: Readonly<Record<string, readonly string[]>>;
}

interface Partitioning {
  readonly key: string;
  /** False when the key reads an aggregated column (`max(timestamp)` kept as a state): a row's partition then depends on rows inserted with it, so the whole target is recomputed. */
  readonly followsRows: boolean;
}

async function partitioning(engine: Engine, table: string): Promise<Partitioning> {
  const [row] = await queryRows<{ partition_key: string; aggregated_keys: string | number }>(engine, partitioningSql(table));
  return { key: row?.partition_key ?? "", followsRows: Number(row?.aggregated_keys ?? 0) === 0 };
}

async function partitionSet(engine: Engine, sql: string): Promise<Set<string>> {
  return new Set((await queryRows<{ partition: string }>(engine, sql)).map((r) => r.partition));
}

/** The partitions of `target` that rows of `table` picked by `picked` (a view's name standing in for the table) fed. */
async function partitionsFed(engine: Engine, op: DataOp, reached: ReachedTarget, picked: string, key: string): Promise<Set<string>> {
  const fed = new Set<string>();
  for (const feed of reached.feeds.filter((f) => f.reads.has(op.table))) {
    const select = replaceReads(feed.select, new Set([op.table]), () => quoteIdent(picked));
    for (const partition of await partitionSet(engine, partitionsWrittenSql(select, key))) fed.add(partition);
  }
  return fed;
}

/** Every partition of `reached.target` in `partitions` (all of them when undefined) computed again from its views' queries. */
async function recompute(engine: Engine, reached: ReachedTarget, key: string, partitions: ReadonlySet<string> | undefined, staging: string): Promise<string[]> {
  const target = reached.target;
  await execute(engine, createStagingSql(staging, target, "replace"));
  try {
    const only = partitions && [...partitions];
    for (const feed of reached.feeds) {
      const columns = (await queryRows<{ name: string }>(engine, describeSql(feed.select))).map((c) => c.name);
      await execute(engine, fillPartitionsSql(staging, columns, feed.select, key, only));
    }
    const staged = await partitionSet(engine, partitionsOfTableSql(staging));
    const replaced = only ?? [...new Set([...(await partitionSet(engine, partitionsOfTableSql(target))), ...staged])];
    for (const partition of replaced) {
      await execute(engine, staged.has(partition) ? replacePartitionSql(target, partition, staging) : dropPartitionSql(target, partition));
    }
    return replaced.sort();
  } finally {
    await execute(engine, dropStagingSql(staging)).catch(() => undefined);
  }
}

export async function runDataOp(engine: Engine, op: DataOp, jobId: string, node: string): Promise<DataOpResult> {
  const picked = stagingTable(node, `${jobId}picked`);
  const plans: { reached: ReachedTarget; key: string; partitions: Set<string> | undefined }[] = [];
  let rowsAffected: number;
  await execute(engine, createPickedRowsViewSql(picked, op.table, op.condition ?? "1"));
  try {
    for (const reached of op.targets) {
      const { key, followsRows } = await partitioning(engine, reached.target);
      // A target reached through another view's target is recomputed whole: which of its partitions changed is not known.
      const partitions = followsRows && reached.direct ? await partitionsFed(engine, op, reached, picked, key) : undefined;
      plans.push({ reached, key, partitions });
    }
    const [counted] = await queryRows<{ rows: string | number }>(engine, countWhereSql(op.table, op.condition ?? "1"));
    rowsAffected = Number(counted?.rows ?? 0);
  } finally {
    await execute(engine, dropStagingSql(picked)).catch(() => undefined);
  }
  if (rowsAffected === 0) return { rowsAffected, recomputed: {} };
  if (op.condition === undefined) await execute(engine, truncateSql(op.table));
  else await execute(engine, deleteRowsSql(op.table, op.condition), DELETE_SETTINGS);
  const recomputed: Record<string, readonly string[]> = {};
  for (const [index, { reached, key, partitions }] of plans.entries()) {
    if (partitions?.size === 0) continue;
    recomputed[reached.target] = await recompute(engine, reached, key, partitions, stagingTable(node, `${jobId}t${index}`));
  }
  return { rowsAffected, recomputed };
}
