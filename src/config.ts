/**
 * The one configuration object: built from flags, environment and defaults, checked
 * once at start, then frozen and passed down. No other module reads process.env.
 */
import { totalmem } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCidr } from "./ingest/geo/client-address.ts";

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** A datafile folder or a TypeScript module; the web analytics kit by default. */
  readonly project: string;
  readonly clickhouseUrl?: string;
  /** Cluster mode: the ClickHouse cluster (the servers' `remote_servers` name) deploys run ON; needs `clickhouseUrl`. */
  readonly clickhouseCluster?: string;
  readonly database: string;
  /** Fixed admin token (otherwise created on first start and kept in the data dir). */
  readonly adminToken?: string;
  readonly allowDestructive: boolean;
  readonly logLevel: string;
  readonly prettyLogs: boolean;
  /** Longest an admin query may run, in seconds (ClickHouse `max_execution_time`). */
  readonly queryTimeoutSeconds: number;
  /** Longest any other token's statement may run, in seconds, checks included. */
  readonly tenantQueryTimeoutSeconds: number;
  /** Most memory one non-admin statement may use, in bytes (ClickHouse `max_memory_usage`). */
  readonly queryMemoryBytes: number;
  /** Most memory a statement a non-admin token wrote (`/v0/sql`, `q=`) may use, in bytes; at most `queryMemoryBytes`. */
  readonly sqlMemoryBytes: number;
  /** Whether `GET /tokens` (Tinybird Local's route for the SDK's CLI) hands the admin token to local callers. */
  readonly localTokens: boolean;
  /** Events API write-ahead log: milliseconds to gather appends before each fsync (0: at once), or "off" for no fsync. */
  readonly walFsyncMs: number | "off";
  /** A write-ahead log segment is inserted into ClickHouse once it holds this many rows… */
  readonly flushRows: number;
  /** …or once its first row is this many milliseconds old. */
  readonly flushMs: number;
  /** Rows acknowledged but not yet inserted, across datasources, beyond which the Events API answers 429. */
  readonly maxBacklogRows: number;
  /** Requests per second each non-admin token may make; 0 (the default) means no limit. */
  readonly rateLimitRps: number;
  /** Delete rows older than this many days from every time-partitioned table (a TTL); 0, the default, keeps everything. */
  readonly retentionDays: number;
  /** Events API: write the visitor's country, region and city, from its address, into the datasources that opt in (`ipGeolocation`). */
  readonly ipGeolocation: boolean;
  /** Embedded engine: keep every endpoint's answer until a write could change it (query/data-versions.ts); `CACHE` applies either way. */
  readonly resultCache: boolean;
  /** Proxies (CIDRs) whose `X-Forwarded-For` is believed; none by default, so the TCP peer is the client. */
  readonly trustedProxies: readonly string[];
}

export type ConfigInput = Partial<Record<keyof Config, string | number | boolean | undefined>>;

const ENV: Partial<Record<keyof Config, string>> = {
  host: "AVIARY_HOST",
  port: "AVIARY_PORT",
  dataDir: "AVIARY_DATA_DIR",
  project: "AVIARY_PROJECT",
  clickhouseUrl: "AVIARY_CLICKHOUSE_URL",
  clickhouseCluster: "AVIARY_CLICKHOUSE_CLUSTER",
  adminToken: "AVIARY_ADMIN_TOKEN",
  logLevel: "AVIARY_LOG_LEVEL",
  walFsyncMs: "AVIARY_WAL_FSYNC_MS",
  flushRows: "AVIARY_FLUSH_ROWS",
  flushMs: "AVIARY_FLUSH_MS",
  maxBacklogRows: "AVIARY_MAX_BACKLOG_ROWS",
  rateLimitRps: "AVIARY_RATE_LIMIT_RPS",
  retentionDays: "AVIARY_RETENTION_DAYS",
  tenantQueryTimeoutSeconds: "AVIARY_TENANT_QUERY_TIMEOUT",
  queryMemoryBytes: "AVIARY_QUERY_MEMORY",
  sqlMemoryBytes: "AVIARY_SQL_MEMORY",
  localTokens: "AVIARY_LOCAL_TOKENS",
  ipGeolocation: "AVIARY_IP_GEOLOCATION",
  resultCache: "AVIARY_RESULT_CACHE",
  trustedProxies: "AVIARY_TRUSTED_PROXIES",
};

/** The web analytics kit, which `npm start` deploys (found beside this package, wherever it runs). */
export const DEFAULT_PROJECT = fileURLToPath(new URL("../kit/index.ts", import.meta.url));

export class ConfigError extends Error {}

