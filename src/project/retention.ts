/**
 * Retention (`--retention-days N`, off by default): a transform of a loaded project, so
 * it works the same for the kit, datafiles and any other project. Every MergeTree-family
 * datasource without a TTL of its own gets `TTL <col> + INTERVAL N DAY`, where `<col>` is
 * the time column its partition key is built from: expired rows then leave with merges,
 * and whole expired partitions are cheap to drop. A datasource whose partition key has no
 * such column is left alone and reported, rather than guessed at.
 */
import { makeProject, type Datasource, type Project } from "./model.ts";
import { sqlLiteral } from "./sql-literal.ts";

export interface RetentionReport {
  /** Datasources given a TTL, with it. */
  readonly applied: readonly { readonly datasource: string; readonly ttl: string }[];
  /** Datasources left as they were, and why. */
  readonly skipped: readonly { readonly datasource: string; readonly reason: string }[];
}

/** Functions of one time column that partition by time (`toYYYYMM(timestamp)`, …). */
const TIME_BUCKETS = [
  "toYYYYMM",
  "toYYYYMMDD",
  "toYear",
  "toDate",
  "toStartOfYear",
  "toStartOfQuarter",
  "toStartOfMonth",
  "toStartOfWeek",
  "toMonday",
  "toStartOfDay",
  "toStartOfHour",
];
const BUCKET_CALL = new RegExp(`\\b(?:${TIME_BUCKETS.join("|")})\\(\\s*\`?([A-Za-z_][A-Za-z0-9_]*)\`?\\s*[,)]`);
const BARE_COLUMN = /^\s*`?([A-Za-z_][A-Za-z0-9_]*)`?\s*$/;

/**
 * Date and DateTime, possibly kept as a SimpleAggregateFunction (`max(last_seen)` in a view
 * target). Nullable is not: ClickHouse refuses a TTL that may be NULL.
 */
const TIME_TYPE = /^(?:SimpleAggregateFunction\(\s*\w+\s*,\s*)?(?:Date|Date32|DateTime)(?:\([^)]*\))?\)?$/;

/** The time column a datasource's partition key is built from, or why there is none. */
export function partitionTimeColumn(ds: Datasource): { column: string } | { reason: string } {
  const key = ds.engine.partitionKey ?? "";
  const column = BUCKET_CALL.exec(key)?.[1] ?? BARE_COLUMN.exec(key)?.[1];
  if (!column) return { reason: key ? `its partition key (${key}) is not built from a time column` : "it has no partition key" };
  // A target whose schema comes from its view has no columns yet: ClickHouse checks the type at deploy.
  if (ds.columns.length === 0) return { column };
  const type = ds.columns.find((c) => c.name === column)?.type;
  if (type === undefined) return { reason: `its partition key (${key}) uses ${column}, which is not one of its columns` };
  if (!TIME_TYPE.test(type)) return { reason: `its partition key (${key}) uses ${column}, a ${type}, not a Date or DateTime` };
  return { column };
}

/**
 * `tenants`: days kept per tenant (`aviary tenant retention`), on top of `days`, for every
 * datasource with a `tenant_id` column: one more TTL rule each, `… DELETE WHERE tenant_id = …`,
 * so a tenant's rows leave as the others' do, by merges, whichever rule comes first.
 */
export function applyRetention(project: Project, days: number, tenants: Readonly<Record<string, number>> = {}): { project: Project; report: RetentionReport } {
  const perTenant = Object.entries(tenants).filter(([, n]) => n > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (days <= 0 && perTenant.length === 0) return { project, report: { applied: [], skipped: [] } };
  const applied: { datasource: string; ttl: string }[] = [];
  const skipped: { datasource: string; reason: string }[] = [];
  const datasources = [...project.datasources.values()].map((ds): Datasource => {
    if (ds.engine.type === "Null") return ds;
    if (ds.engine.ttl) {
      skipped.push({ datasource: ds.name, reason: `it keeps its own TTL (${ds.engine.ttl})` });
      return ds;
    }
    const time = partitionTimeColumn(ds);
    if ("reason" in time) {
      skipped.push({ datasource: ds.name, reason: time.reason });
      return ds;
    }
    const hasTenant = ds.columns.some((c) => c.name === "tenant_id");
    const rules = [
      ...(days > 0 ? [`${time.column} + INTERVAL ${days} DAY`] : []),
      ...(hasTenant ? perTenant.map(([tenant, n]) => `${time.column} + INTERVAL ${n} DAY DELETE WHERE tenant_id = ${sqlLiteral(tenant)}`) : []),
    ];
    if (rules.length === 0) return ds;
    const ttl = rules.join(", ");
    applied.push({ datasource: ds.name, ttl });
    return { ...ds, engine: { ...ds.engine, ttl } };
  });
  return { project: makeProject(project.source, datasources, [...project.pipes.values()]), report: { applied, skipped } };
}
