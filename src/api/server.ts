/**
 * The HTTP edge. Routes decode a request, call the core and encode the result; this
 * file adds what every route shares: CORS, request ids, errors as JSON, metrics.
 */
import { BODY_LIMIT, PARSED_BODY_LIMIT, bodyLimitFor } from "./body-limit.ts";
import { randomUUID } from "node:crypto";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { ApiContext } from "./context.ts";
import { ApiError, errors, toApiError } from "../errors.ts";
import { MAX_JSON_NESTING, nestsWithin } from "../json-nesting.ts";
import { clearAnswerHeaders, compressResponses } from "./compression.ts";
import { dashboardStaticRoutes } from "./routes/dashboard-static.ts";
import { buildRoutes } from "./routes/build.ts";
import { copyRoutes } from "./routes/copy.ts";
import { jobRoutes } from "./routes/jobs.ts";
import { datasourceDataRoutes } from "./routes/datasource-data.ts";
import { datasourceRoutes } from "./routes/datasources.ts";
import { tenantRoutes } from "./routes/tenants.ts";
import { backupRoutes } from "./routes/backups.ts";
import { healthRoutes } from "./routes/health.ts";
import { localWorkspaceRoutes } from "./routes/local-workspace.ts";
import { parseQuery } from "./query-string.ts";
import { principalOf } from "./request.ts";
import { redactUrl } from "./redact-url.ts";
import { pipeRoutes } from "./routes/pipes.ts";
import { sqlRoutes } from "./routes/sql.ts";
import { tokenRoutes } from "./routes/tokens.ts";
import { trackerRoutes } from "./routes/tracker-static.ts";

const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Headers": "Authorization, Content-Type, X-Requested-With, X-Tb-Warning",
  "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, OPTIONS",
  // A cached answer's age, for browser clients of other origins too (src/query/run-endpoint.ts).
  "Access-Control-Expose-Headers": "X-Tb-Warning, Age, X-Aviary-Cache, X-Aviary-Rows",
  "Access-Control-Max-Age": "86400",
} as const;

declare module "fastify" {
  interface FastifyContextConfig {
    /** False on a route no web page may call (`GET /tokens`): it gets no CORS headers. */
    cors?: boolean;
  }
}


export function buildServer(ctx: ApiContext, extraRoutes: ((app: FastifyInstance) => void)[] = []): FastifyInstance {
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    // One line per request is too much at tracker traffic; onResponse logs at debug instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    genReqId: () => randomUUID(),
    // The parser named here is the one log redaction uses, so both read the same `token`.
    // Path parameters carry tenant ids (/v0/tenants/{tenant}/…), which may be as long as ingest lets them be.
    routerOptions: { ignoreTrailingSlash: true, querystringParser: parseQuery, maxParamLength: 4096 },
    // Requests that arrive while it closes get the onRequest hook's 503 (CORS headers, Retry-After), not Fastify's bare one.
    return503OnClosing: false,
  });

  // Every route that takes JSON needs a token: a stranger's body is not parsed at all.
  const json = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string", bodyLimit: PARSED_BODY_LIMIT }, (request, body, done) => {
    try {
      principalOf(ctx, request);
    } catch (err) {
      return done(err as Error, undefined);
    }
    const text = String(body);
    if (nestsWithin(text)) json(request, text, done);
    else done(errors.badRequest(`The JSON body nests more than ${MAX_JSON_NESTING} levels deep`), undefined);
  });
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: PARSED_BODY_LIMIT }, (_req, body, done) => {
    done(null, parseQuery(String(body)));
  });
  app.addContentTypeParser("text/plain", { parseAs: "string" }, (_req, body, done) => done(null, body));
  app.addContentTypeParser("application/x-ndjson", { parseAs: "buffer" }, (_req, body, done) => done(null, body));

  // Hooks in callback style: every request runs them, and an async hook costs promises and turns.
  app.addHook("onRequest", (request, reply, done) => {
    reply.header("X-Request-ID", request.id);
    if (request.routeOptions.config?.cors !== false) reply.headers(CORS_HEADERS);
    done(ctx.state.shuttingDown && request.url !== "/health" && request.url !== "/ready" ? errors.shuttingDown() : undefined);
  });
  app.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url ?? "unmatched";
    ctx.metrics.requests.inc({ route, method: request.method, status: String(reply.statusCode) });
    ctx.metrics.requestSeconds.observe({ route }, reply.elapsedTime / 1000);
    if (ctx.logger.isLevelEnabled("debug")) {
      ctx.logger.debug({ reqId: request.id, method: request.method, url: redactUrl(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, "request");
    }
    done();
  });

  app.setErrorHandler((err: unknown, request, reply) => {
    // Fastify's own 4xx (bad JSON, body too large) become API errors with the same status.
    const status = (err as { statusCode?: number }).statusCode;
    const message = err instanceof Error ? err.message : String(err);
    const apiError =
      err instanceof ApiError || !status || status >= 500
        ? toApiError(err)
        : status === 413
          ? errors.tooLarge(bodyLimitFor(request.headers["content-type"]))
          : new ApiError("BAD_REQUEST", status, message);
    // A stop turning requests away is not a failure.
    if (apiError.status >= 500 && apiError.code !== "SHUTTING_DOWN") ctx.logger.error({ err, reqId: request.id }, "request failed");
    clearAnswerHeaders(reply);
    return reply.code(apiError.status).headers(apiError.headers).send(apiError.body());
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `Not found: ${request.method} ${request.url.split("?")[0]}` }));

  app.options("/*", async (_request, reply) => reply.code(204).send());
  compressResponses(app);
  healthRoutes(app, ctx);
  pipeRoutes(app, ctx);
  copyRoutes(app, ctx);
  jobRoutes(app, ctx);
  sqlRoutes(app, ctx);
  datasourceRoutes(app, ctx);
  datasourceDataRoutes(app, ctx);
  tenantRoutes(app, ctx);
  backupRoutes(app, ctx);
  tokenRoutes(app, ctx);
  dashboardStaticRoutes(app);
  trackerRoutes(app, ctx);
  localWorkspaceRoutes(app, ctx);
  buildRoutes(app, ctx);
  for (const add of extraRoutes) add(app);
  return app;
}
