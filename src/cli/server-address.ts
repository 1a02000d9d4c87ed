/**
 * Where a command that talks to a running server sends its requests, and with what token:
 * `--url`, else the server serving the data directory (its server.json); `--token`, else the
 * admin token stored for that directory (or its ClickHouse). A missing one ends the command
 * with a line saying what to pass, exit code 2.
 */
import type { Command } from "commander";
import { buildConfig } from "../config.ts";
import { runningServer } from "./server-file.ts";
import { storedAdminToken } from "./token-context.ts";

export interface ServerFlags {
  url?: string;
  token?: string;
  dataDir?: string;
  clickhouseUrl?: string;
}

export async function serverAddress(command: string, flags: ServerFlags): Promise<{ url: string; token: string }> {
  const config = buildConfig({ dataDir: flags.dataDir }, process.env, false);
  const token = flags.token ?? (await storedAdminToken(flags));
  if (!token) {
    console.error(`aviary ${command}: no token; pass --token or --data-dir of a server that has started once (looked in ${config.dataDir})`);
    process.exit(2);
  }
  if (flags.url) return { url: flags.url.replace(/\/+$/, ""), token };
  const server = await runningServer(config.dataDir);
  if (server) return { url: server.url, token };
  const start = `npx aviary start${flags.dataDir ? ` --data-dir ${flags.dataDir}` : ""}`;
  console.error(`aviary ${command}: no Aviary server is running on the data directory ${config.dataDir}; start one there (${start}), or name a running one with --data-dir D or --url U`);
  return process.exit(2);
}

/** The options of every command that talks to a running server. */
export function serverOptions(command: Command): Command {
  return command
    .option("--url <url>", "server URL (default: the server running on the data directory)")
    .option("--token <token>", "the admin token (default: the data directory's)")
    .option("--data-dir <dir>", "data directory of the running server (AVIARY_DATA_DIR)")
    .option("--clickhouse-url <url>", "the server's ClickHouse, when it uses one: where its admin token is read from (AVIARY_CLICKHOUSE_URL)");
}
