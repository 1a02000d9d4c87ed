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
import { ApiError, errors } from "../../errors.ts";
import type { ApiContext } from "../context.ts";
import { decompress, isBlank } from "../../ingest/decode-body.ts";
import { arg, header, principalOf, queryOf, type Query } from "../request.ts";
import { BODY_LIMIT } from "../body-limit.ts";

/** A multipart request's few fields (`replace_condition`) are small; the file is the rows. */
const MULTIPART_LIMITS = { fileSize: BODY_LIMIT, files: 1, fields: 8, fieldSize: 64 * 1024, parts: 10 };

/** A multipart stream's failure as the client's: past a limit 413, malformed 400. */
function multipartError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const status = (err as { statusCode?: number }).statusCode;
  if (status === 413) return errors.tooLarge(BODY_LIMIT);
  return errors.badRequest(`The multipart body cannot be read (${(err as Error).message}): send one file part with the NDJSON rows, as the SDK does`);
}

/**
 * The rows, and the fields of a multipart request: its first file part is the rows. Any
 * other body is the rows as sent, whatever its Content-Type (curl's default is form-encoded),
 * as for the Events API. Read only once the token may append here.
 */
async function readRows(request: FastifyRequest): Promise<{ rows: Buffer; fields: Query }> {
  if (!request.isMultipart()) return { rows: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0), fields: {} };
  const fields: Query = {};
  let rows: Buffer | undefined;
  try {
    for await (const part of request.parts({ limits: MULTIPART_LIMITS })) {
      if (part.type === "file") rows = await part.toBuffer();
      else if (part.valueTruncated) throw errors.tooLarge(BODY_LIMIT);
      else fields[part.fieldname] ??= String(part.value);
    }
  } catch (err) {
    throw multipartError(err);
  }
  if (!rows) throw errors.badRequest("The multipart request has no file part: send the NDJSON rows as a file (field 'ndjson' or 'csv', as the SDK does), or as the body");
  return { rows, fields };
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
    // Every body is the rows, kept as bytes: a form-encoded parse would turn NDJSON into one empty row.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));
    await scope.register(multipart, { limits: { fileSize: BODY_LIMIT }, throwFileSizeLimit: true });

    scope.post("/v0/datasources", async (request) => {
      const principal = principalOf(ctx, request);
      const query = queryOf(request);
      const name = arg(query, "name");
      if (!name) throw errors.badRequest("The 'name' parameter is required");
      const datasource = ctx.project.datasources.get(name);
      if (!datasource) throw errors.notFound(`Data Source '${name}'`);
      if (!principal.canAppend(name)) throw errors.noAppend(name);
      checkTenantBound(principal, datasource);
      const mode = arg(query, "mode") ?? "append";
      if (mode !== "append" && mode !== "replace") throw errors.badRequest(`Unknown mode '${mode}': use append or replace`);
      if (mode === "replace" && !principal.isAdmin) throw errors.adminOnlyDataOps();
      if (principal.appendBinding?.(name)) throw errors.eventsApiOnly(name);
      // Its rows get columns only the Events API writes (the sender's place, the time written), over whatever was sent.
      if (!principal.isAdmin && (datasource.ipGeolocation || datasource.writeTime || datasource.visitorId)) throw errors.eventsApiCompletes(name);
      const format = arg(query, "format") ?? "ndjson";
      if (format !== "ndjson") throw errors.badRequest(`Format '${format}' is not supported by the Data Sources API here; send NDJSON with format=ndjson`);
      const { rows: sent, fields } = await readRows(request);
      const body = await decompress(sent, header(request.headers["content-encoding"]));
      if (mode === "append") {
        const { rowsWritten } = await ctx.engine.insert(name, body);
        return { datasource: { name }, rows: rowsWritten, import_id: request.id };
      }
      if (ctx.config.clickhouseCluster !== undefined) throw errors.dataOpsInCluster();
      // An empty body is most often a file that was not sent (curl's --data-binary @typo sends nothing): it would delete the rows.
      if (isBlank(body)) throw errors.emptyReplace(name);
      const condition = arg(query, "replace_condition") || arg(fields, "replace_condition") || undefined;
      if (condition !== undefined) await checkDeleteCondition(ctx.engine, name, name, condition, "replace_condition");
      const { rows } = await ctx.dataOps.replace({ datasource: name, table: name }, condition, body);
      return { datasource: { name }, rows, import_id: request.id };
    });
  });
}
