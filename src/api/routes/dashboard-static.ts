/**
 * Serves the built dashboard (dashboard/dist) at `/`. Hashed files under /assets/ never
 * change, so browsers keep them for a year; index.html is revalidated on every load so a
 * new build is picked up at once. Any other extensionless GET path outside the API gets
 * index.html (the dashboard's own routes). API paths and missing files keep the JSON 404.
 */
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { loadStaticFiles, sendStatic } from "../static-files.ts";

export const DASHBOARD_DIST = fileURLToPath(new URL("../../../dashboard/dist/", import.meta.url));

/** Paths owned by the API or the tracker: never answered with the dashboard. */
const NOT_DASHBOARD = /^\/(v\d+|health|metrics)(\/|$)|^\/flock[^/]*\.js$/;

// The page carries a token: no framing, no referrer, scripts and API calls from here only.
// React sets `style` attributes (bar widths), hence 'unsafe-inline' for styles alone.
const PAGE_HEADERS = {
  "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
} as const;

export function dashboardStaticRoutes(app: FastifyInstance): void {
  // Read once: a new build is served after a restart (the files are small).
  const files = loadStaticFiles(DASHBOARD_DIST);
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    let path: string;
    try {
      path = decodeURIComponent(request.url.split("?")[0] ?? "/");
    } catch {
      return reply.callNotFound();
    }
    if (NOT_DASHBOARD.test(path)) return reply.callNotFound();
    const extension = extname(path);
    if (extension !== "" && path !== "/index.html") {
      const file = files.get(path.slice(1));
      if (!file) return reply.callNotFound();
      const immutable = path.startsWith("/assets/");
      return sendStatic(request, reply, file, immutable ? "public, max-age=31536000, immutable" : "public, max-age=300");
    }
    const index = files.get("index.html");
    if (!index) {
      return reply
        .code(503)
        .type("text/plain; charset=utf-8")
        .send("The dashboard is not built. Build it with: npx vite build --config dashboard/vite.config.ts\n");
    }
    reply.headers(PAGE_HEADERS);
    return sendStatic(request, reply, index, "no-cache");
  };
  app.get("/", handler);
  app.get("/*", handler);
}
