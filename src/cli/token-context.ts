/**
 * What the JWT commands share: the data directory's workspace (its admin token signs),
 * the project that directory's server deploys (the kit, or `--project`/`AVIARY_PROJECT`)
 * to check the token against, the lifetime flag, and how a user's mistake ends the
 * command: one line on stderr and exit code 2, never a stack trace.
 */
import type { Command } from "commander";
import { existsSync } from "node:fs";
import { JwtError } from "../auth/jwt-verifier.ts";
import type { Workspace } from "../auth/workspace.ts";
import { buildConfig, type Config } from "../config.ts";
import { loadProject } from "../project/load-project.ts";
import { ProjectError, type Project } from "../project/model.ts";
import { commandState } from "../state/open-state.ts";
import { readStateMarker, stateFlags } from "../state/state-marker.ts";
import type { StateStore } from "../state/state-store.ts";
import { chdbDir } from "../engine/open-engine.ts";

export interface TokenContext {
  readonly workspace: Workspace;
  readonly project: Project;
}

export interface TokenContextFlags {
  dataDir?: string;
  project?: string;
  clickhouseUrl?: string;
  clickhouseCluster?: string;
}

/**
 * The options every token command takes: where the server keeps its state. With a
 * ClickHouse server that is its ClickHouse (the data directory then holds only a node's
 * write-ahead log), and in a cluster its tables are the cluster's, so the name is needed too.
 */
export function withStateOptions(command: Command): Command {
  return command
    .option("--data-dir <dir>", "data directory (AVIARY_DATA_DIR)")
    .option("--clickhouse-url <url>", "the server's ClickHouse, which holds its workspace and tokens (AVIARY_CLICKHOUSE_URL)")
    .option("--clickhouse-cluster <name>", "the server's cluster, with --clickhouse-url (AVIARY_CLICKHOUSE_CLUSTER)");
}

/** Runs `use` with the state of the server these flags name (its data directory, or its ClickHouse), closed after. */
export async function withCommandState<T>(flags: TokenContextFlags, use: (store: StateStore, config: ReturnType<typeof buildConfig>) => Promise<T>): Promise<T> {
  const config = buildConfig({ dataDir: flags.dataDir, project: flags.project, clickhouseUrl: flags.clickhouseUrl, clickhouseCluster: flags.clickhouseCluster }, process.env, false);
  const marker = config.clickhouseUrl ? undefined : await readStateMarker(config.dataDir);
  if (marker !== undefined) {
    console.error(`aviary: the server on ${config.dataDir} keeps its workspace and tokens in ClickHouse, not there; add ${stateFlags(marker)} (with its user and password if it needs them), or set AVIARY_CLICKHOUSE_URL`);
    process.exit(2);
  }
  const store = await commandState(config);
  try {
    return await use(store, config);
  } finally {
    await store.close();
  }
}

/** The admin token of the server these flags name (its data directory, or its ClickHouse); undefined before it first started. */
export function storedAdminToken(flags: TokenContextFlags): Promise<string | undefined> {
  return withCommandState(flags, async (store, config) => config.adminToken ?? (await store.readWorkspace())?.adminToken);
}

/**
 * The workspace whose admin token signs. A command run without the server's `--data-dir` would
 * otherwise make a workspace of its own in silence, and mint tokens that server refuses; it
 * says so for as long as no server has started on that directory (no engine files there).
 */
export async function commandWorkspace(store: StateStore, config: Pick<Config, "dataDir" | "clickhouseUrl" | "adminToken">): Promise<Workspace> {
  const { workspace, created } = await store.openWorkspace(config.adminToken);
  if (created || (!config.clickhouseUrl && !existsSync(chdbDir(config.dataDir)))) {
    const where = config.clickhouseUrl ? "that ClickHouse" : config.dataDir;
    console.error(`aviary: no server has started on ${where} yet${created ? ", so a new workspace was made there" : ""}; a server started on another data directory refuses its tokens (pass that server's --data-dir, or set AVIARY_DATA_DIR)`);
  }
  return workspace;
}

export async function openTokenContext(flags: TokenContextFlags): Promise<TokenContext> {
  return withCommandState(flags, async (store, config) => {
    // Inside the lease, so a command run while nodes start creates no second workspace.
    const workspace = await store.exclusive(() => commandWorkspace(store, config));
    return { workspace, project: await loadProject(config.project) };
  });
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** `30d`, `12h`, `15m`, `90s`, `2w`, or plain seconds. */
export function parseTtl(text: string): number {
  const match = /^(\d+)([smhdw]?)$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2] || "s"]! : NaN;
  if (!(seconds > 0)) throw new JwtError(`--ttl must be a duration such as 30d, 12h, 15m or 3600 (seconds), got ${JSON.stringify(text)}`);
  return seconds;
}

/** For options given once per value (`--domain a --domain b`). */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Runs a command's action; a JwtError or a broken project is the user's to fix. */
export async function reportingUserErrors(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (err) {
    if (!(err instanceof JwtError) && !(err instanceof ProjectError)) throw err;
    console.error(err instanceof ProjectError ? `aviary: the project has problems:\n${err.message}` : `aviary: ${err.message}`);
    process.exit(2);
  }
}
