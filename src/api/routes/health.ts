/**
 * `GET /health` (liveness: 200 once the project is deployed, until shutdown begins),
 * `GET /ready` (readiness: also the engine answers now; 503 with the reason otherwise)
 * and `GET /metrics` (Prometheus text, admin token).
 */
import type { FastifyInstance } from "fastify";
import { errors } from "../../errors.ts";
import { EngineProbe } from "../../engine/engine-probe.ts";
import type { ApiContext } from "../context.ts";
import { principalOf } from "../request.ts";

export function healthRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get("/health", async (_request, reply) => {
    const ok = ctx.state.ready && !ctx.state.shuttingDown;
    return reply.code(ok ? 200 : 503).send({ status: ok ? "ok" : ctx.state.shuttingDown ? "shutting down" : "starting", engine: ctx.engine.kind });
  });
  // For load balancers: a node whose ClickHouse is gone takes no traffic, but stays alive to come back.
  const probe = new EngineProbe(ctx.engine);
  app.get("/ready", async (_request, reply) => {
    const reason = ctx.state.shuttingDown ? "shutting down" : !ctx.state.ready ? "starting: the project is not deployed yet" : await probe.check();
    return reply.code(reason === undefined ? 200 : 503).send(reason === undefined ? { status: "ready", engine: ctx.engine.kind } : { status: "not ready", reason, engine: ctx.engine.kind });
  });
  // Admin only: totals across tenants (rows ingested, queue depth) are no tenant's business.
  app.get("/metrics", async (request, reply) => {
    if (!principalOf(ctx, request).isAdmin) throw errors.adminOnlyMetrics();
    return reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
}
