/**
 * `aviary token create --name N --scope S [--scope S …]`: a static `p.` token with the given
 * scopes (e.g. `DATASOURCES:READ:analytics_events:tenant_id = 'acme'`), kept in the data
 * server's state (the data directory's tokens.json, or its ClickHouse with --clickhouse-url).
 * A running server picks it up (every node, when they share a ClickHouse); re-creating a name keeps its value.
 */
import { Command } from "commander";
import { formatScope, parseScope } from "../auth/scopes.ts";
import { mintStaticToken } from "../auth/static-token.ts";
import { collect, commandWorkspace, withCommandState, withStateOptions, type TokenContextFlags } from "./token-context.ts";

export function tokenCreateCommand(): Command {
  return withStateOptions(new Command("create"))
    .description("create or update a static token with explicit scopes")
    .requiredOption("--name <name>", "token name")
    .requiredOption("--scope <scope>", "ADMIN, PIPES:READ:<pipe>, DATASOURCES:APPEND:<ds> or DATASOURCES:READ:<ds>[:<filter>]; repeat for more", collect, [])
    .action(async (flags: TokenContextFlags & { name: string; scope: string[] }) => {
      const problems = flags.scope.filter((s) => parseScope(s) === undefined);
      if (problems.length > 0) {
        console.error(`aviary: not a scope: ${problems.map((p) => JSON.stringify(p)).join(", ")}; use ADMIN, PIPES:READ:<pipe>, DATASOURCES:APPEND:<ds> or DATASOURCES:READ:<ds>[:<filter>]`);
        process.exit(2);
      }
      // Refusals leave the lease first: exiting while holding it would stall every node's deploy for its lifetime.
      const outcome = await withCommandState(flags, (store, config) =>
        store.exclusive(async () => {
          const tokens = await store.tokens.read();
          const existing = tokens.find((t) => t.name === flags.name);
          if (existing?.origin === "project") return { refused: `"${flags.name}" is declared by the project; change its TOKEN lines instead` };
          const workspace = await commandWorkspace(store, config);
          const value = existing?.token ?? mintStaticToken(workspace.id, workspace.secret);
          const scopes = flags.scope.map((s) => formatScope(parseScope(s)!));
          await store.tokens.write([...tokens.filter((t) => t.name !== flags.name), { name: flags.name, token: value, scopes, origin: "cli" }], tokens);
          return { token: value };
        }),
      );
      if ("refused" in outcome) {
        console.error(`aviary: ${outcome.refused}`);
        process.exit(2);
      }
      console.log(outcome.token);
    });
}
