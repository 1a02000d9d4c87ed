/**
 * `aviary token jwt --tenant T [--dashboard] [--pipes 'kpis,top_*'] [--write] --ttl 30d [--fixed key=value …] [--rps N] [--name N]`:
 * prints a JWT that may read those pipes (wildcards allowed) with `tenant_id` (and any
 * `--fixed` parameter) fixed, signed with the data directory's admin token, so no running
 * server is needed. `--dashboard` is the dashboard's own list (dashboard/src/api/dashboard-pipes.ts),
 * the one its "share" action mints too; `--pipes` adds to it. Every selected pipe must
 * declare every fixed parameter: one it does not declare filters nothing, and the token
 * would read that pipe unfiltered. `--write` adds DATASOURCES:APPEND on the tenant's
 * definitions (dashboard/src/api/dashboard-writes.ts: goals, funnels) with the same
 * tenant_id (and a fixed domain) written into every row.
 */
import { Command } from "commander";
import { DASHBOARD_PIPES, pipeReadScopes } from "../../dashboard/src/api/dashboard-pipes.ts";
import { appendScopes, DASHBOARD_WRITABLE } from "../../dashboard/src/api/dashboard-writes.ts";
import { appendScopeProblems } from "../auth/append-binding.ts";
import { undeclaredFixedParams } from "../auth/declared-params.ts";
import { signJwt } from "../auth/jwt-sign.ts";
import { JwtError } from "../auth/jwt-verifier.ts";
import { resourcePattern } from "../auth/resource-pattern.ts";
import type { Pipe, Project } from "../project/model.ts";
import { collect, openTokenContext, withStateOptions, parseTtl, reportingUserErrors, type TokenContextFlags } from "./token-context.ts";

interface JwtFlags extends TokenContextFlags {
  tenant: string;
  pipes?: string;
  dashboard?: boolean;
  write?: boolean;
  ttl: string;
  fixed: string[];
  rps?: string;
  name?: string;
}

/** A name selects that pipe; a pattern the endpoints it matches (materializations are never served). */
function selectedPipes(project: Project, patterns: readonly string[], dashboard: boolean): Pipe[] {
  return patterns.flatMap((text) => {
    const pattern = resourcePattern(text);
    const named = project.pipes.get(text);
    const pipes = pattern.isWildcard ? [...project.pipes.values()].filter((p) => p.type === "endpoint" && pattern.matches(p.name)) : named ? [named] : [];
    if (pipes.length > 0) return pipes;
    const flag = dashboard && (DASHBOARD_PIPES as readonly string[]).includes(text) ? "--dashboard (the dashboard reads the kit's endpoints)" : "--pipes";
    throw new JwtError(`${flag}: ${JSON.stringify(text)} names no ${pattern.isWildcard ? "endpoint" : "pipe"} of ${project.source} (another project: --project or AVIARY_PROJECT)`);
  });
}

function checkDeclared(project: Project, pipes: readonly Pipe[], fixed: Readonly<Record<string, string>>): void {
  const problems = pipes.flatMap((pipe) =>
    undeclaredFixedParams(project, pipe, fixed).map(({ key, meant }) => `pipe "${pipe.name}" does not declare "${key}"${meant ? ` (did you mean "${meant}"?)` : ""}`),
  );
  if (problems.length > 0) throw new JwtError(`fixed parameters must be parameters of every selected pipe, or they filter nothing: ${problems.join("; ")}`);
}

/** The dashboard's pipes first, then any other `--pipes` entry. */
function requestedPipes(flags: JwtFlags): string[] {
  const listed = (flags.pipes ?? "").split(",").map((p) => p.trim()).filter((p) => p !== "");
  const pipes = [...new Set([...(flags.dashboard ? DASHBOARD_PIPES : []), ...listed])];
  if (pipes.length === 0) throw new JwtError("name the pipes: --dashboard (the dashboard's reports), --pipes 'kpis,top_*', or both");
  return pipes;
}

/** `--write`: the definitions the project has, each bound to the token's tenant (and domain). */
function writeScopes(project: Project, fixed: Readonly<Record<string, string>>) {
  const writable = DASHBOARD_WRITABLE.filter((ds) => project.datasources.has(ds));
  if (writable.length === 0) throw new JwtError(`--write: ${project.source} has none of ${DASHBOARD_WRITABLE.join(", ")} (another project: --project or AVIARY_PROJECT)`);
  const scopes = appendScopes(writable, fixed);
  const problems = appendScopeProblems(project, scopes);
  if (problems.length > 0) throw new JwtError(`--write: ${problems.join("; ")}`);
  return scopes;
}

function fixedParams(tenant: string, pairs: readonly string[]): Record<string, string> {
  const fixed: Record<string, string> = { tenant_id: tenant };
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new JwtError(`--fixed must be key=value, got ${JSON.stringify(pair)}`);
    fixed[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return fixed;
}

export function tokenJwtCommand(): Command {
  return withStateOptions(new Command("jwt"))
    .description("print a tenant JWT: the pipes it may read, with tenant_id fixed to the tenant")
    .requiredOption("--tenant <id>", "tenant id fixed as the tenant_id parameter of every pipe")
    .option("--dashboard", "every pipe the dashboard reads, so the token opens the whole dashboard at /?token=…")
    .option("--pipes <list>", "comma-separated pipe names or patterns, e.g. 'kpis,top_*' ('*': every endpoint); with --dashboard, added to its pipes")
    .option("--write", "also write the tenant's goals and funnels (APPEND with tenant_id, and a --fixed domain, fixed in every row)")
    .option("--ttl <duration>", "lifetime: 30d, 12h, 15m, or seconds (10 years at most)", "30d")
    .option("--fixed <key=value>", "another fixed parameter, e.g. domain=app.example.com; repeat for more", collect, [])
    .option("--rps <n>", "requests per second per pipe for this token's name (0: no limit)")
    .option("--name <name>", "token name, which keys its rate limit (default: the tenant id)")
    .option("--project <path>", "the project the server deploys, to check the pipes against (AVIARY_PROJECT; default: the kit)")
    .action((flags: JwtFlags) =>
      reportingUserErrors(async () => {
        const pipes = requestedPipes(flags);
        const rps = flags.rps === undefined ? undefined : Number(flags.rps);
        if (rps !== undefined && !Number.isFinite(rps)) throw new JwtError(`--rps must be a number, got ${JSON.stringify(flags.rps)}`);
        const ttl = parseTtl(flags.ttl);
        const fixed = fixedParams(flags.tenant, flags.fixed);
        const { workspace, project } = await openTokenContext(flags);
        checkDeclared(project, selectedPipes(project, pipes, flags.dashboard === true), fixed);
        const token = await signJwt(workspace, {
          name: flags.name ?? flags.tenant,
          exp: Math.floor(Date.now() / 1000) + ttl,
          scopes: [...pipeReadScopes(pipes, fixed), ...(flags.write ? writeScopes(project, fixed) : [])],
          ...(rps === undefined ? {} : { limits: { rps } }),
        });
        console.log(token);
      }),
    );
}
