/**
 * `aviary token tracker --tenant T [--domain D …] [--ttl 3650d] [--name N]`: prints a
 * tenant-bound tracker token (beyond Tinybird), a JWT whose one scope is
 * DATASOURCES:APPEND on the landing datasource with `tenant_id` fixed: the server writes
 * it into every row, whatever the page's data-tenant-id says. With `--domain`, pages
 * must be on one of those sites (`*.example.com`: any subdomain); with exactly one plain
 * domain, `domain` is fixed too. It can read nothing, so it is safe in a page's source.
 */
import { Command } from "commander";
import { appendScopeProblems } from "../auth/append-binding.ts";
import { domainEntryProblem } from "../auth/domain-list.ts";
import type { JwtScope } from "../auth/jwt-claims.ts";
import { signJwt } from "../auth/jwt-sign.ts";
import { JwtError } from "../auth/jwt-verifier.ts";
import { collect, openTokenContext, withStateOptions, parseTtl, reportingUserErrors, type TokenContextFlags } from "./token-context.ts";

interface TrackerFlags extends TokenContextFlags {
  tenant: string;
  domain: string[];
  datasource: string;
  ttl: string;
  name?: string;
}

/** The APPEND scope: fixed columns, and the allowed sites when there are any. */
function trackerScope(datasource: string, tenant: string, domains: readonly string[]): JwtScope {
  const only = domains.length === 1 && !domains[0]!.startsWith("*.") ? domains[0]!.toLowerCase() : undefined;
  return {
    type: "DATASOURCES:APPEND",
    resource: datasource,
    fixed_params: only === undefined ? { tenant_id: tenant } : { tenant_id: tenant, domain: only },
    ...(domains.length > 0 ? { domains } : {}),
  };
}

export function tokenTrackerCommand(): Command {
  return withStateOptions(new Command("tracker"))
    .description("print a tenant-bound tracker token: appends events with tenant_id fixed, from the listed sites only")
    .requiredOption("--tenant <id>", "tenant id written into every event the token appends")
    .option("--domain <host>", "a site the tracking pages are on (shop.example.com, or *.example.com for its subdomains); repeat for more", collect, [])
    .option("--datasource <name>", "the landing datasource", "analytics_events")
    // A tracker token is pasted into pages: an expiry nobody notices loses events, and it can read nothing.
    .option("--ttl <duration>", "lifetime: 3650d, 12h, 15m, or seconds (10 years at most)", "3650d")
    .option("--name <name>", "token name, which keys its rate limit (default: tracker-<tenant>)")
    .option("--project <path>", "the project the server deploys, to check the datasource against (AVIARY_PROJECT; default: the kit)")
    .action((flags: TrackerFlags) =>
      reportingUserErrors(async () => {
        if (flags.tenant === "") throw new JwtError("--tenant must not be empty");
        for (const domain of flags.domain) {
          const problem = domainEntryProblem(domain);
          if (problem !== undefined) throw new JwtError(`--domain ${problem}`);
        }
        const ttl = parseTtl(flags.ttl);
        const { workspace, project } = await openTokenContext(flags);
        const scope = trackerScope(flags.datasource, flags.tenant, flags.domain);
        const problems = appendScopeProblems(project, [scope]);
        if (problems.length > 0) throw new JwtError(`${problems.join("; ")} (in ${project.source}; another project: --project or AVIARY_PROJECT)`);
        const token = await signJwt(workspace, { name: flags.name ?? `tracker-${flags.tenant}`, exp: Math.floor(Date.now() / 1000) + ttl, scopes: [scope] });
        console.log(token);
      }),
    );
}
