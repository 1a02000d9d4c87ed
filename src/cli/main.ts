/** `aviary` command line: each command is a small module; this file only wires them. */
import { Command } from "commander";
import { startCommand } from "./start.ts";
import { tokenCommand } from "./token.ts";

const program = new Command("aviary")
  .description("Self-hosted, multi-tenant web analytics that speaks the Tinybird API")
  .showHelpAfterError();

program.addCommand(startCommand());
program.addCommand(tokenCommand());

await program.parseAsync(process.argv);
