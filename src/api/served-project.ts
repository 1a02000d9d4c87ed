/**
 * Which project a node serves. One node swaps it when a build it deployed succeeds. Nodes
 * sharing a ClickHouse also follow each other: a build (`POST /v1/build`) reaches one node,
 * and every other one looks at the deployed version every FOLLOW_MS; when that is not the
 * version it serves, it loads the project of that version (the last build any node saved,
 * or the project it started with, which a restarted node deploys again) and serves it.
 * Until it does, a node runs its previous pipes against the new tables, for FOLLOW_MS at most.
 */
import { loadDatafiles } from "../project/load-datafiles.ts";
import type { Project } from "../project/model.ts";
import { applyRetention } from "../project/retention.ts";
import { projectVersion } from "../state/project-version.ts";
import type { StateStore } from "../state/state-store.ts";
import type { ApiContext } from "./context.ts";
import { pipeParameters } from "./routes/openapi.ts";

export const FOLLOW_MS = 5000;
/** Where a build's datafiles come from, as its errors and notes name it. */
export const BUILD_SOURCE = "POST /v1/build";

/**
 * Compiles every node's template now rather than on the first request to its pipe: the kit's
 * take about 0.3 s together, which a cold dashboard's first requests would otherwise wait for.
 * Reading each pipe's parameters (kept for `openapi.json`, which the dashboard asks for) does it.
 */
export function compileTemplates(project: Project): void {
  for (const pipe of project.pipes.values()) {
    try {
      pipeParameters(pipe);
    } catch {
      // A template that does not compile is reported by the requests that render it.
    }
  }
}

/** Serves `project` from the next request on; copy pipes follow its schedules. */
export function serveProject(ctx: ApiContext, project: Project): void {
  compileTemplates(project);
  ctx.project = project;
  ctx.versions?.writtenAnywhere();
  ctx.copies.reschedule(project);
}

/** The project of the last build a node saved, as that node deployed it (the server's retention applied). */
export async function latestBuildProject(store: StateStore, retentionDays: number, tenantRetention: Readonly<Record<string, number>>): Promise<Project | undefined> {
  const files = await store.latestBuild();
  return files === undefined ? undefined : applyRetention(loadDatafiles(files, BUILD_SOURCE), retentionDays, tenantRetention).project;
}

/** Follows the deployed version until stopped; `started` is the project this node started with. */
export function followDeploys(ctx: ApiContext, started: Project): { stop(): void } {
  const cluster = ctx.config.clickhouseCluster;
  let unknown: string | undefined;
  const follow = async () => {
    const deployed = await ctx.store.deployedVersion();
    // A version already found unloadable is not loaded again every tick.
    if (deployed === undefined || deployed === unknown || deployed === projectVersion(ctx.project, cluster)) return;
    const candidates = [started, await latestBuildProject(ctx.store, ctx.config.retentionDays, ctx.tenantRetention)];
    const project = candidates.find((p) => p !== undefined && projectVersion(p, cluster) === deployed);
    if (project !== undefined) {
      serveProject(ctx, project);
      ctx.logger.info({ version: deployed, project: project.source }, "serving the project another node deployed");
    } else {
      unknown = deployed;
      ctx.logger.warn({ version: deployed }, "the deployed project is neither the last build nor this node's --project; serving the previous one (start every node with the same --project)");
    }
  };
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    follow()
      .catch((err: unknown) => ctx.logger.warn({ err }, "could not check the deployed project version; trying again"))
      .finally(() => (running = false));
  }, FOLLOW_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
