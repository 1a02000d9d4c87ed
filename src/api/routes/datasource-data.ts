/**
 * Tinybird's operations on a datasource's rows: `POST /v0/datasources/{name}/delete` (a
 * `delete_data` job, `201`; `dry_run=true` counts the rows instead, `200`) and
 * `POST /v0/datasources/{name}/truncate` (`205`, no body, once done). Both also take
 * `{name}_quarantine`. Parameters come from the query string or a form body.
 *
 * Only the admin token: Aviary has no DATASOURCES:CREATE scope, since a token that may
 * delete a datasource's rows may delete every tenant's.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { checkDeleteCondition } from "../../data-ops/delete-condition.ts";
import { reachedByAView } from "../../data-ops/view-feeds.ts";
import type { OpTarget } from "../../data-ops/data-op-service.ts";
import { countWhereSql } from "../../engine/data-ops-sql.ts";
import { quarantineTableName } from "../../engine/ddl.ts";
import { queryRows } from "../../engine/engine.ts";
import { errors } from "../../errors.ts";
import { queuedJobAnswer } from "../../jobs/job-json.ts";
import { baseUrlOf } from "../base-url.ts";
import type { ApiContext } from "../context.ts";
import { arg, flagArg, paramsOf, principalOf } from "../request.ts";

/** The datasource, or its quarantine, a request names; refused before anything is looked up unless the token is the admin's. */
function opTarget(ctx: ApiContext, request: FastifyRequest<{ Params: { name: string } }>): OpTarget {
  if (!principalOf(ctx, request).isAdmin) throw errors.adminOnlyDataOps();
  if (ctx.config.clickhouseCluster !== undefined) throw errors.dataOpsInCluster();
  const name = request.params.name;
  const ds = ctx.project.datasources.get(name);
  if (ds && reachedByAView(ctx.project, name)) {
    throw errors.badRequest(`Data Source '${name}' is filled by a materialized view: delete from the datasource it reads, and the view follows (deleting here alone would leave it disagreeing with its source)`);
  }
  if (ds) return { datasource: name, table: name };
  const base = name.endsWith("_quarantine") ? ctx.project.datasources.get(name.slice(0, -"_quarantine".length)) : undefined;
  if (base && base.columns.length > 0) return { datasource: base.name, table: quarantineTableName(base.name) };
  throw errors.notFound(`Data Source '${name}'`);
}

export function datasourceDataRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post<{ Params: { name: string } }>("/v0/datasources/:name/delete", async (request, reply) => {
    const target = opTarget(ctx, request);
    const params = paramsOf(request);
    const condition = arg(params, "delete_condition") ?? "";
    await checkDeleteCondition(ctx.engine, request.params.name, target.table, condition);
    if (flagArg(params, "dry_run")) {
      const [counted] = await queryRows<{ rows: string | number }>(ctx.engine, countWhereSql(target.table, condition));
      return { rows_to_be_deleted: Number(counted?.rows ?? 0) };
    }
    const job = ctx.dataOps.requestDelete(target, condition);
    reply.code(201);
    return { ...queuedJobAnswer(job, baseUrlOf(ctx, request)), delete_id: job.id };
  });

  app.post<{ Params: { name: string } }>("/v0/datasources/:name/truncate", async (request, reply) => {
    await ctx.dataOps.truncate(opTarget(ctx, request));
    return reply.code(205).send();
  });
}