function positiveInt(name: string, value: unknown, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name} must be a whole number, got ${JSON.stringify(value)}`);
  return n;
}

/** Largest flush: one INSERT must stay one block (ClickHouse's max_insert_block_size) to be all-or-nothing. */
const MAX_FLUSH_ROWS = 1_000_000;

function tenantQueryTimeout(value: unknown): number {
  const seconds = positiveInt("tenant query timeout (seconds)", value, 10);
  if (seconds < 1 || seconds > 3600) throw new ConfigError(`tenant query timeout must be between 1 and 3600 seconds, got ${seconds}`);
  return seconds;
}

function memoryCap(name: string, value: unknown, fallback: number): number {
  const bytes = positiveInt(`${name} (bytes)`, value, fallback);
  if (bytes < 16 * 1024 * 1024) throw new ConfigError(`${name} must be at least 16 MiB (16777216 bytes), got ${bytes}`);
  return bytes;
}

/** Default: a quarter of the machine's memory, so one statement cannot starve the process. */
const queryMemory = (value: unknown) => memoryCap("query memory", value, Math.floor(totalmem() / 4));

/**
 * Default 256 MiB, lowered to the query memory: a statement a token wrote can build one large value and sort it, and that
 * work runs past the time limit by as much as the value's size allows (README, "SQL a token
 * writes"); q= over the kit's reports for the largest tenant at 10M events fits.
 */
const sqlMemory = (value: unknown) => memoryCap("sql memory", value, 256 * 2 ** 20);

function walFsync(value: unknown): number | "off" {
  if (value === "off") return "off";
  const ms = positiveInt("wal fsync interval (milliseconds, or off)", value, 0);
  if (ms > 1000) throw new ConfigError(`wal fsync interval must be at most 1000 ms (every acknowledgement waits for it), got ${ms}`);
  return ms;
}

function flushRows(value: unknown): number {
  const rows = positiveInt("flush rows", value, 100_000);
  if (rows < 1 || rows > MAX_FLUSH_ROWS) throw new ConfigError(`flush rows must be between 1 and ${MAX_FLUSH_ROWS}, got ${rows}`);
  return rows;
}

function onOff(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === "") return fallback;
  if (value === true || value === "true" || value === "1") return true;
  if (value === false || value === "false" || value === "0") return false;
  throw new ConfigError(`${name} must be true or false, got ${JSON.stringify(value)}`);
}

/** A comma-separated list of CIDRs (a bare address is one host), written back in one form. */
function trustedProxies(value: unknown): readonly string[] {
  const items = String(value ?? "").split(",").map((item) => item.trim()).filter((item) => item !== "");
  return Object.freeze(
    items.map((item) => {
      const cidr = parseCidr(item);
      if (!cidr) throw new ConfigError(`trusted proxies must be addresses or CIDRs separated by commas (10.0.0.0/8,2001:db8::/32), got ${JSON.stringify(item)}`);
      return `${cidr.address}/${cidr.prefix}`;
    }),
  );
}

/** A cluster of the ClickHouse server's `remote_servers`; the embedded engine has none. */
function clickhouseCluster(value: unknown, clickhouseUrl: unknown): string | undefined {
  if (value === undefined || value === "") return undefined;
  const name = String(value);
  if (!clickhouseUrl) {
    throw new ConfigError("--clickhouse-cluster (AVIARY_CLICKHOUSE_CLUSTER) needs a ClickHouse server: pass --clickhouse-url (AVIARY_CLICKHOUSE_URL) too (the embedded engine has no cluster)");
  }
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name)) throw new ConfigError(`--clickhouse-cluster must be a cluster name of the server's remote_servers (letters, digits, _ . -), got ${JSON.stringify(name)}`);
  return name;
}

/** Flags win over environment variables, which win over defaults. */
export function buildConfig(flags: ConfigInput, env: NodeJS.ProcessEnv, isTty: boolean): Config {
  const pick = (key: keyof Config) => flags[key] ?? (ENV[key] ? env[ENV[key]] : undefined);
  const port = positiveInt("port", pick("port"), 7181);
  if (port > 65535) throw new ConfigError(`port must be at most 65535, got ${port}`);
  const clickhouseUrl = pick("clickhouseUrl");
  const adminToken = pick("adminToken");
  if (adminToken !== undefined && !String(adminToken).startsWith("p.")) {
    throw new ConfigError("AVIARY_ADMIN_TOKEN must be a static token (it starts with p.); create one with `npx aviary token admin`");
  }
  const queryMemoryBytes = queryMemory(pick("queryMemoryBytes"));
  return Object.freeze({
    host: String(pick("host") ?? "127.0.0.1"),
    port,
    dataDir: resolve(String(pick("dataDir") ?? ".aviary")),
    project: resolve(String(pick("project") ?? DEFAULT_PROJECT)),
    clickhouseUrl: clickhouseUrl ? String(clickhouseUrl) : undefined,
    clickhouseCluster: clickhouseCluster(pick("clickhouseCluster"), clickhouseUrl),
    database: String(flags.database ?? "aviary"),
    adminToken: adminToken ? String(adminToken) : undefined,
    allowDestructive: Boolean(flags.allowDestructive),
    logLevel: String(pick("logLevel") ?? "info"),
    prettyLogs: flags.prettyLogs === undefined ? isTty : Boolean(flags.prettyLogs),
    queryTimeoutSeconds: positiveInt("query timeout", flags.queryTimeoutSeconds, 30),
    tenantQueryTimeoutSeconds: tenantQueryTimeout(pick("tenantQueryTimeoutSeconds")),
    queryMemoryBytes,
    sqlMemoryBytes: Math.min(sqlMemory(pick("sqlMemoryBytes")), queryMemoryBytes),
    localTokens: onOff("local tokens", pick("localTokens"), true),
    rateLimitRps: positiveInt("rate limit (requests per second per token)", pick("rateLimitRps"), 0),
    retentionDays: positiveInt("retention (days)", pick("retentionDays"), 0),
    walFsyncMs: walFsync(pick("walFsyncMs")),
    flushRows: flushRows(pick("flushRows")),
    flushMs: positiveInt("flush interval (milliseconds)", pick("flushMs"), 1000),
    maxBacklogRows: positiveInt("max backlog rows", pick("maxBacklogRows"), 1_000_000),
    ipGeolocation: onOff("IP geolocation", pick("ipGeolocation"), true),
    resultCache: onOff("result cache", pick("resultCache"), true),
    trustedProxies: trustedProxies(pick("trustedProxies")),
  });
}
