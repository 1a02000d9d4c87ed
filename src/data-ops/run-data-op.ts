/**
 * Engine stage of a delete or truncate, in two steps. `planDataOp` decides, before anything
 * changes, which rows go (the condition computed on every row, so one that throws fails here)
 * and what each view's target needs: losing one tenant's rows outright, or some partitions
 * computed again from the rows left. `applyDataOp` carries the plan out; it can be run again
 * from the start (the service's journal does after a crash) and still ends right. Both run
 * alone at the write gate: no insert lands between them. Staging tables and the picked-rows
 * view carry the copy staging prefix, so a crash's leftovers are dropped at the next start.
 */
import { createStagingSql, describeSql, dropStagingSql, stagingTable } from "../engine/copy-sql.ts";
import {
  countEveryRowSql,
  createPickedRowsViewSql,
  DELETE_SETTINGS,
  deleteRowsSql,
  dropPartitionSql,
  fillPartitionsSql,
  killUnfinishedMutationsSql,
  otherTenantsRowsSql,
  partitioningSql,
  partitionsOfTableSql,
  partitionsWrittenSql,
  replacePartitionSql,
  sortingKeyHasSql,
  tenantCondition,
  truncateSql,
} from "../engine/data-ops-sql.ts";
import { quoteIdent } from "../engine/ddl.ts";
import { execute, queryRows, type Engine } from "../engine/engine.ts";
import { replaceReads } from "../engine/sql-scan.ts";
import type { ReachedTarget, ViewFeed } from "./view-feeds.ts";

export interface DataOp {
  /** The table whose rows go: a datasource or its quarantine. */
  readonly table: string;
  /** The rows to remove; undefined removes them all (truncate). */
  readonly condition?: string;
  /** The views' targets the table's rows reach, in the order they are recomputed. */
  readonly targets: readonly ReachedTarget[];
  /**
   * Set when the rows are all of one tenant's (a tenant leaving). A target keyed by tenant
   * (`tenant_id` in its sorting key, so no row of it mixes tenants, and the picked rows all
   * land on that tenant's rows) then loses the tenant's rows outright, with no recompute:
   * they are aggregates of that tenant's rows only, which all go. Much cheaper at scale.
   */
  readonly tenant?: string;
}

/** What an operation does, decided before it changes anything: plain values, kept in the journal. */
export interface DataOpPlan {
  readonly table: string;
  readonly condition?: string;
  readonly tenant?: string;
  readonly rowsAffected: number;
  /** Targets that lose the tenant's rows outright. */
  readonly deleteFrom: readonly string[];
  /** Targets computed again: these partitions, or all of them. */
  readonly recompute: readonly { readonly target: string; readonly key: string; readonly partitions?: readonly string[] }[];
}

export interface DataOpResult {
  readonly rowsAffected: number;
  /** Per target, the partitions computed again. */
  readonly recomputed: Readonly<Record<string, readonly string[]>>;
  /** Targets that lost the tenant's rows outright (`tenant`). */
  readonly deletedFrom: readonly string[];
}

/**
 * A view's query over the whole source aggregates every session of every tenant: past this
 * much memory, ClickHouse spills its aggregation and sorting to disk (slower, bounded).
 */
const RECOMPUTE_SETTINGS = { max_bytes_before_external_group_by: 256 * 1024 * 1024, max_bytes_before_external_sort: 256 * 1024 * 1024 };

async function partitioning(engine: Engine, table: string): Promise<{ key: string; followsRows: boolean }> {
  const [row] = await queryRows<{ partition_key: string; aggregated_keys: string | number }>(engine, partitioningSql(table));
  // A key that reads an aggregated column (`max(timestamp)` kept as a state) puts a row where the rows inserted with it say: the whole target is recomputed.
  return { key: row?.partition_key ?? "", followsRows: Number(row?.aggregated_keys ?? 0) === 0 };
}

async function partitionSet(engine: Engine, sql: string): Promise<Set<string>> {
  return new Set((await queryRows<{ partition: string }>(engine, sql)).map((r) => r.partition));
}

/** The view queries of `reached` that read `table`, reading the picked rows instead. */
function pickedSelects(reached: ReachedTarget, table: string, picked: string): string[] {
  return reached.feeds.filter((f) => f.reads.has(table)).map((f) => replaceReads(f.select, new Set([table]), () => quoteIdent(picked)));
}

/** The target keeps each tenant's rows apart, and what the picked rows feed is the tenant's only. */
async function keyedByTenant(engine: Engine, selects: readonly string[], target: string, tenant: string): Promise<boolean> {
  const [row] = await queryRows<{ keyed: number | string }>(engine, sortingKeyHasSql(target, "tenant_id"));
  if (Number(row?.keyed ?? 0) !== 1) return false;
  for (const select of selects) {
    const [others] = await queryRows<{ rows: number | string }>(engine, otherTenantsRowsSql(select, tenant));
    if (Number(others?.rows ?? 1) !== 0) return false;
  }
  return true;
}

