/** `GET|POST /v0/pipes/{name}.{format}` and the pipe listing. */
import type { FastifyInstance } from "fastify";
import { warnUndeclaredFixedParams } from "../../auth/declared-params.ts";
import { collectVariables } from "../../query/params.ts";
import { PIPE_FORMATS } from "../../query/run-pipe.ts";
import { runEndpoint } from "../../query/run-endpoint.ts";
import { statementLimits, writtenStatementLimits } from "../../query/statement-limits.ts";
import { isTemplate } from "../../template/index.ts";
import type { ApiContext } from "../context.ts";
import { errors } from "../../errors.ts";
import { arg, principalOf, queryOf } from "../request.ts";
import { baseUrlOf } from "../base-url.ts";
import { sendStatic } from "../static-files.ts";
import { openApiFile } from "./openapi.ts";
import { copyPipeFields } from "./copy.ts";

export function pipeRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get("/v0/pipes", async (request) => {
    const principal = principalOf(ctx, request);
    const pipes = [...ctx.project.pipes.values()].filter((p) => principal.canReadPipe(p.name));
    return {
      pipes: pipes.map((p) => ({
        name: p.name,
        description: p.description ?? "",
        type: p.type,
        endpoint: p.type === "endpoint" ? `/v0/pipes/${p.name}.json` : null,
        tags: p.tags ?? [],
        ...copyPipeFields(p),
        nodes: p.nodes.map((n) => ({ name: n.name, sql: n.sql, description: n.description ?? "" })),
      })),
    };
  });

  app.get("/v0/pipes/openapi.json", async (request, reply) => {
    const principal = principalOf(ctx, request);
    // It depends on the token: browsers revalidate (ETag) rather than share or reuse it unasked.
    return sendStatic(request, reply, openApiFile(ctx.project, (name) => principal.canReadPipe(name), baseUrlOf(ctx, request)), "private, no-cache");
  });

  const handler = async (request: import("fastify").FastifyRequest<{ Params: { "*": string } }>, reply: import("fastify").FastifyReply) => {
    const principal = principalOf(ctx, request);
    const path = request.params["*"];
    const dot = path.lastIndexOf(".");
    const [name, extension] = dot < 0 ? [path, ""] : [path.slice(0, dot), path.slice(dot + 1)];
    if (!(extension in PIPE_FORMATS)) throw errors.badFormat(extension, Object.keys(PIPE_FORMATS));
    const pipe = ctx.project.pipes.get(name);
    // No existence leak: a token that may not read a pipe learns nothing about it.
    if (!principal.canReadPipe(name)) throw errors.noAccess();
    if (!pipe) throw errors.pipeNotFound(name);
    if (pipe.type !== "endpoint") throw errors.notAnEndpoint(name);
    ctx.access.admitPipe(principal, name);
    warnUndeclaredFixedParams(ctx.logger, ctx.project, principal, pipe);
    const query = queryOf(request);
    const body = request.body !== null && typeof request.body === "object" ? (request.body as Record<string, unknown>) : undefined;
    const q = (body && typeof body.q === "string" ? body.q : undefined) ?? arg(query, "q");
    if (q !== undefined && isTemplate(q)) throw errors.qTemplate();
    const variables = collectVariables(query, request.method === "POST" ? body : undefined, principal.fixedParams(name));
    const limits = (q === undefined ? statementLimits : writtenStatementLimits)(ctx.config, principal);
    const turn = <T>(work: () => Promise<T>) => ctx.queries.run(principal.rateKey, work, { capped: !principal.isAdmin });
    const deps = { project: ctx.project, engine: ctx.engine, results: ctx.results, versions: ctx.versions, turn };
    const result = await runEndpoint(deps, principal, { pipe, extension, variables, q, limits });
    if (result.warnings.length > 0) reply.header("X-Tb-Warning", JSON.stringify(result.warnings));
    // A cached answer says how old it is, and whether this request computed it.
    if (result.cache) reply.header("Age", String(result.cache.age)).header("X-Aviary-Cache", result.cache.outcome);
    reply.header("X-TB-Statistics", JSON.stringify({ elapsed: result.elapsed }));
    return reply.type(result.contentType).send(result.body);
  };
  app.get("/v0/pipes/*", handler);
  app.post("/v0/pipes/*", handler);
}
