import { Command } from "commander";
import { startAviary } from "../app.ts";
import { buildConfig, ConfigError, type Config } from "../config.ts";
import { DeployError } from "../engine/deploy.ts";
import { ENGINE_UNREACHABLE, EngineError } from "../engine/engine.ts";
import { createLogger } from "../logger.ts";
import { ProjectError } from "../project/model.ts";
import { shownUrl, stateFlags } from "../state/state-marker.ts";
import { startBanner } from "./start-banner.ts";
import { checkBeforeStart, inUse, listenProblem, StartupError } from "./start-checks.ts";
import { dataDirHolder, removeServerFile, writeServerFile } from "./server-file.ts";

/** File system refusals worth a sentence: the path and what to do, not a stack trace. */
const FILE_PROBLEMS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  ENOTDIR: "a file stands where a directory should be",
  EISDIR: "a directory stands where a file should be",
};

/** Problems a user can fix: reported as a message, never as a stack trace. */
async function userFacing(err: unknown, config: Config): Promise<string | undefined> {
  if (err instanceof ProjectError) return `the project has problems:\n${err.message}`;
  if (err instanceof DeployError || err instanceof ConfigError || err instanceof StartupError) return err.message;
  if (err instanceof EngineError && config.clickhouseUrl && err.type === ENGINE_UNREACHABLE) {
    // The host only: the URL may carry a password.
    return `cannot reach ClickHouse at ${new URL(config.clickhouseUrl).host} (${err.message}); start it, or point --clickhouse-url (AVIARY_CLICKHOUSE_URL) at a running one`;
  }
  if (err instanceof EngineError) return `ClickHouse refused: ${err.message}`;
  const { code, path } = err as NodeJS.ErrnoException;
  // chdb locks its directory: a holder without server.json (aviary seed --direct) or one that started meanwhile.
  if (code === "CHDB_CONNECTION") return inUse(config.dataDir, (await dataDirHolder(config.dataDir)) ?? "another process").message;
  if (code && path && FILE_PROBLEMS[code]) return `cannot use ${path} (${FILE_PROBLEMS[code]}); fix its permissions, or pass another data directory with --data-dir (AVIARY_DATA_DIR)`;
  return listenProblem(err, config.host, config.port);
}

export function startCommand(): Command {
  return new Command("start")
    .description("start the server (deploys the project first)")
    .option("--port <n>", "port to listen on (AVIARY_PORT)")
    .option("--host <h>", "address to listen on (AVIARY_HOST)")
    .option("--data-dir <dir>", "where data, tokens and the write-ahead log live; with --clickhouse-url only this node's write-ahead log (AVIARY_DATA_DIR)")
    .option("--project <path>", "datafile folder or TypeScript module to deploy (AVIARY_PROJECT)")
    .option("--clickhouse-url <url>", "use a ClickHouse server instead of the embedded engine (AVIARY_CLICKHOUSE_URL)")
    .option("--clickhouse-cluster <name>", "with --clickhouse-url: deploy Replicated shard-local and Distributed tables ON CLUSTER name (AVIARY_CLICKHOUSE_CLUSTER)")
    .option("--allow-destructive", "let a deploy drop datasources that left the project")
    .option("--log-level <level>", "trace, debug, info, warn or error (AVIARY_LOG_LEVEL)")
    .option("--wal-fsync-ms <ms|off>", "Events API: gather appends this long before each fsync; 0 = each fsync as soon as the previous ends; off = no fsync (AVIARY_WAL_FSYNC_MS, default 0)")
    .option("--flush-rows <n>", "Events API: insert into ClickHouse once this many rows are waiting (AVIARY_FLUSH_ROWS, default 100000)")
    .option("--flush-ms <ms>", "Events API: or once the oldest waiting row is this old (AVIARY_FLUSH_MS, default 1000)")
    .option("--max-backlog-rows <n>", "Events API: answer 429 while more rows than this wait for ClickHouse (AVIARY_MAX_BACKLOG_ROWS, default 1000000)")
    .option("--rate-limit-rps <n>", "requests per second each non-admin token may make, 0 for no limit (AVIARY_RATE_LIMIT_RPS)")
    .option("--retention-days <n>", "delete rows older than N days from every time-partitioned table, 0 for never (AVIARY_RETENTION_DAYS, default 0)")
    .option("--tenant-query-timeout <s>", "longest a non-admin statement may run, in seconds (AVIARY_TENANT_QUERY_TIMEOUT, default 10)")
    .option("--query-memory <bytes>", "most memory one non-admin statement may use (AVIARY_QUERY_MEMORY, default a quarter of RAM)")
    .option("--sql-memory <bytes>", "most memory SQL a non-admin token writes (/v0/sql, q=) may use, at most --query-memory (AVIARY_SQL_MEMORY, default 256 MiB)")
    .option("--no-local-tokens", "never hand the admin token out on GET /tokens, the SDK CLI's local route (AVIARY_LOCAL_TOKENS=false)")
    .option("--no-ip-geolocation", "Events API: do not look visitors' addresses up for country, region and city (AVIARY_IP_GEOLOCATION=false)")
    .option("--no-result-cache", "answer every endpoint from the engine, except what a pipe's CACHE keeps (AVIARY_RESULT_CACHE=false)")
    .option("--trusted-proxies <cidrs>", "Events API: proxies whose X-Forwarded-For names the visitor, comma-separated CIDRs (AVIARY_TRUSTED_PROXIES, default none)")
    .action(async (flags: Record<string, string | boolean | undefined>) => {
      let config;
      try {
        config = buildConfig(
          {
            ...flags,
            tenantQueryTimeoutSeconds: flags.tenantQueryTimeout,
            queryMemoryBytes: flags.queryMemory,
            sqlMemoryBytes: flags.sqlMemory,
            // commander sets localTokens to true unless --no-local-tokens: only its "false" is a choice.
            localTokens: flags.localTokens === false ? false : undefined,
            ipGeolocation: flags.ipGeolocation === false ? false : undefined,
            resultCache: flags.resultCache === false ? false : undefined,
          }, process.env, Boolean(process.stdout.isTTY));
      } catch (err) {
        console.error(`aviary: ${(err as Error).message}`);
        process.exit(2);
      }
      const fail = (message: string): never => {
        console.error(`aviary start: ${message}`);
        process.exit(1);
      };
      let running;
      try {
        await checkBeforeStart(config);
        // server.json exists once /health answers, so whoever waits for that finds the server by its data directory.
        running = await startAviary(config, createLogger(config), { onListening: (url) => writeServerFile(config.dataDir, url) });
        process.once("exit", () => removeServerFile(config.dataDir));
        const adminToken = running.context.workspace.adminToken;
        const state = config.clickhouseUrl ? stateFlags({ clickhouse: shownUrl(config.clickhouseUrl), cluster: config.clickhouseCluster }) : undefined;
        process.stderr.write(startBanner({ url: running.url, dataDir: config.dataDir, newAdminToken: running.createdWorkspace ? adminToken : undefined, stateFlags: state }));
      } catch (err) {
        await running?.close();
        const message = await userFacing(err, config);
        if (!message) throw err;
        return fail(message);
      }
      const { logger } = running.context;
      const stop = (signal: string) => {
        logger.info({ signal }, "shutting down");
        running.close().then(
          () => process.exit(0),
          (err: unknown) => {
            logger.error({ err }, "shutdown failed");
            process.exit(1);
          },
        );
      };
      process.once("SIGINT", () => stop("SIGINT"));
      process.once("SIGTERM", () => stop("SIGTERM"));
    });
}
