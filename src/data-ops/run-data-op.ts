/**
 * Engine stage of a data operation (delete, truncate, replace), in two steps, as a view is
 * rebuilt beside the old one. `buildDataOp` writes, beside each table the operation changes,
 * the new contents of the partitions that change: the datasource's (its rows kept, and a
 * replace's new rows) and those of every view's target the rows reach, computed again from the
 * datasource as it will be (an aggregate state cannot have a row subtracted). Readers see none
 * of it, and a failure only drops what was built. `swapDataOp` then swaps those partitions in
 * (`REPLACE PARTITION`, metadata only) while the service holds reads back, so a reader sees
 * every table before or every table after. A swap can be run again from its plan and ends the
 * same: the service's journal does that after a crash. Both run alone at the write gate: no
 * insert lands between them. Staging tables and views carry the copy staging prefix, so a
 * crash's leftovers are dropped at the next start.
 */
import { createStagingSql, describeSql, dropStagingSql, stagingTable } from "../engine/copy-sql.ts";
import {
  countRowsSql,
  createSwappedTableViewSql,
  dropPartitionSql,
  fillPartitionsSql,
  insertPickedSql,
  DELETE_SETTINGS,
  deleteRowsSql,
  lastBlocksSql,
  countPickedRowsSql,
  createPickedRowsViewSql,
  partitioningSql,
  partitionBlocksSql,
  partitionDigestSql,
  partitionsHoldingSql,
  partitionsOfTableSql,
  partitionsWrittenSql,
  replacePartitionSql,
  sortingKeyHasSql,
  tenantCondition,
  tenantsOfSql,
} from "../engine/data-ops-sql.ts";
import { quoteIdent } from "../engine/ddl.ts";
import { EngineError, execute, queryRows, type Engine } from "../engine/engine.ts";
import { replaceReads } from "../engine/sql-scan.ts";
import type { Logger } from "pino";
import type { ReachedTarget } from "./view-feeds.ts";

export interface DataOp {
  /** The table whose rows change: a datasource or its quarantine. */
  readonly table: string;
  /** The rows that go, and for a replace the new rows that come; undefined picks them all. */
  readonly condition?: string;
  /** The views' targets the table's rows reach, in the order they are computed. */
  readonly targets: readonly ReachedTarget[];
  /**
   * The rows that go are all of one tenant's, or all of one of its domains' (a tenant leaving);
   * without it, one tenant is found when every changed row is its. A target keyed by the group
   * (`tenant_id`, and `domain`, in its sorting key, so no row of it mixes two), where the changed
   * rows land on the group's rows only and the rows kept on none, just loses the group's rows
   * (and gets the new rows' aggregates), with no recompute: they were aggregates of the rows that
   * go. Much cheaper at scale than computing whole months again.
   */
  readonly group?: { readonly tenant: string; readonly domain?: string };
  /** A replace: a staged table of new rows with the table's columns. */
  readonly incoming?: string;
}

/** One table's partitions taken from its staging table, or emptied. */
export interface PartitionSwap {
  readonly target: string;
  readonly staging: string;
  readonly replace: readonly string[];
  readonly drop: readonly string[];
}

/** What a built operation swaps in: plain values, kept in the journal. */
export interface DataOpPlan {
  readonly table: string;
  readonly rowsRemoved: number;
  readonly rowsAdded: number;
  /** The table's own swap first, then its views' targets'. */
  readonly swaps: readonly PartitionSwap[];
  /** Targets that kept their other rows as they were (`group`), not computed again. */
  readonly groupRowsOnly: readonly string[];
  /** Each table's last block when the build began: a higher one at the swap is an insert the build did not see. */
  readonly lastBlocks: Readonly<Record<string, number>>;
}

export interface DataOpResult {
  readonly rowsAffected: number;
  /** Per target, the partitions computed again. */
  readonly recomputed: Readonly<Record<string, readonly string[]>>;
  /** Targets that lost the group's rows outright (`group`). */
  readonly deletedFrom: readonly string[];
}

/**
 * A view's query over the whole source aggregates every session of every tenant: past this
 * much memory, ClickHouse spills its aggregation and sorting to disk (slower, bounded).
 */
