/**
 * `aviary token jwt --tenant T --pipes 'kpis,top_*' --ttl 30d [--rps N] [--name N]`: prints
 * a JWT that may read those pipes (wildcards allowed) with `tenant_id` fixed to T, signed
 * with the data directory's admin token, so no running server is needed.
 */
import { Command } from "commander";
import { signJwt } from "../auth/jwt-sign.ts";
import { JwtError } from "../auth/jwt-verifier.ts";
import { openWorkspace } from "../auth/workspace.ts";
import { buildConfig } from "../config.ts";

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** `30d`, `12h`, `15m`, `90s`, `2w`, or plain seconds. */
export function parseTtl(text: string): number {
  const match = /^(\d+)([smhdw]?)$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2] || "s"]! : NaN;
  if (!(seconds > 0)) throw new JwtError(`--ttl must be a duration such as 30d, 12h, 15m or 3600 (seconds), got ${JSON.stringify(text)}`);
  return seconds;
}

interface JwtFlags {
  tenant: string;
  pipes: string;
  ttl: string;
  rps?: string;
  name?: string;
  dataDir?: string;
}

export function tokenJwtCommand(): Command {
  return new Command("jwt")
    .description("print a tenant JWT: the pipes it may read, with tenant_id fixed to the tenant")
    .requiredOption("--tenant <id>", "tenant id fixed as the tenant_id parameter of every pipe")
    .requiredOption("--pipes <list>", "comma-separated pipe names or patterns, e.g. 'kpis,top_*'")
    .option("--ttl <duration>", "lifetime: 30d, 12h, 15m, or seconds", "30d")
    .option("--rps <n>", "requests per second per pipe for this token's name (0: no limit)")
    .option("--name <name>", "token name, which keys its rate limit (default: the tenant id)")
    .option("--data-dir <dir>", "data directory (AVIARY_DATA_DIR)")
    .action(async (flags: JwtFlags) => {
      try {
        const config = buildConfig({ dataDir: flags.dataDir }, process.env, false);
        const { workspace } = await openWorkspace(config.dataDir, config.adminToken);
        const pipes = flags.pipes.split(",").map((p) => p.trim()).filter((p) => p !== "");
        if (pipes.length === 0) throw new JwtError("--pipes needs at least one pipe name or pattern");
        const rps = flags.rps === undefined ? undefined : Number(flags.rps);
        if (rps !== undefined && !Number.isFinite(rps)) throw new JwtError(`--rps must be a number, got ${JSON.stringify(flags.rps)}`);
        const token = await signJwt(workspace, {
          name: flags.name ?? flags.tenant,
          exp: Math.floor(Date.now() / 1000) + parseTtl(flags.ttl),
          scopes: pipes.map((resource) => ({ type: "PIPES:READ" as const, resource, fixed_params: { tenant_id: flags.tenant } })),
          ...(rps === undefined ? {} : { limits: { rps } }),
        });
        console.log(token);
      } catch (err) {
        if (!(err instanceof JwtError)) throw err;
        console.error(`aviary: ${err.message}`);
        process.exit(2);
      }
    });
}
