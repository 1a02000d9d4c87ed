/**
 * The Tinybird Local endpoints the SDK's CLI calls before `POST /v1/build` when its
 * `devMode` is `local` (it always talks to http://localhost:7181, Aviary's default port):
 * `GET /tokens`, `GET /v1/workspace`, `GET /v1/user/workspaces`, `POST /v1/workspaces`.
 *
 * Aviary has one workspace. The CLI looks a workspace up by name and creates it when
 * missing (a git feature branch asks for one named after the branch), then looks it up
 * again: a created name is remembered as another name of the one workspace, so the CLI
 * finds it and builds into the same place.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ApiContext } from "../context.ts";
import { ApiError, errors } from "../../errors.ts";
import { notLocalReason } from "../local-caller.ts";
import { principalOf } from "../request.ts";

// Tinybird's rule for workspace names; also keeps odd text out of responses.
const WORKSPACE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;
// No web page may call /tokens, so it carries no CORS headers, preflight included.
const NO_CORS = { config: { cors: false } };

function requireAdmin(ctx: ApiContext, request: FastifyRequest): void {
  if (!principalOf(ctx, request).isAdmin) throw errors.noAccess();
}

export function localWorkspaceRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { workspace } = ctx;
  // Names the CLI created, in the order it created them; all are the one workspace.
  const aliases = new Set<string>();
  const entry = (name: string) => ({ id: workspace.id, name, token: workspace.adminToken });

  /**
   * `GET /tokens` hands out the admin token without asking for one, as Tinybird Local
   * does, but only to a program on this machine (`local-caller.ts` says who that is).
   */
  app.get("/tokens", NO_CORS, async (request) => {
    if (!ctx.config.localTokens) throw errors.localTokensOff();
    const reason = notLocalReason({ headers: request.headers, remoteAddress: request.socket.remoteAddress, localPort: request.socket.localPort });
    if (reason !== undefined) throw errors.notLocal(reason);
    const token = workspace.adminToken;
    return { user_token: token, admin_token: token, workspace_admin_token: token };
  });
  app.options("/tokens", NO_CORS, async (_request, reply) => reply.code(204).send());

  app.get("/v1/workspace", async (request) => {
    const principal = principalOf(ctx, request);
    return {
      id: workspace.id,
      name: workspace.name,
      user_id: workspace.id,
      user_email: "admin@aviary.local",
      scope: principal.isAdmin ? "admin" : "user",
      main: null,
      ...(principal.isAdmin ? { token: workspace.adminToken } : {}),
    };
  });

  app.get("/v1/user/workspaces", async (request) => {
    requireAdmin(ctx, request);
    return { workspaces: [entry(workspace.name), ...[...aliases].map(entry)], organization_id: workspace.id };
  });

  app.post("/v1/workspaces", async (request) => {
    requireAdmin(ctx, request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const name = typeof body.name === "string" ? body.name : "";
    if (!WORKSPACE_NAME.test(name)) {
      throw errors.badRequest(`Invalid workspace name ${JSON.stringify(name)}: use letters, digits and _, starting with a letter or _`);
    }
    if (name !== workspace.name) aliases.add(name);
    return entry(name);
  });

  app.delete("/v1/workspaces/:id", async (request) => {
    requireAdmin(ctx, request);
    throw new ApiError(
      "SINGLE_WORKSPACE",
      400,
      "Aviary serves a single workspace, which can not be deleted or cleared over the API: stop the server and remove its data directory to start afresh",
    );
  });
}
