/**
 * Jobs as the Jobs API shows them, with Tinybird's field names: the full detail of
 * `GET /v0/jobs/{id}` and the short entry of `GET /v0/jobs`. Aviary has no resource ids,
 * so a pipe's or datasource's `id` is its name (which is what Tinybird's API accepts
 * wherever it takes an id).
 */
import type { Job } from "./job.ts";

/** UTC, `2024-07-22 11:47:58.207`: how Tinybird writes job times (it adds microseconds). */
export function jobTime(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "");
}

function jobUrl(job: Job, baseUrl: string): string {
  return `${baseUrl}/v0/jobs/${job.id}`;
}

/** Only a job that has not started can be cancelled (POST /v0/jobs/{id}/cancel). */
export function isCancellable(job: Job): boolean {
  return job.status === "waiting";
}

function resources(job: Job): Record<string, unknown> {
  return {
    ...(job.pipe !== undefined && { pipe_id: job.pipe, pipe_name: job.pipe }),
    ...(job.datasource !== undefined && { datasource: { id: job.datasource, name: job.datasource } }),
  };
}

export function jobDetail(job: Job, baseUrl: string): Record<string, unknown> {
  return {
    kind: job.kind,
    id: job.id,
    job_id: job.id,
    status: job.status,
    created_at: jobTime(job.createdAt),
    updated_at: jobTime(job.updatedAt),
    started_at: job.startedAt ? jobTime(job.startedAt) : null,
    is_cancellable: isCancellable(job),
    ...resources(job),
    ...job.details,
    ...(job.status === "error" && { error: job.message }),
    ...(job.status === "cancelled" && { cancelled_reason: job.message }),
    job_url: jobUrl(job, baseUrl),
  };
}

/** What a request that queues a job answers, as Tinybird's delete does: the id three ways, the job's URL, the job. */
export function queuedJobAnswer(job: Job, baseUrl: string): Record<string, unknown> {
  const detail = jobDetail(job, baseUrl);
  return { id: job.id, job_id: job.id, job_url: detail.job_url, job: detail, status: job.status };
}

export function jobListEntry(job: Job, baseUrl: string): Record<string, unknown> {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    created_at: jobTime(job.createdAt),
    updated_at: jobTime(job.updatedAt),
    is_cancellable: isCancellable(job),
    job_url: jobUrl(job, baseUrl),
    ...resources(job),
  };
}
