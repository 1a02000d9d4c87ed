/**
 * Deploys a project: plans every change against what was deployed before, refuses
 * destructive ones before touching anything, then applies the rest. Re-deploying an
 * unchanged project runs no DDL. The statements come from deploy-dialect.ts: one server's,
 * or a cluster's (`cluster` option).
 */
import type { Column, Datasource, Pipe, Project } from "../project/model.ts";
import { renderPipe } from "../query/render-pipe.ts";
import { quoteIdent } from "./ddl.ts";
import { clusterDialect, singleServer, type DeployDialect } from "./deploy-dialect.ts";
import { execute, queryRows, type Engine } from "./engine.ts";
import { pipeSql } from "./pipe-sql.ts";
import { shardingKey } from "./sharding-key.ts";
import { tableReferences } from "./sql-scan.ts";

const STATE_TABLE = "_aviary_resources";

export interface Resource {
  readonly name: string;
  readonly kind: "datasource" | "view";
  readonly ddl: string;
}

/** What deploy created, by name, so the next deploy plans against it. */
export interface DeployRecord {
  load(): Promise<Map<string, Resource>>;
  /** After a step's statements ran: what now stands under `name`, or undefined once removed. */
  save(name: string, resource: Resource | undefined): Promise<void>;
}

export interface DeployReport {
  readonly created: string[];
  readonly changed: string[];
  readonly dropped: string[];
  readonly unchanged: string[];
}

export class DeployError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`deploy refused:\n  ${problems.join("\n  ")}`);
    this.name = "DeployError";
    this.problems = problems;
  }
}

/** Columns of a datasource, taken from the view that fills it when the definition leaves them out. */
async function columnsOf(engine: Engine, project: Project, ds: Datasource): Promise<readonly Column[]> {
  if (ds.columns.length > 0) return ds.columns;
  const view = [...project.pipes.values()].find((p) => p.type === "materialized" && p.targetDatasource === ds.name);
  if (!view) throw new DeployError([`datasource "${ds.name}" has no schema and no materialized view fills it`]);
  const rows = await queryRows<{ name: string; type: string }>(engine, `DESCRIBE (${viewSelect(project, view)})`);
  return rows.map((r) => ({ name: r.name, type: r.type }));
}

export function viewSelect(project: Project, pipe: Pipe): string {
  // Materializations render with no parameters, so every defined() is false.
  return pipeSql(renderPipe(project, pipe, {}));
}

/** The record in the engine's own database (chdb, one server): a table of the last DDL per name. */
function resourcesTable(engine: Engine): DeployRecord {
  return {
    load: async () => {
      await execute(
        engine,
        `CREATE TABLE IF NOT EXISTS ${STATE_TABLE} (name String, kind String, ddl String, deployed_at DateTime DEFAULT now()) ENGINE = ReplacingMergeTree(deployed_at) ORDER BY name`,
      );
      const rows = await queryRows<Resource & { deleted?: number }>(engine, `SELECT name, kind, ddl FROM ${STATE_TABLE} FINAL WHERE kind != ''`);
      return new Map(rows.map((r) => [r.name, r]));
    },
    save: async (name, resource) => {
      const values = resource ? `'${esc(resource.name)}', '${resource.kind}', '${esc(resource.ddl)}'` : `'${esc(name)}', '', ''`;
      await execute(engine, `INSERT INTO ${STATE_TABLE} (name, kind, ddl) VALUES (${values})`);
    },
  };
}

interface Step {
  readonly sql: readonly string[];
  readonly record?: Resource;
  readonly forget?: string;
}

type Plan = { readonly status: keyof DeployReport; readonly step?: Step } | { readonly problem: string };

function planDatasource(dialect: DeployDialect, ds: Datasource, columns: readonly Column[], before: Resource | undefined): Plan {
  const ddl = dialect.tableRecord(ds, columns);
  const record: Resource = { name: ds.name, kind: "datasource", ddl };
  if (!before) return { status: "created", step: { sql: dialect.createTable(ds, columns), record } };
  if (before.ddl === ddl) return { status: "unchanged" };
  const alters = dialect.changeTable(before.ddl, ddl, ds, columns);
  if (alters) return { status: "changed", step: { sql: alters, record } };
  const where = `${ds.loc.file}${ds.loc.line ? `:${ds.loc.line}` : ""}`;
  return {
    problem: `${where}: datasource "${ds.name}" changed in a way that needs its data rewritten (only new columns, indexes and the TTL change in place); create a new datasource and move the data, or remove it first`,
  };
}

async function apply(engine: Engine, record: DeployRecord, steps: readonly Step[]): Promise<void> {
  for (const step of steps) {
    for (const sql of step.sql) if (sql) await execute(engine, sql);
    await record.save(step.record?.name ?? step.forget ?? "", step.record);
  }
}

/** Plans a group of resources; refuses the whole group, untouched, if any change is destructive. */
async function applyGroup(engine: Engine, record: DeployRecord, plans: readonly { name: string; plan: Plan }[], report: DeployReport): Promise<void> {
  const problems = plans.flatMap(({ plan }) => ("problem" in plan ? [plan.problem] : []));
  if (problems.length > 0) throw new DeployError(problems);
  const steps: Step[] = [];
  for (const { name, plan } of plans) {
    if ("problem" in plan) continue;
    report[plan.status].push(name);
    if (plan.step) steps.push(plan.step);
  }
  await apply(engine, record, steps);
}

