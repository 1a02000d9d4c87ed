/**
 * A tenant leaving: its rows (or one domain's) go from every datasource the project writes
 * and from each one's quarantine; the views follow their sources. Then every table of the
 * database with a `tenant_id` column (views' targets and tables no datasource declares
 * included) is counted: what is left is reported, never silently kept.
 */
import { countWhereSql, tablesWithColumnsSql, tenantCondition } from "../engine/data-ops-sql.ts";
import { quarantineTableName } from "../engine/ddl.ts";
import { queryRows, type Engine } from "../engine/engine.ts";
import type { Project } from "../project/model.ts";
import type { DataOp } from "./run-data-op.ts";
import { reachedByAView, reachedTargets } from "./view-feeds.ts";

export interface TenantDeletion {
  /** Rows removed, per table. */
  readonly deleted: Readonly<Record<string, number>>;
  /** Rows of the tenant still there afterwards, per table (empty: verified). */
  readonly left: Readonly<Record<string, number>>;
}

/** `run` carries one operation out (journalled, under the write gate) and answers the rows it removed. */
export async function deleteTenantRows(engine: Engine, project: Project, tenant: string, domain: string | undefined, run: (op: DataOp) => Promise<number>): Promise<TenantDeletion> {
  const columns = domain === undefined ? ["tenant_id"] : ["tenant_id", "domain"];
  const tables = new Set((await queryRows<{ table: string }>(engine, tablesWithColumnsSql(columns))).map((r) => r.table));
  const withPayload = new Set((await queryRows<{ table: string }>(engine, tablesWithColumnsSql([...columns, "payload"]))).map((r) => r.table));
  const condition = (table: string) => tenantCondition(tenant, domain, withPayload.has(table));
  const deleted: Record<string, number> = {};
  for (const ds of [...project.datasources.values()].filter((d) => !reachedByAView(project, d.name))) {
    for (const table of [ds.name, quarantineTableName(ds.name)].filter((t) => tables.has(t))) {
      const targets = table === ds.name ? reachedTargets(project, ds.name) : [];
      // Views keyed by tenant (and domain) lose the group's rows outright; others are recomputed.
      deleted[table] = await run({ table, condition: condition(table), targets, group: { tenant, ...(domain !== undefined && { domain }) } });
    }
  }
  const left: Record<string, number> = {};
  for (const table of tables) {
    const [counted] = await queryRows<{ rows: string | number }>(engine, countWhereSql(table, condition(table)));
    if (Number(counted?.rows ?? 0) > 0) left[table] = Number(counted!.rows);
  }
  return { deleted, left };
}
