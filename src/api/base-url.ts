import type { FastifyRequest } from "fastify";
import type { ApiContext } from "./context.ts";

/** This server as the client reached it, for URLs in answers (`job_url`). */
export function baseUrlOf(ctx: ApiContext, request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? `${ctx.config.host}:${ctx.config.port}`}`;
}
