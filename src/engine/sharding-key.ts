/**
 * Where cluster mode puts a datasource's rows: the sharding key of its Distributed table.
 *
 * - A `tenant_id` column: `cityHash64(tenant_id)`. A tenant's rows, and so its queries,
 *   stay on one shard, and `optimize_skip_unused_shards` sends a query filtered on one
 *   tenant to that shard only.
 * - Rows written by materialized views stay on the shard of the rows the view read
 *   (views run on shard-local tables). The key may only say so when that placement is by
 *   tenant: the target has `tenant_id` and every table its views read is sharded by
 *   tenant (the kit's views copy `tenant_id` through; a view that rewrote it would break
 *   this). Otherwise `rand()`: no expression describes where the rows are, and a
 *   nondeterministic key is never used to skip shards, so every query reads every shard.
 * - Anything else: a hash of the sorting key, not `rand()`. A retried flush must send each
 *   shard the same rows under the same insert token; with `rand()` the retry would split
 *   differently and a shard would drop rows it never had as duplicates of ones it had.
 */
import type { Column, Datasource, Project } from "../project/model.ts";

export const TENANT_KEY = "cityHash64(tenant_id)";
export const RANDOM_KEY = "rand()";

export interface ShardingFacts {
  readonly project: Project;
  /** A datasource's columns as deploy resolved them; a target whose schema comes from its view is described first. */
  columns(name: string): readonly Column[];
  /** The datasources a materialized view reads. */
  reads(viewName: string): readonly string[];
}

export function shardingKey(ds: Datasource, facts: ShardingFacts): string {
  return keyOf(ds, facts, new Set());
}

function keyOf(ds: Datasource, facts: ShardingFacts, seen: Set<string>): string {
  const hasTenant = facts.columns(ds.name).some((c) => c.name === "tenant_id");
  const views = [...facts.project.pipes.values()].filter((p) => p.type === "materialized" && p.targetDatasource === ds.name);
  if (views.length > 0) {
    seen.add(ds.name);
    const byTenant = (name: string): boolean => {
      const source = facts.project.datasources.get(name);
      return source !== undefined && !seen.has(name) && keyOf(source, facts, seen) === TENANT_KEY;
    };
    const placedByTenant = hasTenant && views.every((v) => facts.reads(v.name).length > 0 && facts.reads(v.name).every(byTenant));
    // `seen` is the path walked so far: a loop of views is not placed by tenant, a diamond is judged per branch.
    seen.delete(ds.name);
    return placedByTenant ? TENANT_KEY : RANDOM_KEY;
  }
  if (hasTenant) return TENANT_KEY;
  const sorting = ds.engine.sortingKey?.trim();
  return sorting && sorting !== "tuple()" ? `cityHash64(${sorting})` : RANDOM_KEY;
}
