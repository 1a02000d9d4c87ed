/**
 * The Jobs API: `GET /v0/jobs` (newest first, at most 100, filtered by `kind`, `status`,
 * `pipe_id`, `pipe_name`, `created_after`, `created_before` as Tinybird's), `GET
 * /v0/jobs/{id}` and `POST /v0/jobs/{id}/cancel` (a job not started yet).
 *
 * Tinybird asks for a DATASOURCES:CREATE scope here, which Aviary's tokens do not have:
 * the admin sees every job, and a token sees the jobs of the pipes it may read, so
 * whoever may start a copy may follow it. A job it may not see is not found.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Principal } from "../../auth/principal.ts";
import { errors } from "../../errors.ts";
import type { Job } from "../../jobs/job.ts";
import type { JobFilter } from "../../jobs/job-registry.ts";
import { jobDetail, jobListEntry } from "../../jobs/job-json.ts";
import { baseUrlOf } from "../base-url.ts";
import type { ApiContext } from "../context.ts";
import { arg, principalOf, queryOf, type Query } from "../request.ts";

const LIST_LIMIT = 100;

function visible(principal: Principal, job: Job): boolean {
  return principal.isAdmin || (job.pipe !== undefined && principal.canReadPipe(job.pipe));
}

function dateArg(query: Query, name: string): Date | undefined {
  const value = arg(query, name);
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw errors.badJobFilter(name, value);
  return date;
}

function filterOf(query: Query): JobFilter {
  return {
    kind: arg(query, "kind"),
    status: arg(query, "status"),
    // A pipe's id is its name here.
    pipe: arg(query, "pipe_name") ?? arg(query, "pipe_id"),
    createdAfter: dateArg(query, "created_after"),
    createdBefore: dateArg(query, "created_before"),
  };
}

export function jobRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const find = (request: FastifyRequest<{ Params: { id: string } }>): { job: Job; principal: Principal } => {
    const principal = principalOf(ctx, request);
    const job = ctx.jobs.get(request.params.id);
    if (!job || !visible(principal, job)) throw errors.jobNotFound(request.params.id);
    return { job, principal };
  };

  app.get("/v0/jobs", async (request) => {
    const principal = principalOf(ctx, request);
    const jobs = ctx.jobs.list(filterOf(queryOf(request))).filter((job) => visible(principal, job));
    const base = baseUrlOf(ctx, request);
    return { jobs: jobs.slice(0, LIST_LIMIT).map((job) => jobListEntry(job, base)) };
  });

  app.get<{ Params: { id: string } }>("/v0/jobs/:id", async (request) => jobDetail(find(request).job, baseUrlOf(ctx, request)));

  app.post<{ Params: { id: string } }>("/v0/jobs/:id/cancel", async (request) => {
    const { job } = find(request);
    if (job.status !== "waiting") throw errors.jobNotCancellable();
    return jobDetail(ctx.jobs.cancel(job.id, "Cancelled with POST /v0/jobs/{id}/cancel"), baseUrlOf(ctx, request));
  });
}
