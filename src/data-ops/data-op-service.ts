/**
 * Work that must see the data hold still: Tinybird's data operations on a datasource (delete
 * rows by condition, a job; truncate and replace, answered when done), a tenant's deletion and
 * backups.
 * Unlike Tinybird, deleted rows also leave every materialized view they fed (run-data-op.ts).
 * One at a time, each first inserting every event acknowledged so far (so those are deleted
 * or backed up too), then alone at the write gate: inserts wait meanwhile, and the Events API
 * keeps acknowledging into its write-ahead log. Each operation is journalled (journal.ts):
 * one a crash interrupted is finished at the next start.
 */
import type { Logger } from "pino";
import { createStagingSql, dropStagingSql, stagingTable } from "../engine/copy-sql.ts";
import { countWhereSql, insertStagedSql, tableExistsSql } from "../engine/data-ops-sql.ts";
import { execute, queryRows, type Engine } from "../engine/engine.ts";
import type { WriteGate } from "../engine/write-gate.ts";
import { errors, toApiError } from "../errors.ts";
import type { Job } from "../jobs/job.ts";
import type { JobRegistry } from "../jobs/job-registry.ts";
import type { Project } from "../project/model.ts";
import { takeBackup } from "./backup.ts";
import { DataOpJournal, type JournalEntry } from "./journal.ts";
import { applyDataOp, mergePlans, planDataOp, type DataOp, type DataOpResult } from "./run-data-op.ts";
import { deleteTenantRows } from "./tenant-delete.ts";
import { reachedTargets, viewFeeds } from "./view-feeds.ts";

export interface DataOpServiceOptions {
  /** Writes reported to the result cache, not gated: the service holds the gate itself. */
  readonly engine: Engine;
  readonly gate: WriteGate;
  readonly jobs: JobRegistry;
  readonly project: () => Project;
  readonly logger: Logger;
  /** This node's id, in its staging tables' names. */
  readonly node: string;
  /** Inserts every event acknowledged so far. */
  readonly flushIngest: () => Promise<void>;
  /** The data directory: the journal's place, and what a backup copies besides ClickHouse's data. */
  readonly dataDir: string;
  /** Jobs waiting or working at once. */
  readonly maxActive?: number;
}

/** The table an operation runs on: a datasource, or its quarantine (`<name>_quarantine`), which feeds no view. */
export interface OpTarget {
  readonly datasource: string;
  readonly table: string;
}

const KINDS = { delete: "delete_data", tenant: "delete_tenant", backup: "backup" } as const;
const isActive = (job: Job) => job.status === "waiting" || job.status === "working";

export class DataOpService {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly journal: DataOpJournal;

  constructor(private readonly options: DataOpServiceOptions) {
    this.journal = new DataOpJournal(options.dataDir);
  }

  /**
   * Finishes what a crash interrupted, before the server takes requests (and before copies
   * drop the staging tables they find: a replace's new rows wait in one). A replace is rolled
   * forward: the rows its condition picks now (old ones, or new ones already inserted) go with
   * their views' partitions, then the staged rows are inserted; so it ends as if uninterrupted.
   */
  async start(): Promise<void> {
    const { engine, node, logger } = this.options;
    for (const { id, plan, insert } of await this.journal.pending()) {
      logger.warn({ table: plan.table, condition: plan.condition ?? "(all rows)", replace: insert !== undefined }, "data operation: finishing one a stop interrupted");
      await this.options.gate.alone(async () => {
        const again = insert ? mergePlans(plan, await planDataOp(engine, { table: plan.table, condition: plan.condition, targets: this.targetsOf({ datasource: plan.table, table: plan.table }) }, `${id}r`, node)) : plan;
        const { failure } = await applyDataOp(engine, again, this.feedsOf, id, node);
        if (failure) logger.error({ table: plan.table, err: failure }, "data operation: the interrupted one failed again; its views agree with what is left");
        else if (insert) await this.insertStaged(plan.table, insert);
      });
      await this.journal.remove(id);
    }
  }

  /** Queues a delete; the condition was checked by the caller. */
  requestDelete(target: OpTarget, condition: string): Job {
    return this.queueJob({ kind: KINDS.delete, datasource: target.table, details: { delete_condition: condition } }, async (job) => {
      const result = await this.alone(() => this.run({ table: target.table, condition, targets: this.targetsOf(target) }, job.id));
      return { rows_affected: result.rowsAffected, recomputed_partitions: result.recomputed, deleted_from: result.deletedFrom };
    });
  }

  /**
   * Queues the removal of a tenant's rows (or one domain's) everywhere (tenant-delete.ts). The
   * job ends `done` only if no table holds a row of it afterwards.
   */
  requestTenantDelete(tenant: string, domain: string | undefined): Job {
    return this.queueJob({ kind: KINDS.tenant, details: { tenant_id: tenant, ...(domain !== undefined && { domain }) } }, async (job) => {
      let step = 0;
      const run = async (op: DataOp) => (await this.run(op, `${job.id}-${step++}`)).rowsAffected;
      const { deleted, left } = await this.alone(() => deleteTenantRows(this.options.engine, this.options.project(), tenant, domain, run));
      const rows = Object.values(deleted).reduce((sum, n) => sum + n, 0);
      if (Object.keys(left).length > 0) {
        this.options.logger.error({ job: job.id, tenant, domain, deleted, left }, "tenant delete: rows left");
        throw errors.tenantRowsLeft(left);
      }
      this.options.logger.info({ job: job.id, tenant, domain, deleted, rows }, "tenant delete: done; no table holds a row of the tenant");
      return { rows_affected: rows, deleted_rows: deleted, verified: true };
    });
  }

