/**
 * Work that must see the data hold still: Tinybird's data operations on a datasource (delete
 * rows by condition, a job; truncate, answered when done), a tenant's deletion and backups.
 * Unlike Tinybird, deleted rows also leave every materialized view they fed: each view's
 * affected partitions are computed again from the rows left (run-data-op.ts). Operations run
 * one at a time, each alone at the write gate, so inserts wait meanwhile (the Events API
 * keeps acknowledging: its rows wait in the write-ahead log).
 */
import type { Logger } from "pino";
import type { Engine } from "../engine/engine.ts";
import type { WriteGate } from "../engine/write-gate.ts";
import { errors, toApiError } from "../errors.ts";
import type { Job } from "../jobs/job.ts";
import type { JobRegistry } from "../jobs/job-registry.ts";
import type { Project } from "../project/model.ts";
import { countWhereSql, tablesWithColumnsSql, tenantCondition } from "../engine/data-ops-sql.ts";
import { quarantineTableName } from "../engine/ddl.ts";
import { queryRows } from "../engine/engine.ts";
import { takeBackup } from "./backup.ts";
import { runDataOp, type DataOp, type DataOpResult } from "./run-data-op.ts";
import { reachedByAView, reachedTargets } from "./view-feeds.ts";

export interface DataOpServiceOptions {
  /** Writes reported to the result cache, not gated: the service holds the gate itself. */
  readonly engine: Engine;
  readonly gate: WriteGate;
  readonly jobs: JobRegistry;
  readonly project: () => Project;
  readonly logger: Logger;
  /** This node's id, in its staging tables' names. */
  readonly node: string;
  /** Inserts every event acknowledged so far (a backup's starting point). */
  readonly flushIngest: () => Promise<void>;
  /** The data directory: its workspace, tokens and builds go into a backup. */
  readonly dataDir: string;
  /** Delete jobs waiting or working at once. */
  readonly maxActive?: number;
}

/** The table an operation runs on: a datasource, or its quarantine (`<name>_quarantine`), which feeds no view. */
export interface OpTarget {
  readonly datasource: string;
  readonly table: string;
}

const DELETE_KIND = "delete_data";
const TENANT_DELETE_KIND = "delete_tenant";
const BACKUP_KIND = "backup";
const isActive = (job: Job) => job.status === "waiting" || job.status === "working";

