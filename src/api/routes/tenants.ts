/**
 * A tenant leaving, for the admin: `POST /v0/tenants/{tenant}/delete` (optionally `domain`)
 * queues a `delete_tenant` job that removes its rows everywhere and checks none is left;
 * `GET /v0/tenants/{tenant}/export?format=ndjson|csv|parquet` streams its raw events (or
 * `datasource`'s rows). The export is written to a file under the data directory by the
 * engine, then streamed from it and removed: memory stays flat at any size.
 */
import { randomUUID } from "node:crypto";
import { createReadStream, rmSync } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { checkExportable, EXPORT_FORMATS, exportFormat, exportTenant } from "../../data-ops/tenant-export.ts";
import { reachedByAView } from "../../data-ops/view-feeds.ts";
import { errors } from "../../errors.ts";
import { queuedJobAnswer } from "../../jobs/job-json.ts";
import { queuedEngine } from "../../query/queued-engine.ts";
import { baseUrlOf } from "../base-url.ts";
import type { ApiContext } from "../context.ts";
import { arg, paramsOf, principalOf, queryOf } from "../request.ts";

type TenantRequest = FastifyRequest<{ Params: { tenant: string } }>;

function adminOnly(ctx: ApiContext, request: FastifyRequest): void {
  if (!principalOf(ctx, request).isAdmin) throw errors.adminOnlyTenants();
}

export function tenantRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const exportsDir = join(ctx.config.dataDir, "exports");
  // What an export interrupted by a stop left behind.
  rmSync(exportsDir, { recursive: true, force: true });

  app.post<{ Params: { tenant: string } }>("/v0/tenants/:tenant/delete", async (request: TenantRequest, reply) => {
    adminOnly(ctx, request);
    if (ctx.config.clickhouseCluster !== undefined) throw errors.dataOpsInCluster();
    const domain = arg(paramsOf(request), "domain");
    reply.code(201);
    return queuedJobAnswer(ctx.dataOps.requestTenantDelete(request.params.tenant, domain === "" ? undefined : domain), baseUrlOf(ctx, request));
  });

  app.get<{ Params: { tenant: string } }>("/v0/tenants/:tenant/export", async (request: TenantRequest, reply) => {
    adminOnly(ctx, request);
    const query = queryOf(request);
    const format = exportFormat(arg(query, "format"));
    const name = arg(query, "datasource") ?? "analytics_events";
    const datasource = ctx.project.datasources.get(name);
    if (!datasource) throw errors.notFound(`Data Source '${name}'`);
    if (reachedByAView(ctx.project, name)) throw errors.badRequest(`Data Source '${name}' is filled by a materialized view (rows of aggregate states); export the datasource it reads`);
    const domain = arg(query, "domain") || undefined;
    checkExportable(datasource, domain);
    await mkdir(exportsDir, { recursive: true });
    const path = join(exportsDir, randomUUID());
    const remove = () => rm(path, { force: true }).catch(() => undefined);
    try {
      const { rows } = await exportTenant(queuedEngine(ctx.engine, ctx.queries, "tenant exports"), { datasource, tenant: request.params.tenant, domain, format, path });
      const size = (await stat(path).catch(() => ({ size: 0 }))).size;
      ctx.logger.info({ tenant: request.params.tenant, domain, datasource: name, format, rows, bytes: size }, "tenant export");
      const file = size > 0 ? createReadStream(path) : undefined;
      file?.once("close", () => void remove());
      if (!file) void remove();
      const filename = `${request.params.tenant.replace(/[^\w.-]/g, "_")}-${name}.${format}`;
      return reply
        .header("content-type", EXPORT_FORMATS[format].contentType)
        .header("content-disposition", `attachment; filename="${filename}"`)
        .header("x-aviary-rows", String(rows))
        .send(file ?? "");
    } catch (err) {
      await remove();
      throw err;
    }
  });
}
