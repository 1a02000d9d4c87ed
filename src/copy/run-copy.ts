/**
 * Engine stage of a copy: stage the pipe's result, count it, then publish it into the
 * target (append: one insert; replace: one swap). The staging table is dropped whatever
 * happens; one a crash left behind is dropped when its node starts again (the staging
 * table's name carries the node's id: other nodes' may be in use).
 */
import {
  appendStagedSql,
  createStagingSql,
  describeSql,
  dropStagingSql,
  exchangeSql,
  fillStagingSql,
  leftoverStagingSql,
  stagedSizeSql,
  stagingTable,
} from "../engine/copy-sql.ts";
import { execute, queryRows, type Engine } from "../engine/engine.ts";
import type { CopyPlan } from "./copy-plan.ts";

export interface CopyResult {
  readonly writtenRows: number;
  readonly writtenBytes: number;
}

export async function runCopy(engine: Engine, plan: CopyPlan, jobId: string, node: string): Promise<CopyResult> {
  const staging = stagingTable(node, jobId);
  await execute(engine, createStagingSql(staging, plan.target, plan.mode));
  try {
    const columns = await queryRows<{ name: string }>(engine, describeSql(plan.sql), plan.settings);
    await execute(engine, fillStagingSql(staging, columns.map((c) => c.name), plan.sql), plan.settings);
    const [size] = await queryRows<{ rows: string | number; bytes: string | number }>(engine, stagedSizeSql(staging));
    if (plan.mode === "replace") await execute(engine, exchangeSql(plan.target, staging));
    // Should this statement be sent again, or the tick be run again by another node, nothing is inserted twice.
    else await execute(engine, appendStagedSql(plan.target, staging), { insert_deduplication_token: plan.insertToken ?? `copy-${jobId}` });
    return { writtenRows: Number(size?.rows ?? 0), writtenBytes: Number(size?.bytes ?? 0) };
  } finally {
    await execute(engine, dropStagingSql(staging)).catch(() => undefined);
  }
}

/** Drops the staging tables this node's crash left behind; none of its copies is running when this is called. */
export async function dropLeftoverStaging(engine: Engine, node: string): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(engine, leftoverStagingSql(node));
  for (const { name } of rows) await execute(engine, dropStagingSql(name));
  return rows.map((r) => r.name);
}