export async function planDataOp(engine: Engine, op: DataOp, id: string, node: string): Promise<DataOpPlan> {
  const [counted] = await queryRows<{ rows: string | number }>(engine, countEveryRowSql(op.table, op.condition ?? "1"));
  const base = { table: op.table, condition: op.condition, tenant: op.tenant, rowsAffected: Number(counted?.rows ?? 0) };
  if (base.rowsAffected === 0) return { ...base, deleteFrom: [], recompute: [] };
  const picked = stagingTable(node, `${id}picked`);
  const deleteFrom: string[] = [];
  const recompute: DataOpPlan["recompute"][number][] = [];
  await execute(engine, createPickedRowsViewSql(picked, op.table, op.condition ?? "1"));
  try {
    for (const reached of op.targets) {
      const selects = pickedSelects(reached, op.table, picked);
      if (op.tenant !== undefined && reached.direct && (await keyedByTenant(engine, selects, reached.target, op.tenant))) {
        deleteFrom.push(reached.target);
        continue;
      }
      const { key, followsRows } = await partitioning(engine, reached.target);
      // A target reached through another view's target is recomputed whole: which of its partitions changed is not known.
      if (!followsRows || !reached.direct) {
        recompute.push({ target: reached.target, key });
        continue;
      }
      const fed = new Set<string>();
      for (const select of selects) for (const partition of await partitionSet(engine, partitionsWrittenSql(select, key))) fed.add(partition);
      if (fed.size > 0) recompute.push({ target: reached.target, key, partitions: [...fed].sort() });
    }
  } finally {
    await execute(engine, dropStagingSql(picked)).catch(() => undefined);
  }
  return { ...base, deleteFrom, recompute };
}

/** One plan doing what both do: each target's partitions together (all of them if either says all). */
export function mergePlans(a: DataOpPlan, b: DataOpPlan): DataOpPlan {
  const recompute = new Map<string, DataOpPlan["recompute"][number]>();
  for (const entry of [...a.recompute, ...b.recompute]) {
    const seen = recompute.get(entry.target);
    const partitions = seen === undefined ? entry.partitions : seen.partitions && entry.partitions && [...new Set([...seen.partitions, ...entry.partitions])].sort();
    recompute.set(entry.target, { target: entry.target, key: entry.key, ...(partitions !== undefined && { partitions }) });
  }
  return { ...a, rowsAffected: a.rowsAffected + b.rowsAffected, deleteFrom: [...new Set([...a.deleteFrom, ...b.deleteFrom])], recompute: [...recompute.values()] };
}

/** Every partition of `target` in `partitions` (all of them when undefined) computed again from its views' queries. */
async function recompute(engine: Engine, target: string, feeds: readonly ViewFeed[], key: string, partitions: readonly string[] | undefined, staging: string): Promise<string[]> {
  await execute(engine, dropStagingSql(staging));
  await execute(engine, createStagingSql(staging, target, "replace"));
  try {
    for (const feed of feeds) {
      const columns = (await queryRows<{ name: string }>(engine, describeSql(feed.select))).map((c) => c.name);
      await execute(engine, fillPartitionsSql(staging, columns, feed.select, key, partitions), RECOMPUTE_SETTINGS);
    }
    const staged = await partitionSet(engine, partitionsOfTableSql(staging));
    const replaced = partitions ?? [...new Set([...(await partitionSet(engine, partitionsOfTableSql(target))), ...staged])];
    for (const partition of replaced) {
      await execute(engine, staged.has(partition) ? replacePartitionSql(target, partition, staging) : dropPartitionSql(target, partition));
    }
    return [...replaced].sort();
  } finally {
    await execute(engine, dropStagingSql(staging)).catch(() => undefined);
  }
}

/** A mutation that fails is killed (it would block every later one), then the error is passed on. */
async function mutate(engine: Engine, table: string, sql: string): Promise<unknown> {
  try {
    await execute(engine, sql, DELETE_SETTINGS);
    return undefined;
  } catch (err) {
    await execute(engine, killUnfinishedMutationsSql([table])).catch(() => undefined);
    return err;
  }
}

/**
 * Carries a plan out; `failure` says why the rows could not all be removed. When that happens
 * part-way (a mutation applied to some parts only), the views are still recomputed from what
 * is left, so they agree with the table. A throw means the plan was not carried out to the
 * end: running it again finishes it.
 */
export async function applyDataOp(
  engine: Engine,
  plan: DataOpPlan,
  feedsOf: (target: string) => readonly ViewFeed[],
  id: string,
  node: string,
): Promise<{ result: DataOpResult; failure?: unknown }> {
  if (plan.rowsAffected === 0) return { result: { rowsAffected: 0, recomputed: {}, deletedFrom: [] } };
  // A failed mutation left by an earlier run (or a crash) would fail these.
  await execute(engine, killUnfinishedMutationsSql([plan.table, ...plan.deleteFrom, ...plan.recompute.map((r) => r.target)]));
  let failure = plan.condition === undefined ? await execute(engine, truncateSql(plan.table)).then(() => undefined, (err: unknown) => err) : await mutate(engine, plan.table, deleteRowsSql(plan.table, plan.condition));
  for (const target of plan.deleteFrom) failure ??= await mutate(engine, target, deleteRowsSql(target, tenantCondition(plan.tenant!)));
  const recomputed: Record<string, readonly string[]> = {};
  for (const [index, { target, key, partitions }] of plan.recompute.entries()) {
    recomputed[target] = await recompute(engine, target, feedsOf(target), key, partitions, stagingTable(node, `${id}t${index}`));
  }
  return { result: { rowsAffected: plan.rowsAffected, recomputed, deletedFrom: [...plan.deleteFrom] }, failure };
}
