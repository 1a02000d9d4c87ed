/** `aviary token list [--data-dir D] [--json]`: the admin token and the project's static tokens. */
import { Command } from "commander";
import { formatScope } from "../auth/scopes.ts";
import { scopesOf } from "../auth/token-store.ts";
import { withCommandState, withStateOptions, type TokenContextFlags } from "./token-context.ts";

export function tokenListCommand(): Command {
  return withStateOptions(new Command("list"))
    .description("list the admin token and the tokens the deployed project declares")
    .option("--json", "print what GET /v0/tokens answers")
    .action(async (flags: TokenContextFlags & { json?: boolean }) => {
      const tokens = await withCommandState(flags, async (store, config) => {
        const workspace = await store.readWorkspace();
        if (!workspace) {
          const where = config.clickhouseUrl ? `ClickHouse at ${new URL(config.clickhouseUrl).host}` : config.dataDir;
          console.error(`aviary: no workspace in ${where}; start the server there first (npx aviary start --data-dir ${config.dataDir})`);
          process.exit(1);
        }
        return [
          { name: "admin token", token: config.adminToken ?? workspace.adminToken, scopes: [{ type: "ADMIN" as const }] },
          ...(await store.tokens.read()).map((t) => ({ name: t.name, token: t.token, scopes: scopesOf(t) })),
        ];
      });
      if (flags.json) console.log(JSON.stringify({ tokens }, null, 2));
      else for (const t of tokens) console.log(`${t.name}\t${t.token}\t${t.scopes.map(formatScope).join(" ")}`);
    });
}
