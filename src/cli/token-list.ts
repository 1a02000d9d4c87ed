/** `aviary token list [--data-dir D] [--json]`: the admin token and the project's static tokens. */
import { Command } from "commander";
import { formatScope } from "../auth/scopes.ts";
import { readTokens, scopesOf } from "../auth/token-store.ts";
import { readWorkspace } from "../auth/workspace.ts";
import { buildConfig } from "../config.ts";

export function tokenListCommand(): Command {
  return new Command("list")
    .description("list the admin token and the tokens the deployed project declares")
    .option("--data-dir <dir>", "data directory (AVIARY_DATA_DIR)")
    .option("--json", "print what GET /v0/tokens answers")
    .action(async (flags: { dataDir?: string; json?: boolean }) => {
      const config = buildConfig({ dataDir: flags.dataDir }, process.env, false);
      const workspace = await readWorkspace(config.dataDir);
      if (!workspace) {
        console.error(`aviary: no workspace in ${config.dataDir}; start the server there first (npx aviary start --data-dir ${config.dataDir})`);
        process.exit(1);
      }
      const tokens = [
        { name: "admin token", token: config.adminToken ?? workspace.adminToken, scopes: [{ type: "ADMIN" as const }] },
        ...(await readTokens(config.dataDir)).map((t) => ({ name: t.name, token: t.token, scopes: scopesOf(t) })),
      ];
      if (flags.json) console.log(JSON.stringify({ tokens }, null, 2));
      else for (const t of tokens) console.log(`${t.name}\t${t.token}\t${t.scopes.map(formatScope).join(" ")}`);
    });
}
