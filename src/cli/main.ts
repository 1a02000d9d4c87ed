/** `aviary` command line: each command is a small module; this file only wires them. */
import { Command } from "commander";
import { backupCommand, restoreCommand } from "./backup.ts";
import { seedCommand } from "./seed.ts";
import { startCommand } from "./start.ts";
import { tenantCommand } from "./tenant.ts";
import { tokenCommand } from "./token.ts";
import { typesCommand } from "./types.ts";

const program = new Command("aviary")
  .description("Self-hosted, multi-tenant web analytics that speaks the Tinybird API")
  .showHelpAfterError();

program.addCommand(startCommand());
program.addCommand(tokenCommand());
program.addCommand(typesCommand());
program.addCommand(seedCommand());
program.addCommand(tenantCommand());
program.addCommand(backupCommand());
program.addCommand(restoreCommand());

await program.parseAsync(process.argv);