  /** Queues a backup into `out` (a folder of its own under it). */
  requestBackup(out: string): Job {
    return this.queueJob({ kind: KINDS.backup, details: { out } }, async (job) => {
      const { engine, gate, flushIngest: flush, dataDir, logger } = this.options;
      const manifest = await takeBackup({ engine, gate, flush, dataDir }, out);
      logger.info({ job: job.id, out, name: manifest.name, base: manifest.base, seconds: manifest.seconds }, "backup: done");
      return { backup: manifest };
    });
  }

  /**
   * `mode=replace`: the rows `condition` picks (all of them without one) give way to the new
   * rows it picks (the others are dropped, as Tinybird does). The new rows are staged first,
   * so rows ClickHouse refuses change nothing; then the old ones are deleted as by a delete
   * (views recomputed), and the new ones inserted through the views as any insert. Readers
   * may see neither, briefly: Tinybird swaps partitions, this does not.
   */
  replace(target: OpTarget, condition: string | undefined, rows: Buffer): Promise<{ rows: number }> {
    if (this.closed) throw errors.shuttingDown();
    const { engine, node } = this.options;
    const id = `replace${Date.now()}`;
    const staging = stagingTable(node, id);
    return this.enqueue(() =>
      this.alone(async () => {
        await execute(engine, createStagingSql(staging, target.table, "append"));
        try {
          await engine.insert(staging, rows);
        } catch (err) {
          await execute(engine, dropStagingSql(staging)).catch(() => undefined);
          throw err;
        }
        const [picked] = await queryRows<{ rows: string | number }>(engine, countWhereSql(staging, condition ?? "1"));
        // From here the journal names the staged rows: a crash is finished at the next start, new rows included.
        await this.run({ table: target.table, condition, targets: this.targetsOf(target) }, id, { staging, condition });
        return { rows: Number(picked?.rows ?? 0) };
      }),
    );
  }

  /** Empties the table, and the views it fed, before answering. */
  truncate(target: OpTarget): Promise<DataOpResult> {
    if (this.closed) throw errors.shuttingDown();
    return this.enqueue(() => this.alone(() => this.run({ table: target.table, targets: this.targetsOf(target) }, `truncate${Date.now()}`)));
  }

  /** Cancels jobs not started yet and waits for the one running. */
  async close(): Promise<void> {
    this.closed = true;
    for (const kind of Object.values(KINDS)) {
      for (const job of this.options.jobs.list({ kind, status: "waiting" })) this.options.jobs.cancel(job.id, "The server stopped before this job started");
    }
    await this.queue.catch(() => undefined);
  }

  private readonly feedsOf = (target: string) => viewFeeds(this.options.project()).filter((f) => f.target === target);

  private targetsOf(target: OpTarget) {
    return target.table === target.datasource ? reachedTargets(this.options.project(), target.datasource) : [];
  }

  private queueJob(fields: Parameters<JobRegistry["create"]>[0], work: (job: Job) => Promise<Record<string, unknown>>): Job {
    if (this.closed) throw errors.shuttingDown();
    const max = this.options.maxActive ?? 20;
    const active = Object.values(KINDS).flatMap((kind) => this.options.jobs.list({ kind }).filter(isActive)).length;
    if (active >= max) throw errors.tooManyDataJobs(max);
    const job = this.options.jobs.create(fields);
    void this.enqueue(async () => {
      // Cancelled while it waited (POST /v0/jobs/{id}/cancel, or the server stopping).
      if (this.options.jobs.get(job.id)?.status !== "waiting") return;
      this.options.jobs.start(job.id);
      try {
        this.options.jobs.finish(job.id, await work(job));
      } catch (err) {
        this.options.jobs.fail(job.id, toApiError(err).message);
        this.options.logger.error({ job: job.id, kind: job.kind, err }, "data operation: job failed");
      }
    });
    return job;
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Every acknowledged event inserted, then `work` alone at the gate. */
  private async alone<T>(work: () => Promise<T>): Promise<T> {
    await this.options.flushIngest();
    return this.options.gate.alone(work);
  }

  /** A replace's staged rows into their table, then the staging table dropped; nothing if it is gone already. */
  private async insertStaged(table: string, insert: NonNullable<JournalEntry["insert"]>): Promise<void> {
    const { engine } = this.options;
    const [exists] = await queryRows<{ n: string | number }>(engine, tableExistsSql(insert.staging));
    if (Number(exists?.n ?? 0) === 0) return;
    await execute(engine, insertStagedSql(table, insert.staging, insert.condition));
    await execute(engine, dropStagingSql(insert.staging));
  }

  /** Plans, journals and carries out one operation (and a replace's insert); called alone at the gate. */
  private async run(op: DataOp, id: string, insert?: JournalEntry["insert"]): Promise<DataOpResult> {
    const { engine, node, logger } = this.options;
    const started = performance.now();
    const plan = await planDataOp(engine, op, id, node);
    await this.journal.write({ id, plan, ...(insert && { insert }) });
    const { result, failure } = await applyDataOp(engine, plan, this.feedsOf, id, node);
    if (insert) {
      // The old rows could not all go: the new ones are not added beside them.
      if (failure) await execute(engine, dropStagingSql(insert.staging)).catch(() => undefined);
      else await this.insertStaged(op.table, insert);
    }
    await this.journal.remove(id);
    const seconds = Math.round(performance.now() - started) / 1000;
    logger.info({ table: op.table, condition: op.condition ?? "(all rows)", rows: result.rowsAffected, deletedFrom: result.deletedFrom, recomputed: result.recomputed, seconds, failed: failure !== undefined }, "data operation: rows removed");
    if (failure) throw failure;
    return result;
  }
}
