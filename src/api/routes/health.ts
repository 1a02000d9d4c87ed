/** `GET /health` (200 once the project is deployed) and `GET /metrics` (Prometheus text). */
import type { FastifyInstance } from "fastify";
import type { ApiContext } from "../context.ts";

export function healthRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get("/health", async (_request, reply) => {
    const ok = ctx.state.ready && !ctx.state.shuttingDown;
    return reply.code(ok ? 200 : 503).send({ status: ok ? "ok" : ctx.state.shuttingDown ? "shutting down" : "starting", engine: ctx.engine.kind });
  });
  app.get("/metrics", async (_request, reply) => {
    return reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
}