const RECOMPUTE_SETTINGS = { max_bytes_before_external_group_by: 256 * 1024 * 1024, max_bytes_before_external_sort: 256 * 1024 * 1024 };
/**
 * Copied rows are never a retried insert: a block equal to one inserted before must not be
 * dropped as its repeat. And they may span any number of partitions (a tenant's rows over
 * more than 100 months, which anyone with the tracker's token can date so).
 */
export const COPY_SETTINGS = { insert_deduplicate: 0, max_partitions_per_insert_block: 0 };

interface Partitioning {
  readonly key: string;
  /** A row's partition follows from the row (not from an aggregated column such as `max(timestamp)`). */
  readonly followsRows: boolean;
  /** A MergeTree table; a Null one keeps no rows, so no partitions. */
  readonly partitioned: boolean;
}

async function partitioning(engine: Engine, table: string): Promise<Partitioning> {
  const [row] = await queryRows<{ partition_key: string; aggregated_keys: string | number; partitioned: string | number }>(engine, partitioningSql(table));
  return { key: row?.partition_key ?? "", followsRows: Number(row?.aggregated_keys ?? 0) === 0, partitioned: Number(row?.partitioned ?? 0) === 1 };
}

async function partitionSet(engine: Engine, sql: string): Promise<Set<string>> {
  return new Set((await queryRows<{ partition: string }>(engine, sql)).map((r) => r.partition));
}

async function countRows(engine: Engine, table: string): Promise<number> {
  const [counted] = await queryRows<{ rows: string | number }>(engine, countRowsSql(table));
  return Number(counted?.rows ?? 0);
}

/**
 * The target keeps each group's rows apart, what the changed rows feed is the group's only,
 * and the rows kept feed none of it: the group's rows there are aggregates of the rows that go.
 */
async function keyedByGroup(engine: Engine, changedSelects: readonly string[], keptSelects: readonly string[], target: string, group: NonNullable<DataOp["group"]>): Promise<boolean> {
  for (const column of group.domain === undefined ? ["tenant_id"] : ["tenant_id", "domain"]) {
    const [row] = await queryRows<{ keyed: number | string }>(engine, sortingKeyHasSql(target, column));
    if (Number(row?.keyed ?? 0) !== 1) return false;
  }
  const groupRows = tenantCondition(group.tenant, group.domain);
  const counts = [...changedSelects.map((select) => countPickedRowsSql(select, groupRows, true)), ...keptSelects.map((select) => countPickedRowsSql(select, groupRows))];
  for (const sql of counts) {
    const [row] = await queryRows<{ rows: number | string }>(engine, sql);
    if (Number(row?.rows ?? 1) !== 0) return false;
  }
  return true;
}

/** The tenant of every changed row, when they are all one tenant's and the datasource is kept by tenant. */
async function oneTenant(engine: Engine, table: string, changed: string): Promise<DataOp["group"]> {
  const [keyed] = await queryRows<{ keyed: number | string }>(engine, sortingKeyHasSql(table, "tenant_id"));
  if (Number(keyed?.keyed ?? 0) !== 1) return undefined;
  const [row] = await queryRows<{ tenants: number | string; tenant: string }>(engine, tenantsOfSql(changed));
  return Number(row?.tenants ?? 0) === 1 ? { tenant: row!.tenant } : undefined;
}

/** The swap of `target` from `staging`: the partitions the staging table holds are taken, the other `changed` ones emptied. */
async function swapOf(engine: Engine, target: string, staging: string, changed: Iterable<string>): Promise<PartitionSwap> {
  const staged = await partitionSet(engine, partitionsOfTableSql(staging));
  const all = [...new Set([...changed, ...staged])].sort();
  return { target, staging, replace: all.filter((p) => staged.has(p)), drop: all.filter((p) => !staged.has(p)) };
}

const partitionsOf = (swap: PartitionSwap) => [...swap.replace, ...swap.drop].sort();

/**
 * Builds the operation's new partitions beside the old ones; changes nothing readers see.
 * The changed rows are copied aside once (a condition may parse every row's JSON), and each
 * view's query reads that copy to learn which of its target's partitions they feed. Without a
 * condition (truncate, a whole replace) every partition changes, and the copy is skipped.
 * A table outside the MergeTree family (Null) keeps no rows to remove: a replace's new rows
 * are inserted into it, and reach its views as any insert.
 */