export interface DeployOptions {
  readonly allowDestructive?: boolean;
  /**
   * Fill a new view's new target from the rows already there. Only while nothing inserts
   * (the server's start): an insert between the view's creation and the backfill would
   * be counted twice.
   */
  readonly backfill?: boolean;
  /**
   * Cluster mode: the cluster (in the servers' `remote_servers`) every statement runs ON.
   * Chosen at a database's first deploy: a later deploy in the other mode finds every
   * table changed in a way that needs its data rewritten, and is refused.
   */
  readonly cluster?: string;
  /** Where the record of what was deployed is kept; the engine's `_aviary_resources` table by default. */
  readonly record?: DeployRecord;
}

/** The statements for this deploy; in a cluster, sharding keys follow the columns deploy resolved. */
function dialectFor(engine: Engine, project: Project, resolved: Map<string, readonly Column[]>, cluster: string | undefined): DeployDialect {
  if (cluster === undefined) return singleServer;
  const facts = {
    project,
    columns: (name: string) => resolved.get(name) ?? project.datasources.get(name)?.columns ?? [],
    reads: (view: string) => [...tableReferences(viewSelect(project, project.pipes.get(view)!))].filter((name) => project.datasources.has(name)),
  };
  return clusterDialect({ name: cluster, database: engine.database, datasources: new Set(project.datasources.keys()), shardingKey: (ds) => shardingKey(ds, facts) });
}

export async function deployProject(engine: Engine, project: Project, options: DeployOptions = {}): Promise<DeployReport> {
  const record = options.record ?? resourcesTable(engine);
  const state = await record.load();
  const report: DeployReport = { created: [], changed: [], dropped: [], unchanged: [] };
  const datasources = [...project.datasources.values()];
  const resolved = new Map<string, readonly Column[]>();
  const dialect = dialectFor(engine, project, resolved, options.cluster);

  // 1. Removed resources and tables with a schema. Views are dropped before anything else.
  const removals = [...state.values()]
    .filter((old) => (old.kind === "datasource" ? !project.datasources.has(old.name) : project.pipes.get(old.name)?.type !== "materialized"))
    // Views first, before the tables they read and write; then by name, whatever order the record came in.
    .sort((a, b) => Number(a.kind !== "view") - Number(b.kind !== "view") || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((old): { name: string; plan: Plan } => {
      const drop = old.kind === "view" ? [dialect.dropView(old.name)] : dialect.dropTable(old.name);
      if (old.kind === "datasource" && !options.allowDestructive) {
        return { name: old.name, plan: { problem: `datasource "${old.name}" is no longer in the project; removing it would delete its data (a build replaces the whole project: include the files that define it, or start with --allow-destructive to drop it)` } };
      }
      return { name: old.name, plan: { status: "dropped", step: { sql: drop, forget: old.name } } };
    });
  const explicit = datasources.filter((ds) => ds.columns.length > 0).map((ds) => ({ name: ds.name, plan: planDatasource(dialect, ds, ds.columns, state.get(ds.name)) }));
  await applyGroup(engine, record, [...removals, ...explicit], report);

  // 2. Targets that leave their schema to the view that fills them: describe that view's query.
  const derived: { name: string; plan: Plan }[] = [];
  for (const ds of datasources.filter((d) => d.columns.length === 0)) {
    resolved.set(ds.name, await columnsOf(engine, project, ds));
    derived.push({ name: ds.name, plan: planDatasource(dialect, ds, resolved.get(ds.name)!, state.get(ds.name)) });
  }
  await applyGroup(engine, record, derived, report);

  // 3. Views last, so everything they read and write exists. A view holds no data:
  // replacing it loses nothing, its target keeps its rows. With `backfill`, a new view
  // filling a new target is filled from the rows already there: an upgrade that adds a
  // report computes it for the past too.
  const views: { name: string; plan: Plan }[] = [];
  for (const pipe of project.pipes.values()) {
    if (pipe.type !== "materialized" || pipe.targetDatasource === undefined) continue;
    const target = pipe.targetDatasource;
    const select = viewSelect(project, pipe);
    const ddl = dialect.createView(pipe.name, target, select);
    const before = state.get(pipe.name);
    if (before?.ddl === ddl) {
      views.push({ name: pipe.name, plan: { status: "unchanged" } });
      continue;
    }
    const backfill = options.backfill && !before && report.created.includes(target) ? [await backfillSql(engine, target, select)] : [];
    views.push({
      name: pipe.name,
      plan: { status: before ? "changed" : "created", step: { sql: [dialect.dropView(pipe.name), ddl, ...backfill], record: { name: pipe.name, kind: "view", ddl } } },
    });
  }
  await applyGroup(engine, record, views, report);
  return report;
}

/**
 * Fills a new view's new target from what its query reads now. INSERT … SELECT matches
 * columns by position and a view by name, so the columns are named. In a cluster it reads
 * and writes the Distributed tables: rows are aggregated whole, then routed by the target's key.
 */
async function backfillSql(engine: Engine, target: string, select: string): Promise<string> {
  const names = (await queryRows<{ name: string }>(engine, `DESCRIBE (${select})`)).map((r) => quoteIdent(r.name));
  return `INSERT INTO ${quoteIdent(target)} (${names.join(", ")}) SELECT ${names.join(", ")} FROM (${select})`;
}

function esc(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/'/g, "\\'");
}
