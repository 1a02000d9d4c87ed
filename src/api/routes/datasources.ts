/**
 * Data Sources API: listing, and NDJSON into a datasource in one insert (all rows or none),
 * from the request body or a multipart file part (how `@tinybirdco/sdk`'s `append({file})` and
 * `replace({file})` send it). `mode=append` adds the rows; `mode=replace` (admin only: it
 * deletes rows) puts them in place of all rows, or of those `replace_condition` picks (then
 * only new rows it picks are kept), views included (data-ops/data-op-service.ts). For
 * row-by-row checks, quarantine and the write-ahead log, use the Events API.
 */
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { checkTenantBound } from "../../auth/append-binding.ts";
import { checkDeleteCondition } from "../../data-ops/delete-condition.ts";
import { errors } from "../../errors.ts";
import type { ApiContext } from "../context.ts";
import { arg, principalOf, queryOf, type Query } from "../request.ts";
import { BODY_LIMIT } from "../server.ts";

/** The rows: the first file part of a multipart request, else the body as sent. */
async function rowsOf(request: FastifyRequest): Promise<Buffer> {
  if (request.isMultipart()) {
    for await (const part of request.parts({ limits: { fileSize: BODY_LIMIT, files: 1 } })) {
      if (part.type === "file") return part.toBuffer();
    }
    throw errors.badRequest("The multipart request has no file part: send the NDJSON rows as a file (field 'ndjson' or 'csv', as the SDK does), or as the body");
  }
  return Buffer.isBuffer(request.body) ? request.body : Buffer.from(typeof request.body === "string" ? request.body : JSON.stringify(request.body ?? ""));
}

export function datasourceRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get("/v0/datasources", async (request) => {
    const principal = principalOf(ctx, request);
    if (!principal.isAdmin) throw errors.noAccess();
    return {
      datasources: [...ctx.project.datasources.values()].map((ds) => ({
        name: ds.name,
        description: ds.description ?? "",
        tags: ds.tags ?? [],
        columns: ds.columns.map((c) => ({ name: c.name, type: c.type, jsonpath: c.jsonPath ?? null, default_value: c.defaultExpr ?? null })),
        engine: { engine: ds.engine.type, sorting_key: ds.engine.sortingKey ?? "", partition_key: ds.engine.partitionKey ?? "" },
      })),
    };
  });

  void app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: BODY_LIMIT }, throwFileSizeLimit: true });

    scope.post("/v0/datasources", async (request) => {
      const principal = principalOf(ctx, request);
      const query: Query = queryOf(request);
      const name = arg(query, "name");
      if (!name) throw errors.badRequest("The 'name' parameter is required");
      const datasource = ctx.project.datasources.get(name);
      if (!datasource) throw errors.notFound(`Data Source '${name}'`);
      if (!principal.canAppend(name)) throw errors.noAppend(name);
      checkTenantBound(principal, datasource);
      if (principal.appendBinding?.(name)) throw errors.eventsApiOnly(name);
      const mode = arg(query, "mode") ?? "append";
      if (mode !== "append" && mode !== "replace") throw errors.badRequest(`Unknown mode '${mode}': use append or replace`);
      if (mode === "replace" && !principal.isAdmin) throw errors.adminOnlyDataOps();
      const format = arg(query, "format") ?? "ndjson";
      if (format !== "ndjson") throw errors.badRequest(`Format '${format}' not supported for appends; send NDJSON with format=ndjson`);
      const body = await rowsOf(request);
      if (mode === "append") {
        const { rowsWritten } = await ctx.engine.insert(name, body);
        return { datasource: { name }, rows: rowsWritten, import_id: request.id };
      }
      if (ctx.config.clickhouseCluster !== undefined) throw errors.dataOpsInCluster();
      const condition = arg(query, "replace_condition") || undefined;
      if (condition !== undefined) await checkDeleteCondition(ctx.engine, name, name, condition);
      const { rows } = await ctx.dataOps.replace({ datasource: name, table: name }, condition, body);
      return { datasource: { name }, rows, import_id: request.id };
    });
  });
}
