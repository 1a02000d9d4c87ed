/**
 * `POST /v1/build`: what `tinybird build` sends in local mode. The multipart datafiles
 * are the whole new project: parsed and validated (every problem reported at once),
 * deployed, and only then served, replacing the running project as a whole. The answer
 * is Tinybird's build response, which the CLI prints.
 */
import { randomUUID } from "node:crypto";
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { DeployError, deployProject } from "../../engine/deploy.ts";
import { EngineError } from "../../engine/engine.ts";
import { buildFeedbackOf, buildIssuesOf, hasChanges, intakeBuildParts, projectChanges, type BuildIssue, type BuildPart } from "../../project/build-intake.ts";
import { keepAviaryOptions } from "../../project/keep-aviary-options.ts";
import { loadDatafiles, type DatafileInput } from "../../project/load-datafiles.ts";
import { ProjectError, type Project, type ProjectIssue } from "../../project/model.ts";
import { applyRetention } from "../../project/retention.ts";
import { projectVersion } from "../../state/project-version.ts";
import type { ApiContext } from "../context.ts";
import { BUILD_SOURCE, serveProject } from "../served-project.ts";
import { errors } from "../../errors.ts";
import { principalOf } from "../request.ts";

const LIMITS = { fileSize: 5 * 1024 * 1024, files: 5000, parts: 5000, fields: 100 };

async function readParts(request: FastifyRequest): Promise<BuildPart[]> {
  const parts: BuildPart[] = [];
  for await (const part of request.parts({ limits: LIMITS })) {
    if (part.type !== "file") continue;
    parts.push({ fieldname: part.fieldname, filename: part.filename, content: (await part.toBuffer()).toString("utf8") });
  }
  return parts;
}

const failed = (errorList: readonly BuildIssue[]) => ({
  result: "failed" as const,
  error: errorList.map((e) => (e.filename ? `[${e.filename}] ${e.error}` : e.error)).join("\n"),
  errors: errorList,
});

const resources = (project: Project) => ({
  datasources: [...project.datasources.values()].map((d) => ({ name: d.name, type: "datasource" })),
  pipes: [...project.pipes.values()].map((p) => ({ name: p.name, type: p.type })),
});

export function buildRoutes(app: FastifyInstance, ctx: ApiContext): void {
  // One build at a time: each is planned against the project the previous one left.
  let queue: Promise<unknown> = Promise.resolve();

  void app.register(async (scope) => {
    await scope.register(multipart, { limits: LIMITS, throwFileSizeLimit: true });

    scope.post("/v1/build", async (request, reply) => {
      if (!principalOf(ctx, request).isAdmin) throw errors.noAccess();
      if (!request.isMultipart()) throw errors.badRequest("POST /v1/build takes multipart/form-data: one part per .datasource or .pipe file");
      const intake = intakeBuildParts(await readParts(request));

      let project: Project | undefined;
      let issues: BuildIssue[] = [...intake.issues];
      const notes: ProjectIssue[] = [];
      const onNote = (note: ProjectIssue): void => {
        notes.push(note);
        ctx.logger.warn({ file: note.loc.file, line: note.loc.line }, `build: ${note.message}`);
      };
      const kept = keepAviaryOptions(ctx.project, intake.files);
      kept.notes.forEach(onNote);
      const { files } = kept;
      try {
        project = loadDatafiles(files, BUILD_SOURCE, { onNote });
      } catch (err) {
        if (!(err instanceof ProjectError)) throw err;
        issues = [...issues, ...buildIssuesOf(err.issues)];
      }
      if (project === undefined || issues.length > 0) return reply.code(400).send(failed(issues));

      // The server's retention applies to builds as to the project it started with.
      const retained = applyRetention(project, ctx.config.retentionDays, ctx.tenantRetention).project;
      const run = queue.then(() => deploy(ctx, retained, files));
      queue = run.catch(() => undefined);
      const outcome = await run;
      if (outcome.result === "failed") return reply.code(400).send(outcome);
      // Tinybird's build answer carries its warnings as `feedback`, which `tb build` prints.
      return reply.send({ ...outcome, build: { ...outcome.build, feedback: buildFeedbackOf(notes, BUILD_SOURCE) } });
    });
  });
}

/** Deploys a validated build and, once the engine has it, serves it. */
async function deploy(ctx: ApiContext, project: Project, files: readonly DatafileInput[]) {
  const changes = projectChanges(ctx.project, project);
  const build = { id: randomUUID(), ...resources(project), ...changes };
  if (!hasChanges(changes)) return { result: "no_changes" as const, build };
  try {
    // One deploy at a time across nodes; the build's tokens and version are recorded under the same lease.
    await ctx.store.exclusive(async () => {
      const report = await deployProject(ctx.engine, project, { allowDestructive: ctx.config.allowDestructive, cluster: ctx.config.clickhouseCluster, record: ctx.store.deployRecord });
      ctx.logger.info({ build: build.id, ...report }, "build deployed");
      await ctx.access.tokens.syncProject(project);
      await ctx.store.saveBuild(files);
      await ctx.store.recordDeployedVersion(projectVersion(project, ctx.config.clickhouseCluster));
    });
  } catch (err) {
    // The running project stays as it was; a refused deploy changed nothing.
    if (err instanceof DeployError) return failed(err.problems.map((problem) => ({ error: problem })));
    if (err instanceof EngineError) return failed([{ error: `ClickHouse refused the deploy: ${err.message}` }]);
    throw err;
  }
  serveProject(ctx, project);
  return { result: "success" as const, build };
}
