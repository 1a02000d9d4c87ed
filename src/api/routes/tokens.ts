/**
 * `GET /v0/tokens` (the admin token and the project's static tokens) and
 * `POST /v0/tokens/?expiration_time=<unix>`, which mints a JWT from the JSON body
 * `@tinybirdco/sdk`'s `createJWT` sends: `{name, scopes: [{type, resource, fixed_params?, filter?}], limits?}`.
 * A DATASOURCES:APPEND scope may also carry `fixed_params` and `domains` (a tenant-bound
 * tracker token); its fixed columns must exist in the deployed project. Both need the admin token.
 */
import type { FastifyInstance } from "fastify";
import { appendScopeProblems } from "../../auth/append-binding.ts";
import type { JwtScope } from "../../auth/jwt-claims.ts";
import { signJwt } from "../../auth/jwt-sign.ts";
import { JwtError } from "../../auth/jwt-verifier.ts";
import { parseScope } from "../../auth/scopes.ts";
import type { ApiContext } from "../context.ts";
import { errors } from "../../errors.ts";
import { arg, principalOf, queryOf } from "../request.ts";

export function tokenRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get("/v0/tokens", async (request) => {
    if (!principalOf(ctx, request).isAdmin) throw errors.adminOnly();
    const stored = ctx.access.tokens.list().map((t) => ({ name: t.name, token: t.token, scopes: t.scopes.flatMap((s) => parseScope(s) ?? []) }));
    return { tokens: [{ name: "admin token", token: ctx.workspace.adminToken, scopes: [{ type: "ADMIN" }] }, ...stored] };
  });

  app.post("/v0/tokens", async (request) => {
    if (!principalOf(ctx, request).isAdmin) throw errors.adminOnly();
    const expiration = arg(queryOf(request), "expiration_time");
    if (expiration === undefined) {
      throw errors.badRequest("expiration_time is required: this endpoint creates JWTs (static tokens are declared in the project with TOKEN)");
    }
    const exp = Number(expiration);
    if (!Number.isInteger(exp)) throw errors.badRequest(`expiration_time must be Unix seconds, got ${JSON.stringify(expiration)}`);
    const body = (request.body ?? {}) as { name?: unknown; scopes?: unknown; limits?: unknown };
    if (typeof body.name !== "string") throw errors.badRequest("The JSON body needs a name (it keys the token's rate limit)");
    if (!Array.isArray(body.scopes)) throw errors.badRequest("The JSON body needs scopes: [{type, resource, fixed_params?, filter?}]");
    try {
      const scopes = body.scopes as JwtScope[];
      const token = await signJwt(ctx.workspace, { name: body.name, exp, scopes, limits: body.limits as { rps?: number } | undefined });
      // Checked once signJwt has validated the scopes' shape: bound APPEND scopes must fit the deployed project.
      const problems = appendScopeProblems(ctx.project, scopes);
      if (problems.length > 0) throw new JwtError(problems.join("; "));
      return { token };
    } catch (err) {
      if (err instanceof JwtError) throw errors.badRequest(`Invalid JWT request: ${err.message}`);
      throw err;
    }
  });
}
