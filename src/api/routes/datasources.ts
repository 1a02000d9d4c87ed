/**
 * Data Sources API: listing, and `mode=append` of an NDJSON body straight into the
 * table in one insert (all rows or none). For row-by-row checks, quarantine and the
 * write-ahead log, use the Events API.
 */
import type { FastifyInstance } from "fastify";
import { checkTenantBound } from "../../auth/append-binding.ts";
import type { ApiContext } from "../context.ts";
import { errors } from "../../errors.ts";
import { arg, principalOf, queryOf } from "../request.ts";

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

  app.post("/v0/datasources", async (request) => {
    const principal = principalOf(ctx, request);
    const query = queryOf(request);
    const name = arg(query, "name");
    if (!name) throw errors.badRequest("The 'name' parameter is required");
    const datasource = ctx.project.datasources.get(name);
    if (!datasource) throw errors.notFound(`Data Source '${name}'`);
    if (!principal.canAppend(name)) throw errors.noAppend(name);
    checkTenantBound(principal, datasource);
    if (principal.appendBinding?.(name)) throw errors.eventsApiOnly(name);
    if ((arg(query, "mode") ?? "append") !== "append") throw errors.badRequest("Only mode=append is supported");
    const format = arg(query, "format") ?? "ndjson";
    if (format !== "ndjson") throw errors.badRequest(`Format '${format}' not supported for appends; send NDJSON with format=ndjson`);
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.from(typeof request.body === "string" ? request.body : JSON.stringify(request.body ?? ""));
    const { rowsWritten } = await ctx.engine.insert(name, body);
    return { datasource: { name }, rows: rowsWritten, import_id: request.id };
  });
}
