/**
 * The jobs of this server, in memory: what the Jobs API lists and details. History is
 * bounded as Tinybird's is (48 hours, and only so many finished jobs); jobs still waiting
 * or working are always kept. A restart forgets them: a job is a report, the data it
 * wrote is in ClickHouse.
 */
import { randomUUID } from "node:crypto";
import { canMove, isFinished, type Job, type JobStatus } from "./job.ts";

export interface JobRegistryOptions {
  /** Finished jobs kept at most; the oldest go first. */
  readonly keepFinished?: number;
  /** Finished jobs older than this are forgotten. */
  readonly maxAgeMs?: number;
  /** Injectable for tests. */
  readonly now?: () => Date;
}

export interface NewJob {
  readonly kind: string;
  readonly pipe?: string;
  readonly datasource?: string;
  readonly details?: Readonly<Record<string, unknown>>;
  /** When the work was asked for, if not now (a copy's parameters are read at that moment). */
  readonly createdAt?: Date;
}

export interface JobFilter {
  readonly kind?: string;
  readonly status?: string;
  readonly pipe?: string;
  readonly createdAfter?: Date;
  readonly createdBefore?: Date;
}

export class JobRegistry {
  private readonly jobs = new Map<string, Job>();
  private readonly keepFinished: number;
  private readonly maxAgeMs: number;
  private readonly now: () => Date;

  constructor(options: JobRegistryOptions = {}) {
    this.keepFinished = options.keepFinished ?? 1000;
    this.maxAgeMs = options.maxAgeMs ?? 48 * 3600 * 1000;
    this.now = options.now ?? (() => new Date());
  }

  create(fields: NewJob): Job {
    const { createdAt = this.now(), ...rest } = fields;
    const job: Job = Object.freeze({ id: randomUUID(), status: "waiting", createdAt, updatedAt: createdAt, details: {}, ...rest });
    this.jobs.set(job.id, job);
    this.prune();
    return job;
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  /** Newest first. */
  list(filter: JobFilter = {}): Job[] {
    return [...this.jobs.values()]
      .filter(
        (j) =>
          (filter.kind === undefined || j.kind === filter.kind) &&
          (filter.status === undefined || j.status === filter.status) &&
          (filter.pipe === undefined || j.pipe === filter.pipe) &&
          (filter.createdAfter === undefined || j.createdAt > filter.createdAfter) &&
          (filter.createdBefore === undefined || j.createdAt < filter.createdBefore),
      )
      .reverse();
  }

  start(id: string): Job {
    return this.move(id, "working", { startedAt: this.now() });
  }

  /** Done, with the details it learnt while working (rows written…). */
  finish(id: string, details: Readonly<Record<string, unknown>> = {}): Job {
    return this.move(id, "done", { details: { ...this.need(id).details, ...details } });
  }

  fail(id: string, message: string): Job {
    return this.move(id, "error", { message });
  }

  cancel(id: string, reason: string): Job {
    return this.move(id, "cancelled", { message: reason });
  }

  private need(id: string): Job {
    const job = this.jobs.get(id);
    if (!job) throw new Error(`no job ${id}`);
    return job;
  }

  private move(id: string, status: JobStatus, change: Partial<Job>): Job {
    const job = this.need(id);
    if (!canMove(job.status, status)) throw new Error(`job ${id} cannot go from ${job.status} to ${status}`);
    const next: Job = Object.freeze({ ...job, ...change, status, updatedAt: this.now() });
    this.jobs.set(id, next);
    this.prune();
    return next;
  }

  private prune(): void {
    const oldest = this.now().getTime() - this.maxAgeMs;
    const finished = [...this.jobs.values()].filter((j) => isFinished(j.status));
    const excess = finished.length - this.keepFinished;
    finished.forEach((job, index) => {
      if (index < excess || job.updatedAt.getTime() < oldest) this.jobs.delete(job.id);
    });
  }
}
