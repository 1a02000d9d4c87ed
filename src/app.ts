/**
 * Starts Aviary: workspace → engine → project → deploy → HTTP, and stops it in the
 * reverse order so in-flight requests finish before the engine closes.
 */
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { ApiContext } from "./api/context.ts";
import { createMetrics } from "./api/metrics.ts";
import { buildServer } from "./api/server.ts";
import { openWorkspace } from "./auth/workspace.ts";
import type { Config } from "./config.ts";
import { deployProject } from "./engine/deploy.ts";
import { openEngine } from "./engine/open-engine.ts";
import { timedEngine } from "./engine/timed-engine.ts";
import { loadProject } from "./project/load-project.ts";

export interface RunningAviary {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly context: ApiContext;
  close(): Promise<void>;
}

export async function startAviary(config: Config, logger: Logger): Promise<RunningAviary> {
  const { workspace, created } = await openWorkspace(config.dataDir, config.adminToken);
  if (created) logger.info({ adminToken: workspace.adminToken }, "created a workspace; this is its admin token (also: npx aviary token admin)");
  const project = await loadProject(config.project);
  const metrics = createMetrics();
  const rawEngine = await openEngine(config);
  const engine = timedEngine(rawEngine, (kind, seconds) => metrics.querySeconds.observe({ kind }, seconds));
  try {
    const report = await deployProject(engine, project, { allowDestructive: config.allowDestructive });
    logger.info({ project: project.source, engine: engine.kind, ...report }, "project deployed");
  } catch (err) {
    await engine.close();
    throw err;
  }
  const context: ApiContext = { config, engine, project, workspace, metrics, logger, state: { ready: false, shuttingDown: false } };
  const app = buildServer(context);
  await app.listen({ host: config.host, port: config.port });
  context.state.ready = true;
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  logger.info({ url, dataDir: config.dataDir }, "Aviary is ready");
  let closing: Promise<void> | undefined;
  return {
    url,
    app,
    context,
    close: () =>
      (closing ??= (async () => {
        context.state.shuttingDown = true;
        await app.close();
        await engine.close();
        logger.info("stopped");
      })()),
  };
}
