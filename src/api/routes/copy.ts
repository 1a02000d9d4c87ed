/**
 * `POST /v0/pipes/{name}/copy`: runs a copy pipe now. Template parameters come from the
 * query string (or a form body), as for an endpoint; `_mode=append|replace` overrides the
 * pipe's COPY_MODE. The answer is Tinybird's: the copy node with the queued job under
 * `job` (status `waiting`), which `GET /v0/jobs/{id}` then follows.
 *
 * Who may run it: the admin, or a token that may read the pipe and append to its target
 * (Tinybird's PIPES:READ and DATASOURCES:APPEND). A tenant-bound append token cannot: its
 * fixed columns have no place in a copy.
 */
import type { FastifyInstance } from "fastify";
import { checkTenantBound } from "../../auth/append-binding.ts";
import type { CopyMode } from "../../copy/copy-plan.ts";
import { parseCopySchedule } from "../../copy/copy-schedule.ts";
import { errors } from "../../errors.ts";
import type { Job } from "../../jobs/job.ts";
import { jobDetail } from "../../jobs/job-json.ts";
import type { Pipe } from "../../project/model.ts";
import { collectVariables } from "../../query/params.ts";
import { statementLimits } from "../../query/statement-limits.ts";
import { baseUrlOf } from "../base-url.ts";
import type { ApiContext } from "../context.ts";
import { arg, principalOf, queryOf } from "../request.ts";

/** Query keys that steer the copy rather than fill the template. */
const CONTROL = new Set(["_mode", "_execution_type"]);

function copyMode(value: string | undefined): CopyMode | undefined {
  if (value === undefined || value === "append" || value === "replace") return value;
  throw errors.invalidCopyMode(value);
}

/** The copy node as Tinybird shows it, with the job. Aviary has no ids: names stand in. */
function copyAnswer(pipe: Pipe, workspaceId: string, job: Job, baseUrl: string) {
  const node = pipe.nodes[pipe.nodes.length - 1];
  return {
    id: node?.name,
    name: node?.name,
    sql: node?.sql,
    description: node?.description ?? null,
    node_type: "copy",
    tags: { copy_target_datasource: pipe.targetDatasource, copy_target_workspace: workspaceId },
    job: jobDetail(job, baseUrl),
  };
}

/** What `GET /v0/pipes` shows of a copy pipe, with Tinybird's names; `schedule` is null on demand. */
export function copyPipeFields(pipe: Pipe): Record<string, unknown> {
  if (pipe.type !== "copy") return {};
  const schedule = parseCopySchedule(pipe.copySchedule);
  return {
    copy_target_datasource: pipe.targetDatasource,
    copy_mode: pipe.copyMode ?? "append",
    schedule: schedule.kind === "cron" ? { cron: schedule.expression, timezone: "Etc/UTC", status: "running" } : null,
  };
}

export function copyRoutes(app: FastifyInstance, ctx: ApiContext): void {
  // More specific than pipes.ts's `/v0/pipes/*`, so the router sends copies here.
  app.post<{ Params: { name: string } }>("/v0/pipes/:name/copy", async (request) => {
    const principal = principalOf(ctx, request);
    const name = request.params.name;
    // No existence leak, as for endpoints.
    if (!principal.canReadPipe(name)) throw errors.noAccess();
    const pipe = ctx.project.pipes.get(name);
    if (!pipe) throw errors.pipeNotFound(name);
    if (pipe.type !== "copy") throw errors.notACopyPipe(name);
    const target = pipe.targetDatasource ?? "";
    if (!principal.isAdmin && (!principal.canAppend(target) || principal.appendBinding?.(target) !== undefined)) throw errors.noAppend(target);
    const targetDatasource = ctx.project.datasources.get(target);
    if (targetDatasource) checkTenantBound(principal, targetDatasource);
    ctx.access.admitPipe(principal, name);
    const query = queryOf(request);
    const mode = copyMode(arg(query, "_mode"));
    const sent = Object.fromEntries(Object.entries(query).filter(([key]) => !CONTROL.has(key)));
    const body = request.body !== null && typeof request.body === "object" ? request.body : undefined;
    const variables = collectVariables(sent, body, principal.fixedParams(name));
    const job = ctx.copies.request(pipe, { variables, mode, limits: statementLimits(ctx.config, principal) });
    return copyAnswer(pipe, ctx.workspace.id, job, baseUrlOf(ctx, request));
  });
}