export async function buildDataOp(engine: Engine, op: DataOp, id: string, node: string): Promise<DataOpPlan> {
  const name = (part: string) => stagingTable(node, `${id}${part}`);
  const scratch: string[] = [];
  const built: string[] = [];
  const create = async (list: string[], part: string, sql: (name: string) => string) => {
    list.push(name(part));
    await execute(engine, sql(name(part)));
    return name(part);
  };
  const stage = (part: string, target: string) => create(built, part, (n) => createStagingSql(n, target, "replace"));
  try {
    const lastBlocks = await lastBlocksOf(engine, [op.table, ...op.targets.map((t) => t.target)]);
    const own = await partitioning(engine, op.table);
    const whole = op.condition === undefined;
    const condition = op.condition ?? "1";
    let changed: string | undefined;
    let rowsRemoved: number;
    let rowsAdded = 0;
    if (whole) {
      rowsRemoved = await countRows(engine, op.table);
      if (op.incoming !== undefined) rowsAdded = await countRows(engine, op.incoming);
    } else {
      changed = await create(scratch, "changed", (n) => createStagingSql(n, op.table, "append"));
      await execute(engine, insertPickedSql(changed, op.table, condition), COPY_SETTINGS);
      rowsRemoved = await countRows(engine, changed);
      if (op.incoming !== undefined) await execute(engine, insertPickedSql(changed, op.incoming, condition), COPY_SETTINGS);
      rowsAdded = (await countRows(engine, changed)) - rowsRemoved;
    }
    const plan = { table: op.table, rowsRemoved, rowsAdded, swaps: [] as PartitionSwap[], groupRowsOnly: [] as string[], lastBlocks };
    if (rowsRemoved + rowsAdded === 0) return plan;
    if (!own.partitioned) {
      if (op.incoming !== undefined) await execute(engine, insertPickedSql(op.table, op.incoming, op.condition));
      return plan;
    }

    const table = await stage("t", op.table);
    const tablePartitions = changed === undefined ? [...(await partitionSet(engine, partitionsOfTableSql(op.table)))] : [...(await partitionSet(engine, partitionsWrittenSql(`SELECT * FROM ${quoteIdent(changed)}`, own.key)))];
    if (!whole) await keepRows(engine, table, op.table, tablePartitions, condition);
    // Each view's query reads these in place of the tables it reads: the datasource, then each target computed before, as they will be.
    const resulting = new Map([[op.table, await create(scratch, "result", (n) => createSwappedTableViewSql(n, op.table, table, tablePartitions))]]);
    // A target's view queries that read the datasource, reading `rows` in its place.
    const reading = (reached: ReachedTarget, rows: string | undefined) => (rows === undefined ? [] : reached.feeds.filter((f) => f.reads.has(op.table)).map((f) => ({ feed: f, select: replaceReads(f.select, new Set([op.table]), () => quoteIdent(rows)) })));
    const changedSelects = (reached: ReachedTarget) => reading(reached, changed).map((r) => r.select);
    // Judged before the new rows join the rows kept: which targets just lose a group's rows (and get the new rows' aggregates).
    const group = op.group ?? (changed === undefined ? undefined : await oneTenant(engine, op.table, changed));
    const outright = new Set<string>();
    for (const reached of group === undefined ? [] : op.targets) {
      const keptSelects = reached.feeds.map((f) => readingResults(f.select, resulting));
      if (reached.direct && (await keyedByGroup(engine, changedSelects(reached), keptSelects, reached.target, group!))) outright.add(reached.target);
    }
    if (op.incoming !== undefined) await execute(engine, insertPickedSql(table, op.incoming, op.condition), COPY_SETTINGS);
    plan.swaps.push(await swapOf(engine, op.table, table, tablePartitions));
    const coming = op.incoming === undefined ? undefined : await create(scratch, "coming", (n) => createPickedRowsViewSql(n, op.incoming!, condition));

    for (const [index, reached] of op.targets.entries()) {
      let swap: PartitionSwap;
      const { key, followsRows } = await partitioning(engine, reached.target);
      if (outright.has(reached.target)) {
        const groupRows = tenantCondition(group!.tenant, group!.domain);
        const comingFeeds = reading(reached, coming);
        const holding = await partitionSet(engine, partitionsHoldingSql(reached.target, groupRows));
        for (const { select } of comingFeeds) for (const partition of await partitionSet(engine, partitionsWrittenSql(select, key))) holding.add(partition);
        if (holding.size === 0) continue;
        const staging = await stage(`v${index}`, reached.target);
        await keepRows(engine, staging, reached.target, [...holding], groupRows);
        for (const { feed, select } of comingFeeds) {
          const columns = (await queryRows<{ name: string }>(engine, describeSql(feed.select))).map((c) => c.name);
          await execute(engine, fillPartitionsSql(staging, columns, select, key, undefined), COPY_SETTINGS);
        }
        swap = await swapOf(engine, reached.target, staging, holding);
        plan.groupRowsOnly.push(reached.target);
      } else {
        // Computed whole: every partition changes, or the target is reached through another view's target, or its partition comes from an aggregated column.
        let partitions: string[] | undefined;
        if (!whole && followsRows && reached.direct) {
          const fed = new Set<string>();
          for (const select of changedSelects(reached)) for (const partition of await partitionSet(engine, partitionsWrittenSql(select, key))) fed.add(partition);
          if (fed.size === 0) continue;
          partitions = [...fed].sort();
        }
        swap = await recompute(engine, reached, resulting, key, partitions, await stage(`v${index}`, reached.target));
      }
      plan.swaps.push(swap);
      const readLater = op.targets.slice(index + 1).some((t) => t.feeds.some((f) => f.reads.has(reached.target)));
      if (readLater) resulting.set(reached.target, await create(scratch, `r${index}`, (n) => createSwappedTableViewSql(n, reached.target, swap.staging, partitionsOf(swap))));
    }
    return plan;
  } catch (err) {
    for (const t of built) await execute(engine, dropStagingSql(t)).catch(() => undefined);
    throw err;
  } finally {
    for (const t of scratch.reverse()) await execute(engine, dropStagingSql(t)).catch(() => undefined);
  }
}

