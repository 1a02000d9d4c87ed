/**
 * Work that must see the data hold still: Tinybird's data operations on a datasource (delete
 * rows by condition, a job; truncate and replace, answered when done), a tenant's deletion and
 * backups.
 * Unlike Tinybird, deleted rows also leave every materialized view they fed (run-data-op.ts).
 * One at a time, each first inserting every event acknowledged so far (so those are deleted
 * or backed up too), then alone at the write gate: inserts wait meanwhile, and the Events API
 * keeps acknowledging into its write-ahead log. An operation's new partitions are built beside
 * the old ones, then swapped in while reads wait; the swap is journalled first (journal.ts),
 * so one a crash interrupted is finished at the next start.
 */
import type { Logger } from "pino";
import { createStagingSql, dropStagingSql, stagingTable } from "../engine/copy-sql.ts";
import { execute, type Engine } from "../engine/engine.ts";
import type { WriteGate } from "../engine/write-gate.ts";
import { errors, toApiError } from "../errors.ts";
import type { Job } from "../jobs/job.ts";
import type { JobRegistry } from "../jobs/job-registry.ts";
import type { Project } from "../project/model.ts";
import { takeBackup } from "./backup.ts";
import { DataOpJournal } from "./journal.ts";
import { holdingOtherNodes, type HeldNodes, type OtherNodes } from "./other-nodes.ts";
import { COPY_SETTINGS, buildDataOp, dropBuilt, insertedIntoPending, insertedSince, resultOf, swapDataOp, swapUntilDone, type DataOp, type DataOpResult } from "./run-data-op.ts";
import { deleteTenantRows } from "./tenant-delete.ts";
import { reachedTargets } from "./view-feeds.ts";

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
  /** With several nodes in front of one ClickHouse server: their writes are paused too while an operation runs. */
  readonly otherNodes?: OtherNodes;
  /** Jobs waiting or working at once. */
  readonly maxActive?: number;
  /** How long a swap that fails (the engine unreachable) is tried again, writes held, before `halt`. */
  readonly swapRetryMs?: number;
  /**
   * Called when a swap still fails after that: the process must stop without writing
   * anything more (no flush), so that the next start finishes the swap before any insert.
   */
  readonly halt: (reason: string) => never;
}

/** The table an operation runs on: a datasource, or its quarantine (`<name>_quarantine`), which feeds no view. */
export interface OpTarget {
  readonly datasource: string;
  readonly table: string;
}

/**
 * Finishes the swaps a crash interrupted. Runs at start before anything else writes (the
 * write-ahead log's replay included): a swap puts in partitions built before the crash, and
 * must not replace rows inserted since.
 */
