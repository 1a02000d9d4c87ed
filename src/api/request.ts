import type { FastifyRequest } from "fastify";
import type { Principal } from "../auth/principal.ts";
import type { ApiContext } from "./context.ts";

export type Query = Record<string, string | string[] | undefined>;

export function queryOf(request: FastifyRequest): Query {
  return (request.query ?? {}) as Query;
}

/** First value of a query argument, as Tinybird reads it. */
export function arg(query: Query, name: string): string | undefined {
  const v = query[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The auth stage: every route that reads or writes data starts here (and is rate limited here). */
export function principalOf(ctx: ApiContext, request: FastifyRequest): Principal {
  const query = queryOf(request);
  return ctx.access.authenticate({ queryToken: arg(query, "token"), authorization: request.headers.authorization });
}