/**
 * Into `staging`, the rows of these partitions of `table` that the condition does not pick:
 * the partitions' parts are linked in (no copy), then a mutation rewrites those holding picked
 * rows, as a delete on the table would, without touching the table.
 */
async function keepRows(engine: Engine, staging: string, table: string, partitions: readonly string[], condition: string): Promise<void> {
  const held = await partitionSet(engine, partitionsOfTableSql(table));
  for (const partition of partitions.filter((p) => held.has(p))) await execute(engine, replacePartitionSql(staging, partition, table));
  await execute(engine, deleteRowsSql(staging, condition), DELETE_SETTINGS);
}

/** A view's query reading the tables it reads as they will be. */
function readingResults(select: string, resulting: ReadonlyMap<string, string>): string {
  return replaceReads(select, new Set(resulting.keys()), (table) => quoteIdent(resulting.get(table)!));
}

/** Some partitions of a target (all of them when undefined) computed from its views' queries, reading the tables as they will be. */
async function recompute(engine: Engine, reached: ReachedTarget, resulting: ReadonlyMap<string, string>, key: string, partitions: readonly string[] | undefined, staging: string): Promise<PartitionSwap> {
  for (const feed of reached.feeds) {
    const columns = (await queryRows<{ name: string }>(engine, describeSql(feed.select))).map((c) => c.name);
    const select = readingResults(feed.select, resulting);
    await execute(engine, fillPartitionsSql(staging, columns, select, key, partitions), { ...RECOMPUTE_SETTINGS, ...COPY_SETTINGS });
  }
  const changed = partitions ?? (await partitionSet(engine, partitionsOfTableSql(reached.target)));
  return swapOf(engine, reached.target, staging, changed);
}

async function lastBlocksOf(engine: Engine, tables: readonly string[]): Promise<Record<string, number>> {
  const rows = await queryRows<{ table: string; block: string | number }>(engine, lastBlocksSql(tables));
  return Object.fromEntries(tables.map((table) => [table, Number(rows.find((r) => r.table === table)?.block ?? 0)]));
}

/**
 * The tables of a plan that got rows since its build began. Inserts through this node wait at
 * the write gate; another node's, or a client's straight into ClickHouse, do not, and a swap
 * would drop them.
 */
export async function insertedSince(engine: Engine, plan: DataOpPlan): Promise<string[]> {
  const tables = plan.swaps.map((s) => s.target);
  if (tables.length === 0) return [];
  const now = await lastBlocksOf(engine, tables);
  return tables.filter((table) => now[table]! > (plan.lastBlocks[table] ?? 0));
}

/** What a swap records as it goes, and what it finds done (a swap a crash interrupted). */
export interface SwapProgress {
  readonly done: ReadonlySet<string>;
  swapped(key: string): Promise<void>;
}

