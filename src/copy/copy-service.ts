/**
 * Copy pipes at work: on demand (`POST /v0/pipes/{name}/copy`) and on schedule, each run a
 * job in the registry. A pipe's runs go one after another, never two at once: a request
 * while one runs waits its turn (`waiting`); a scheduled run that finds one waiting or
 * working is skipped, and the job history keeps the skipped run as `cancelled` with why.
 * Nodes sharing a ClickHouse each fire every tick; one runs it (the store's `runOnce`), the
 * others keep theirs as `cancelled`, naming the tick. On-demand runs run where asked.
 */
import type { Logger } from "pino";
import type { Engine, Settings } from "../engine/engine.ts";
import { errors, toApiError } from "../errors.ts";
import type { Job } from "../jobs/job.ts";
import type { JobRegistry } from "../jobs/job-registry.ts";
import type { Pipe, Project } from "../project/model.ts";
import type { Variables } from "../query/render-pipe.ts";
import type { RunOnce } from "../state/run-once.ts";
import { planCopy, type CopyMode, type CopyPlan } from "./copy-plan.ts";
import { parseCopySchedule } from "./copy-schedule.ts";
import { CopyScheduler, systemClock, type Clock } from "./copy-scheduler.ts";
import { dropLeftoverStaging, runCopy } from "./run-copy.ts";

export interface CopyServiceOptions {
  readonly engine: Engine;
  readonly jobs: JobRegistry;
  /** The project being served now (a build replaces it). */
  readonly project: () => Project;
  readonly logger: Logger;
  /** This node's id: in its staging tables' names (state/node-id.ts). */
  readonly node: string;
  /** Lets one node of those sharing the state run a scheduled tick (StateStore.runOnce). */
  readonly once: RunOnce;
  /** Limits a scheduled run's statements run with. */
  readonly scheduledLimits: Settings;
  /** Jobs waiting or working at once, all pipes together. */
  readonly maxActive?: number;
  readonly clock?: Clock;
  /** The engine stage; injectable for tests. */
  readonly run?: (plan: CopyPlan, jobId: string) => Promise<{ writtenRows: number; writtenBytes: number }>;
}

export interface CopyRequest {
  readonly variables: Variables;
  readonly mode?: CopyMode;
  readonly limits: Settings;
}

const isActive = (job: Job) => job.status === "waiting" || job.status === "working";

export class CopyService {
  private readonly scheduler: CopyScheduler;
  private readonly runs = new Map<string, Promise<unknown>>();
  private readonly run: NonNullable<CopyServiceOptions["run"]>;
  private readonly clock: Clock;
  /** Aborted at close: a scheduled run waiting for another node's lease stops waiting. */
  private readonly closing = new AbortController();
  private closed = false;

  constructor(private readonly options: CopyServiceOptions) {
    this.clock = options.clock ?? systemClock;
    this.scheduler = new CopyScheduler((pipe, at) => this.scheduled(pipe, at), this.clock);
    this.run = options.run ?? ((plan, jobId) => runCopy(options.engine, plan, jobId, options.node));
  }

  /** Clears what a crash left behind, then follows the project's schedules. */
  async start(): Promise<void> {
    const dropped = await dropLeftoverStaging(this.options.engine, this.options.node);
    if (dropped.length > 0) this.options.logger.info({ tables: dropped }, "copy: dropped staging tables of runs a stop interrupted");
    this.reschedule(this.options.project());
  }

  /** Follows a project's schedules from now on, replacing the previous ones. */
  reschedule(project: Project): void {
    const scheduled = [...project.pipes.values()].flatMap((pipe) => {
      const schedule = pipe.type === "copy" ? parseCopySchedule(pipe.copySchedule) : undefined;
      return schedule?.kind === "cron" ? [{ name: pipe.name, next: schedule.next, last: schedule.last }] : [];
    });
    this.scheduler.set(scheduled);
    const next = Object.fromEntries([...this.scheduler.planned()].map(([pipe, at]) => [pipe, at.toISOString()]));
    this.options.logger.info({ next }, "copy: schedules set");
  }

  /** Queues an on-demand run; a template error is the request's (thrown, no job). */
  request(pipe: Pipe, request: CopyRequest): Job {
    const max = this.options.maxActive ?? 20;
    if (this.options.jobs.list({ kind: "copy" }).filter(isActive).length >= max) throw errors.tooManyCopyJobs(max);
    const at = new Date(this.clock.now());
    const plan = planCopy(this.options.project(), pipe, request.variables, { at, mode: request.mode, limits: request.limits });
    return this.enqueue(plan, "manual", at);
  }

