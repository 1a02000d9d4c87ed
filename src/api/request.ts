import type { FastifyRequest } from "fastify";
import type { Principal } from "../auth/principal.ts";
import { errors } from "../errors.ts";
import type { ApiContext } from "./context.ts";

export type Query = Record<string, string | string[] | undefined>;

export function queryOf(request: FastifyRequest): Query {
  return (request.query ?? {}) as Query;
}

/** The query string and a parsed form or JSON body together; the body wins, as it is where the SDK sends them. */
export function paramsOf(request: FastifyRequest): Query {
  const body = request.body !== null && typeof request.body === "object" && !Buffer.isBuffer(request.body) ? (request.body as Record<string, unknown>) : {};
  const query = queryOf(request);
  const params: Query = { ...query };
  for (const [name, value] of Object.entries(body)) {
    const text = bodyValue(name, value);
    const inQuery = arg(query, name);
    // Neither may silently win: `?dry_run=true` with `dry_run=false` in the body ran the delete.
    if (inQuery !== undefined && inQuery !== text) throw errors.badRequest(`'${name}' is given in the query string and in the body, with different values: give it once`);
    params[name] = text;
  }
  return params;
}

/**
 * A body's value as a query argument's: JSON numbers and booleans as their text. Lists,
 * objects and nulls are refused: none of these routes takes one, and `[]` read as absent
 * (`"domain": []` deleted every domain of a tenant).
 */
function bodyValue(name: string, value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw errors.badRequest(`'${name}' must be a string, a number or true/false, not ${value === null ? "null" : Array.isArray(value) ? "a list" : typeof value}`);
}

/** A yes/no argument: `true`/`1` or `false`/`0` (any case), absent or empty is no; anything else is refused rather than guessed. */
export function flagArg(query: Query, name: string): boolean {
  const value = (arg(query, name) ?? "").trim().toLowerCase();
  if (value === "true" || value === "1") return true;
  if (value === "" || value === "false" || value === "0") return false;
  throw errors.badRequest(`'${name}' is true or false, not '${arg(query, name)!.slice(0, 100)}'`);
}

/** A request header's first value. */
export const header = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** First value of a query argument, as Tinybird reads it. */
export function arg(query: Query, name: string): string | undefined {
  const v = query[name];
  return Array.isArray(v) ? v[0] : v;
}

const principals = new WeakMap<FastifyRequest, Principal>();

/**
 * The auth stage: every route that reads or writes data starts here (and is rate limited here).
 * Once per request: the JSON body parser asks before the route does, and each asking would
 * take from the token's rate limit.
 */
export function principalOf(ctx: ApiContext, request: FastifyRequest): Principal {
  let principal = principals.get(request);
  if (!principal) {
    const query = queryOf(request);
    principal = ctx.access.authenticate({ queryToken: arg(query, "token"), authorization: request.headers.authorization });
    principals.set(request, principal);
  }
  return principal;
}
