/** `GET /health` (200 once the project is deployed) and `GET /metrics` (Prometheus text, admin token). */
import type { FastifyInstance } from "fastify";
import { errors } from "../../errors.ts";
import type { ApiContext } from "../context.ts";
import { principalOf } from "../request.ts";

export function healthRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get("/health", async (_request, reply) => {
    const ok = ctx.state.ready && !ctx.state.shuttingDown;
    return reply.code(ok ? 200 : 503).send({ status: ok ? "ok" : ctx.state.shuttingDown ? "shutting down" : "starting", engine: ctx.engine.kind });
  });
  // Admin only: totals across tenants (rows ingested, queue depth) are no tenant's business.
  app.get("/metrics", async (request, reply) => {
    if (!principalOf(ctx, request).isAdmin) throw errors.adminOnlyMetrics();
    return reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
}