const swapKey = (target: string, partition: string) => `${target}\t${partition}`;

/**
 * The partitions of a plan that are not swapped in yet, and in which rows were inserted since
 * the build began (a partition's highest block number passed its table's then): swapping them
 * in would lose those rows. Swapped ones take new block numbers, so only the others can tell.
 * A kill between a swap and its record leaves a partition with new block numbers and no
 * record: one holding exactly the staged rows loses nothing to being swapped (again).
 */
export async function insertedIntoPending(engine: Engine, plan: DataOpPlan, done: ReadonlySet<string>): Promise<string[]> {
  const late: string[] = [];
  for (const { target, staging, replace, drop } of plan.swaps) {
    const blocks = new Map((await queryRows<{ partition: string; block: string | number }>(engine, partitionBlocksSql(target))).map((r) => [r.partition, Number(r.block)]));
    for (const partition of [...replace, ...drop]) {
      if (done.has(swapKey(target, partition)) || (blocks.get(partition) ?? 0) <= (plan.lastBlocks[target] ?? 0)) continue;
      if (replace.includes(partition) && (await sameRows(engine, target, staging, partition))) continue;
      late.push(`${target} (partition ${partition})`);
    }
  }
  return late;
}

async function sameRows(engine: Engine, table: string, other: string, partition: string): Promise<boolean> {
  const digest = async (t: string) => JSON.stringify(await queryRows(engine, partitionDigestSql(t, partition)));
  return (await digest(table)) === (await digest(other));
}

/** Swaps every built partition in, but those `progress` finds done. Run again after a crash part-way, it ends the same. */
export async function swapDataOp(engine: Engine, plan: DataOpPlan, progress?: SwapProgress): Promise<void> {
  for (const { target, staging, replace, drop } of plan.swaps) {
    const emptied = (partition: string) => execute(engine, dropPartitionSql(target, partition));
    const refilled = (partition: string) =>
      execute(engine, replacePartitionSql(target, partition, staging)).catch(async (err: unknown) => {
        // Emptied by the build (journals of earlier versions list such partitions): ClickHouse
        // clears an empty part some 30 s on, and then refuses to replace from nothing.
        if (!(err instanceof EngineError && /has no parts in partition/.test(err.message))) throw err;
        await emptied(partition);
      });
    for (const [partition, swap] of [...replace.map((p) => [p, refilled] as const), ...drop.map((p) => [p, emptied] as const)]) {
      const key = swapKey(target, partition);
      if (progress?.done.has(key)) continue;
      await swap(partition);
      await progress?.swapped(key);
    }
  }
}

/**
 * A swap tried again until it is done: half done, its tables disagree, and an insert let
 * through meanwhile would be undone by the journal's swap at the next start. The caller holds
 * writes (the Events API keeps acknowledging into its write-ahead log). If it cannot be
 * finished within `retryMs`, `halt` stops the process, and the next start finishes it first.
 */
export async function swapUntilDone(engine: Engine, plan: DataOpPlan, options: { retryMs?: number; logger: Pick<Logger, "error">; halt: (reason: string) => never; progress?: SwapProgress }): Promise<void> {
  const deadline = Date.now() + (options.retryMs ?? 5 * 60_000);
  for (let wait = 500; ; wait = Math.min(wait * 2, 15_000)) {
    try {
      return await swapDataOp(engine, plan, options.progress);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (Date.now() + wait > deadline) options.halt(`data operation on ${plan.table}: its swap still fails (${message}); stopping without writing anything more, so that the next start finishes it first`);
      options.logger.error({ table: plan.table, err, retryInMs: wait }, "data operation: the swap failed part-way; trying it again, writes held");
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** The staging tables a plan was built in. */
export async function dropBuilt(engine: Engine, plan: DataOpPlan): Promise<void> {
  for (const { staging } of plan.swaps) await execute(engine, dropStagingSql(staging)).catch(() => undefined);
}

export function resultOf(plan: DataOpPlan): DataOpResult {
  const recomputed: Record<string, readonly string[]> = {};
  for (const swap of plan.swaps.slice(1)) if (!plan.groupRowsOnly.includes(swap.target)) recomputed[swap.target] = partitionsOf(swap);
  return { rowsAffected: plan.rowsRemoved, recomputed, deletedFrom: [...plan.groupRowsOnly] };
}
