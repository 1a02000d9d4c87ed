/** `GET|POST /v0/sql`: the statement comes from `q` or, on POST, the body. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { parseQuery } from "../query-string.ts";
import { runSql } from "../../query/run-sql.ts";
import { writtenStatementLimits } from "../../query/statement-limits.ts";
import type { ApiContext } from "../context.ts";
import { PARSED_BODY_LIMIT } from "../body-limit.ts";
import { arg, principalOf, queryOf } from "../request.ts";

/** A form-encoded body, kept as text: it is `q=…` or, as `curl --data "SELECT 1"` sends it, the bare statement. */
interface FormBody {
  readonly form: string;
}

const isForm = (body: unknown): body is FormBody => body !== null && typeof body === "object" && typeof (body as { form?: unknown }).form === "string";

/** The statement, and whether it came as the body (whose default format is JSON) or as `q`. */
function statementOf(request: FastifyRequest): { sql: string; inBody: boolean } {
  const fromQuery = arg(queryOf(request), "q");
  if (fromQuery !== undefined) return { sql: fromQuery, inBody: false };
  const body = request.body;
  if (typeof body === "string") return { sql: body, inBody: true };
  if (isForm(body)) {
    const q = arg(parseQuery(body.form) as Record<string, string | string[] | undefined>, "q");
    return q === undefined ? { sql: body.form, inBody: true } : { sql: q, inBody: false };
  }
  if (Buffer.isBuffer(body)) return { sql: body.toString("utf8"), inBody: true };
  if (body !== null && typeof body === "object" && typeof (body as { q?: unknown }).q === "string") return { sql: (body as { q: string }).q, inBody: false };
  return { sql: "", inBody: false };
}

export function sqlRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = principalOf(ctx, request);
    const statement = statementOf(request);
    const limits = writtenStatementLimits(ctx.config, principal);
    const format = statement.inBody ? "JSON" : "TabSeparated";
    const result = await ctx.queries.run(principal.rateKey, () => runSql(ctx.project, ctx.engine, principal, statement.sql, limits, format), { capped: !principal.isAdmin });
    return reply.type(result.contentType).send(result.body);
  };
  void app.register(async (scope) => {
    scope.removeContentTypeParser("application/x-www-form-urlencoded");
    scope.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: PARSED_BODY_LIMIT }, (_request, body, done) => done(null, { form: String(body) } satisfies FormBody));
    scope.get("/v0/sql", handler);
    scope.post("/v0/sql", handler);
  });
}