  /** Stops the schedules, cancels runs not yet started and waits for the ones working. */
  async close(): Promise<void> {
    this.closed = true;
    this.scheduler.stop();
    this.closing.abort();
    for (const job of this.options.jobs.list({ kind: "copy", status: "waiting" })) this.options.jobs.cancel(job.id, "The server stopped before this run started");
    await Promise.all(this.runs.values());
  }

  private scheduled(name: string, at: Date): void {
    const pipe = this.options.project().pipes.get(name);
    if (this.closed || pipe?.type !== "copy") return;
    const busy = this.options.jobs.list({ kind: "copy", pipe: name }).find(isActive);
    if (busy) {
      const skipped = this.options.jobs.create({ kind: "copy", pipe: name, datasource: pipe.targetDatasource, details: { execution_type: "scheduled", scheduled_at: at.toISOString() } });
      const reason = `Skipped: the run planned for ${at.toISOString()} found job ${busy.id} of this pipe still ${busy.status}; a copy pipe never runs twice at once`;
      this.options.jobs.cancel(skipped.id, reason);
      this.options.logger.warn({ pipe: name, job: skipped.id, busy: busy.id }, "copy: scheduled run skipped, the previous one is still going");
      return;
    }
    try {
      // The tick names the append's rows: run again by another node (its runner died), they are not inserted twice.
      const plan = planCopy(this.options.project(), pipe, {}, { at, limits: this.options.scheduledLimits });
      this.enqueue({ ...plan, insertToken: `copy-${name}-${at.toISOString()}` }, "scheduled", at);
    } catch (err) {
      const job = this.options.jobs.create({ kind: "copy", pipe: name, datasource: pipe.targetDatasource, details: { execution_type: "scheduled" } });
      this.options.jobs.fail(job.id, toApiError(err).message);
    }
  }

  /** `at`: when a manual run was asked for, or the time a scheduled one was planned for. */
  private enqueue(plan: CopyPlan, executionType: "manual" | "scheduled", at: Date): Job {
    const details = {
      mode: plan.mode,
      query_sql: plan.sql,
      parameters: plan.parameters,
      execution_type: executionType,
      ...(executionType === "scheduled" && { scheduled_at: at.toISOString() }),
    };
    const job = this.options.jobs.create({ kind: "copy", pipe: plan.pipe, datasource: plan.target, details, ...(executionType === "manual" && { createdAt: at }) });
    // One run of a pipe after another: each waits for the one queued before it.
    const previous = this.runs.get(plan.pipe) ?? Promise.resolve();
    const next = previous.then<unknown>(() => (executionType === "scheduled" ? this.executeOnce(job.id, plan, at) : this.execute(job.id, plan)));
    this.runs.set(plan.pipe, next);
    void next.then(() => {
      if (this.runs.get(plan.pipe) === next) this.runs.delete(plan.pipe);
    });
    return job;
  }

  /** A scheduled run: this node's, unless another node sharing the state ran this tick or a later one. */
  private async executeOnce(jobId: string, plan: CopyPlan, tick: Date): Promise<void> {
    const waiting = () => this.options.jobs.get(jobId)?.status === "waiting";
    try {
      const ran = await this.options.once(`copy_tick:${plan.pipe}`, tick, () => this.execute(jobId, plan), this.closing.signal);
      if (!ran && waiting()) this.options.jobs.cancel(jobId, `Skipped: another node ran the run planned for ${tick.toISOString()}`);
    } catch (err) {
      // The shared state unreachable, or the server stopping while this waited (the job is cancelled then).
      if (waiting()) this.options.jobs.fail(jobId, toApiError(err).message);
      if (!this.closed) this.options.logger.error({ job: jobId, pipe: plan.pipe, err }, "copy: the scheduled run could not be shared with the other nodes");
    }
  }

  /** True when it ran (done or failed); false when cancelled before it started. */
  private async execute(jobId: string, plan: CopyPlan): Promise<boolean> {
    // Cancelled while it waited (POST /v0/jobs/{id}/cancel, or the server stopping).
    if (this.options.jobs.get(jobId)?.status !== "waiting") return false;
    this.options.jobs.start(jobId);
    const log = { job: jobId, pipe: plan.pipe, target: plan.target, mode: plan.mode };
    try {
      const result = await this.run(plan, jobId);
      this.options.jobs.finish(jobId, { processed_data: { written_rows: result.writtenRows, written_bytes: result.writtenBytes } });
      this.options.logger.info({ ...log, rows: result.writtenRows }, "copy: done");
    } catch (err) {
      const error = toApiError(err);
      this.options.jobs.fail(jobId, error.message);
      this.options.logger[error.status >= 500 ? "error" : "warn"]({ ...log, err }, "copy: failed");
    }
    return true;
  }
}
