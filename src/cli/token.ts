import { Command } from "commander";
import { commandWorkspace, withCommandState, withStateOptions, type TokenContextFlags } from "./token-context.ts";
import { tokenCreateCommand } from "./token-create.ts";
import { tokenJwtCommand } from "./token-jwt.ts";
import { tokenListCommand } from "./token-list.ts";
import { tokenTrackerCommand } from "./token-tracker.ts";

export function tokenCommand(): Command {
  const token = new Command("token").description("show and create tokens");
  withStateOptions(token.command("admin"))
    .description("print the admin token of a data directory (creates the workspace if needed)")
    .action(async (flags: TokenContextFlags) => {
      // The workspace's own admin token, as this command has always printed, not AVIARY_ADMIN_TOKEN.
      const workspace = await withCommandState(flags, (store, config) => store.exclusive(() => commandWorkspace(store, { ...config, adminToken: undefined })));
      console.log(workspace.adminToken);
    });
  token.addCommand(tokenListCommand());
  token.addCommand(tokenJwtCommand());
  token.addCommand(tokenTrackerCommand());
  token.addCommand(tokenCreateCommand());
  return token;
}