export class DataOpService {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: DataOpServiceOptions) {}

  /** Queues a delete; the condition was checked by the caller. */
  requestDelete(target: OpTarget, condition: string): Job {
    if (this.closed) throw errors.shuttingDown();
    const max = this.options.maxActive ?? 20;
    if (this.options.jobs.list({ kind: DELETE_KIND }).filter(isActive).length >= max) {
      throw errors.badRequest(`There are already ${max} delete jobs waiting or running; wait for one to finish (GET /v0/jobs?kind=delete_data)`);
    }
    const job = this.options.jobs.create({ kind: DELETE_KIND, datasource: target.table, details: { delete_condition: condition } });
    void this.enqueue(() => this.execute(job.id, this.plan(target, condition)));
    return job;
  }

  /**
   * Queues the removal of a tenant's rows (or one domain's) from every datasource that has
   * them and from its quarantine; the views follow. Then every table of the database with a
   * `tenant_id` is counted: the job ends `done` only if none holds a row of the tenant.
   */
  requestTenantDelete(tenant: string, domain: string | undefined): Job {
    if (this.closed) throw errors.shuttingDown();
    const job = this.options.jobs.create({ kind: TENANT_DELETE_KIND, details: { tenant_id: tenant, ...(domain !== undefined && { domain }) } });
    void this.enqueue(() => this.executeTenantDelete(job.id, tenant, domain));
    return job;
  }

  /** Queues a backup into `out` (a folder of its own under it), after any delete queued before it. */
  requestBackup(out: string): Job {
    if (this.closed) throw errors.shuttingDown();
    const job = this.options.jobs.create({ kind: BACKUP_KIND, details: { out } });
    void this.enqueue(async () => {
      if (this.options.jobs.get(job.id)?.status !== "waiting") return;
      this.options.jobs.start(job.id);
      const { engine, gate, flushIngest: flush, dataDir, logger } = this.options;
      try {
        const manifest = await takeBackup({ engine, gate, flush, dataDir }, out);
        this.options.jobs.finish(job.id, { backup: manifest });
        logger.info({ job: job.id, out, name: manifest.name, base: manifest.base, seconds: manifest.seconds }, "backup: done");
      } catch (err) {
        this.options.jobs.fail(job.id, toApiError(err).message);
        logger.error({ job: job.id, out, err }, "backup: failed");
      }
    });
    return job;
  }

  /** Empties the table, and the views it fed, before answering. */
  truncate(target: OpTarget): Promise<DataOpResult> {
    if (this.closed) throw errors.shuttingDown();
    return this.enqueue(() => this.run(this.plan(target, undefined), "truncate"));
  }

  /** Cancels deletes not started yet and waits for the one running. */
  async close(): Promise<void> {
    this.closed = true;
    for (const kind of [DELETE_KIND, TENANT_DELETE_KIND, BACKUP_KIND]) {
      for (const job of this.options.jobs.list({ kind, status: "waiting" })) this.options.jobs.cancel(job.id, "The server stopped before this job started");
    }
    await this.queue.catch(() => undefined);
  }

  private plan(target: OpTarget, condition: string | undefined): DataOp {
    const targets = target.table === target.datasource ? reachedTargets(this.options.project(), target.datasource) : [];
    return { table: target.table, condition, targets };
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async run(op: DataOp, id: string): Promise<DataOpResult> {
    const started = performance.now();
    const result = await this.options.gate.alone(() => runDataOp(this.options.engine, op, id, this.options.node));
    const seconds = Math.round(performance.now() - started) / 1000;
    this.options.logger.info({ table: op.table, condition: op.condition ?? "(all rows)", rows: result.rowsAffected, recomputed: result.recomputed, seconds }, "data operation: rows removed");
    return result;
  }

  private async executeTenantDelete(jobId: string, tenant: string, domain: string | undefined): Promise<void> {
    if (this.options.jobs.get(jobId)?.status !== "waiting") return;
    this.options.jobs.start(jobId);
    const { engine, gate, node, logger } = this.options;
    const project = this.options.project();
    const columns = domain === undefined ? ["tenant_id"] : ["tenant_id", "domain"];
    try {
      const removed = await gate.alone(async () => {
        const tables = new Set((await queryRows<{ table: string }>(engine, tablesWithColumnsSql(columns))).map((r) => r.table));
        const withPayload = new Set((await queryRows<{ table: string }>(engine, tablesWithColumnsSql([...columns, "payload"]))).map((r) => r.table));
        const condition = (table: string) => tenantCondition(tenant, domain, withPayload.has(table));
        const deleted: Record<string, number> = {};
        // The datasources the project writes to, with their quarantines; views' targets follow their sources.
        const sources = [...project.datasources.values()].filter((ds) => !reachedByAView(project, ds.name));
        for (const ds of sources) {
          for (const table of [ds.name, quarantineTableName(ds.name)].filter((t) => tables.has(t))) {
            const targets = table === ds.name ? reachedTargets(project, ds.name) : [];
            deleted[table] = (await runDataOp(engine, { table, condition: condition(table), targets }, `${jobId.replace(/-/g, "")}${Object.keys(deleted).length}`, node)).rowsAffected;
          }
        }
        const left: Record<string, number> = {};
        for (const table of tables) {
          const [counted] = await queryRows<{ rows: string | number }>(engine, countWhereSql(table, condition(table)));
          if (Number(counted?.rows ?? 0) > 0) left[table] = Number(counted!.rows);
        }
        return { deleted, left };
      });
      const rows = Object.values(removed.deleted).reduce((sum, n) => sum + n, 0);
      if (Object.keys(removed.left).length > 0) {
        const message = `Rows of the tenant are left after the delete (the tables' views may need rebuilding, or a table no datasource feeds holds them): ${JSON.stringify(removed.left)}`;
        this.options.jobs.fail(jobId, message);
        logger.error({ job: jobId, tenant, domain, deleted: removed.deleted, left: removed.left }, "tenant delete: rows left");
        return;
      }
      this.options.jobs.finish(jobId, { rows_affected: rows, deleted_rows: removed.deleted, verified: true });
      logger.info({ job: jobId, tenant, domain, deleted: removed.deleted, rows }, "tenant delete: done; no table holds a row of the tenant");
    } catch (err) {
      this.options.jobs.fail(jobId, toApiError(err).message);
      logger.error({ job: jobId, tenant, domain, err }, "tenant delete: failed");
    }
  }

  private async execute(jobId: string, op: DataOp): Promise<void> {
    // Cancelled while it waited (POST /v0/jobs/{id}/cancel, or the server stopping).
    if (this.options.jobs.get(jobId)?.status !== "waiting") return;
    this.options.jobs.start(jobId);
    try {
      const result = await this.run(op, jobId.replace(/-/g, ""));
      this.options.jobs.finish(jobId, { rows_affected: result.rowsAffected, recomputed_partitions: result.recomputed });
    } catch (err) {
      const error = toApiError(err);
      this.options.jobs.fail(jobId, error.message);
      this.options.logger.error({ job: jobId, table: op.table, err }, "data operation: delete failed");
    }
  }
}