export async function finishInterruptedDataOps(engine: Engine, dataDir: string, logger: Logger): Promise<void> {
  const journal = new DataOpJournal(dataDir);
  for (const { id, plan } of await journal.pending()) {
    logger.warn({ table: plan.table, removed: plan.rowsRemoved, added: plan.rowsAdded }, "data operation: finishing one a stop interrupted");
    const done = await journal.swappedSoFar(id);
    // Another node resumed once this node's hold expired (or a client wrote to ClickHouse directly).
    const late = await insertedIntoPending(engine, plan, done);
    if (late.length > 0) {
      throw new Error(
        `a data operation on ${plan.table} was interrupted while it swapped its partitions in, and rows were inserted since it was built into ${late.slice(0, 5).join(", ")}${late.length > 5 ? ` and ${late.length - 5} more` : ""} (by another node once this node's hold expired, or by a client of ClickHouse): finishing the swap would lose them, so nothing more was swapped. ` +
          `To start with the tables as they are, remove ${journal.pathOf(id)} and the .progress file beside it; then run the operation again, which also brings back in step the views it had not reached`,
      );
    }
    await swapDataOp(engine, plan, { done, swapped: (key) => journal.swapped(id, key) });
    await journal.remove(id);
    await dropBuilt(engine, plan);
  }
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

  /** Queues a delete; the condition was checked by the caller. */
  requestDelete(target: OpTarget, condition: string): Job {
    return this.queueJob({ kind: KINDS.delete, datasource: target.table, details: { delete_condition: condition } }, async (job) => {
      const result = await this.alone((held) => this.run({ table: target.table, condition, targets: this.targetsOf(target) }, job.id, held));
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
      const { deleted, left } = await this.alone((held) => {
        const run = async (op: DataOp) => (await this.run(op, `${job.id}-${step++}`, held)).rowsAffected;
        return deleteTenantRows(this.options.engine, this.options.project(), tenant, domain, run);
      });
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
      const { engine, flushIngest: flush, dataDir, logger } = this.options;
      const manifest = await takeBackup({ engine, alone: (work) => this.holding(work), flush, dataDir }, out);
      logger.info({ job: job.id, out, name: manifest.name, base: manifest.base, seconds: manifest.seconds }, "backup: done");
      return { backup: manifest };
    });
  }

  /**
   * `mode=replace`: the rows `condition` picks (all of them without one) give way to the new
   * rows it picks (the others are dropped, as Tinybird does). The new rows are staged first,
   * so rows ClickHouse refuses change nothing; then the table's and its views' new partitions
   * are built and swapped in together, as for a delete: a reader sees the old rows or the new.
   */
  replace(target: OpTarget, condition: string | undefined, rows: Buffer): Promise<{ rows: number }> {
    if (this.closed) throw errors.shuttingDown();
    const { engine, node } = this.options;
    const id = `replace${Date.now()}`;
    const incoming = stagingTable(node, `${id}in`);
    return this.enqueue(() =>
      this.alone(async (held) => {
        await execute(engine, createStagingSql(incoming, target.table, "append"));
        try {
          await engine.insert(incoming, rows, { settings: COPY_SETTINGS });
          const { rowsAdded } = await this.run({ table: target.table, condition, targets: this.targetsOf(target), incoming }, id, held);
          return { rows: rowsAdded };
        } finally {
          await execute(engine, dropStagingSql(incoming)).catch(() => undefined);
        }
      }),
    );
  }

  /** Empties the table, and the views it fed, before answering. */
  truncate(target: OpTarget): Promise<DataOpResult> {
    if (this.closed) throw errors.shuttingDown();
    return this.enqueue(() => this.alone((held) => this.run({ table: target.table, targets: this.targetsOf(target) }, `truncate${Date.now()}`, held)));
  }

  /** Cancels jobs not started yet and waits for the one running. */
  async close(): Promise<void> {
    this.closed = true;
    for (const kind of Object.values(KINDS)) {
      for (const job of this.options.jobs.list({ kind, status: "waiting" })) this.options.jobs.cancel(job.id, "The server stopped before this job started");
    }
    await this.queue.catch(() => undefined);
  }

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

  /** Every acknowledged event inserted, then `work` holding every node's writes. */
  private async alone<T>(work: (held?: HeldNodes) => Promise<T>): Promise<T> {
    await this.options.flushIngest();
    return this.holding(work);
  }

  /** `work` alone at this node's gate, and, with other nodes, once they have paused their writes too. */
  private holding<T>(work: (held?: HeldNodes) => Promise<T>): Promise<T> {
    const { gate, otherNodes } = this.options;
    return gate.alone(() => (otherNodes ? holdingOtherNodes(otherNodes, work) : work()));
  }

  /**
   * Builds, journals and swaps in one operation; called holding the writes. Once the journal
   * names the swap, it is finished at the next start if it fails here, so its staging tables stay.
   */
  private async run(op: DataOp, id: string, held: HeldNodes | undefined): Promise<DataOpResult & { rowsAdded: number }> {
    const { engine, node, gate, logger } = this.options;
    const started = performance.now();
    const plan = await buildDataOp(engine, op, id, node);
    const swapStarted = performance.now();
    const inserted = await gate.holdingReads(async () => {
      const inserted = await insertedSince(engine, plan);
      if (inserted.length > 0) return inserted;
      await held?.swapping();
      await this.journal.write({ id, plan });
      const progress = { done: new Set<string>(), swapped: (key: string) => this.journal.swapped(id, key) };
      await swapUntilDone(engine, plan, { retryMs: this.options.swapRetryMs, logger: this.options.logger, halt: this.options.halt, progress });
      return [];
    });
    if (inserted.length > 0) {
      await dropBuilt(engine, plan);
      throw errors.writtenDuringDataOp(inserted);
    }
    const readsHeldMs = Math.round(performance.now() - swapStarted);
    await this.journal.remove(id);
    await dropBuilt(engine, plan);
    const result = resultOf(plan);
    const seconds = Math.round(performance.now() - started) / 1000;
    logger.info({ table: op.table, condition: op.condition ?? "(all rows)", removed: plan.rowsRemoved, added: plan.rowsAdded, deletedFrom: result.deletedFrom, recomputed: result.recomputed, seconds, readsHeldMs }, "data operation: done");
    return { ...result, rowsAdded: plan.rowsAdded };
  }
}
