/**
 * The tracking script at `/flock.js`, its source map and its lazily loaded chunks. The URL
 * carries no version, so caching is a day (revalidated by ETag after) rather than forever:
 * a new tracker reaches every visitor within a day of an upgrade.
 */
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import type { ApiContext } from "../context.ts";
import { loadStaticFiles, sendStatic } from "../static-files.ts";

const DIST = fileURLToPath(new URL("../../../tracker/dist", import.meta.url));
const CACHE = "public, max-age=86400, stale-while-revalidate=604800";
const SERVED = ["flock.js", "flock.js.map", "flock-extensions.js", "flock-web-vitals.js"];

export function trackerRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const files = loadStaticFiles(DIST);
  if (!files.has("flock.js")) ctx.logger.warn({ dir: DIST }, "tracker not built: /flock.js answers 404 until `npm run build` has run");
  for (const name of SERVED) {
    app.get(`/${name}`, async (request, reply) => {
      const file = files.get(name);
      if (!file) return reply.code(404).send({ error: `${name} is not built; run npm run build` });
      // The core links its map by header: a sourceMappingURL comment would cost its size budget.
      if (name === "flock.js") reply.header("SourceMap", "flock.js.map");
      return sendStatic(request, reply, file, CACHE);
    });
  }
}
