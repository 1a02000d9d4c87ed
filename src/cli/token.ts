import { Command } from "commander";
import { buildConfig } from "../config.ts";
import { openWorkspace } from "../auth/workspace.ts";
import { tokenCreateCommand } from "./token-create.ts";
import { tokenJwtCommand } from "./token-jwt.ts";
import { tokenListCommand } from "./token-list.ts";
import { tokenTrackerCommand } from "./token-tracker.ts";

export function tokenCommand(): Command {
  const token = new Command("token").description("show and create tokens");
  token
    .command("admin")
    .description("print the admin token of a data directory (creates the workspace if needed)")
    .option("--data-dir <dir>", "data directory (AVIARY_DATA_DIR)")
    .action(async (flags: { dataDir?: string }) => {
      const { workspace } = await openWorkspace(buildConfig({ dataDir: flags.dataDir }, process.env, false).dataDir);
      console.log(workspace.adminToken);
    });
  token.addCommand(tokenListCommand());
  token.addCommand(tokenJwtCommand());
  token.addCommand(tokenTrackerCommand());
  token.addCommand(tokenCreateCommand());
  return token;
}
