/**
 * A job: work the server does after it has answered (a copy today; deletes and truncates
 * later), with Tinybird's statuses. A job is a frozen value; the registry replaces it on
 * every change, so whoever holds one holds a consistent snapshot.
 */

/** Tinybird's job statuses; `cancelling` is left out: nothing here stops a job half-way. */
export type JobStatus = "waiting" | "working" | "done" | "error" | "cancelled";

export interface Job {
  /** A UUID, as Tinybird's. */
  readonly id: string;
  /** `copy`; the Jobs API filters on it. */
  readonly kind: string;
  readonly status: JobStatus;
  readonly createdAt: Date;
  /** When the status last changed. */
  readonly updatedAt: Date;
  readonly startedAt?: Date;
  /** The pipe it runs, if any (a copy's). */
  readonly pipe?: string;
  /** The datasource it writes, if any. */
  readonly datasource?: string;
  /** Kind-specific fields, shown as they are in the job's JSON (snake_case, Tinybird's names). */
  readonly details: Readonly<Record<string, unknown>>;
  /** Why it ended in `error`, or why it was `cancelled`. */
  readonly message?: string;
}

/** Where each status may go next. A finished job never changes again. */
const NEXT: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  waiting: ["working", "error", "cancelled"],
  working: ["done", "error"],
  done: [],
  error: [],
  cancelled: [],
};

export function canMove(from: JobStatus, to: JobStatus): boolean {
  return NEXT[from].includes(to);
}

export function isFinished(status: JobStatus): boolean {
  return NEXT[status].length === 0;
}
