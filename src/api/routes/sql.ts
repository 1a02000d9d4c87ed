/** `GET|POST /v0/sql`: the statement comes from `q` or, on POST, the body. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { runSql } from "../../query/run-sql.ts";
import type { ApiContext } from "../context.ts";
import { arg, principalOf, queryOf } from "../request.ts";

function statementOf(request: FastifyRequest): string {
  const fromQuery = arg(queryOf(request), "q");
  if (fromQuery !== undefined) return fromQuery;
  const body = request.body;
  if (typeof body === "string") return body;
  if (Buffer.isBuffer(body)) return body.toString("utf8");
  if (body !== null && typeof body === "object" && typeof (body as { q?: unknown }).q === "string") return (body as { q: string }).q;
  return "";
}

export function sqlRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = principalOf(ctx, request);
    const result = await runSql(ctx.project, ctx.engine, principal, statementOf(request), { max_execution_time: ctx.config.queryTimeoutSeconds });
    return reply.type(result.contentType).send(result.body);
  };
  app.get("/v0/sql", handler);
  app.post("/v0/sql", handler);
}
