/**
 * Engine stage of a copy: stage the pipe's result, count it, then publish it into the
 * target (append: one insert; replace: one swap). The staging table is dropped whatever
 * happens; one a crash left behind is dropped at the next start.
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

export async function runCopy(engine: Engine, plan: CopyPlan, jobId: string): Promise<CopyResult> {
  const staging = stagingTable(jobId);
  await execute(engine, createStagingSql(staging, plan.target, plan.mode));
  try {
    const columns = await queryRows<{ name: string }>(engine, describeSql(plan.sql), plan.settings);
    await execute(engine, fillStagingSql(staging, columns.map((c) => c.name), plan.sql), plan.settings);
    const [size] = await queryRows<{ rows: string | number; bytes: string | number }>(engine, stagedSizeSql(staging));
    if (plan.mode === "replace") await execute(engine, exchangeSql(plan.target, staging));
    // The job's id as the insert's token: should this statement be sent again, nothing is inserted twice.
    else await execute(engine, appendStagedSql(plan.target, staging), { insert_deduplication_token: `copy-${jobId}` });
    return { writtenRows: Number(size?.rows ?? 0), writtenBytes: Number(size?.bytes ?? 0) };
  } finally {
    await execute(engine, dropStagingSql(staging)).catch(() => undefined);
  }
}

/** Drops staging tables a crash left behind; no copy is running when this is called. */
export async function dropLeftoverStaging(engine: Engine): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(engine, leftoverStagingSql());
  for (const { name } of rows) await execute(engine, dropStagingSql(name));
  return rows.map((r) => r.name);
}
