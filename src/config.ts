/**
 * The one configuration object: built from flags, environment and defaults, checked
 * once at start, then frozen and passed down. No other module reads process.env.
 */
import { resolve } from "node:path";

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** A datafile folder or a TypeScript module; the web analytics kit by default. */
  readonly project: string;
  readonly clickhouseUrl?: string;
  readonly database: string;
  /** Fixed admin token (otherwise created on first start and kept in the data dir). */
  readonly adminToken?: string;
  readonly allowDestructive: boolean;
  readonly logLevel: string;
  readonly prettyLogs: boolean;
  /** Longest a query may run, in seconds (ClickHouse `max_execution_time`). */
  readonly queryTimeoutSeconds: number;
}

export type ConfigInput = Partial<Record<keyof Config, string | number | boolean | undefined>>;

const ENV: Partial<Record<keyof Config, string>> = {
  host: "AVIARY_HOST",
  port: "AVIARY_PORT",
  dataDir: "AVIARY_DATA_DIR",
  project: "AVIARY_PROJECT",
  clickhouseUrl: "AVIARY_CLICKHOUSE_URL",
  adminToken: "AVIARY_ADMIN_TOKEN",
  logLevel: "AVIARY_LOG_LEVEL",
};

// The web analytics kit replaces this example once it lands.
export const DEFAULT_PROJECT = "examples/pageviews";

export class ConfigError extends Error {}

function positiveInt(name: string, value: unknown, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name} must be a whole number, got ${JSON.stringify(value)}`);
  return n;
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
  return Object.freeze({
    host: String(pick("host") ?? "127.0.0.1"),
    port,
    dataDir: resolve(String(pick("dataDir") ?? ".aviary")),
    project: resolve(String(pick("project") ?? DEFAULT_PROJECT)),
    clickhouseUrl: clickhouseUrl ? String(clickhouseUrl) : undefined,
    database: String(flags.database ?? "aviary"),
    adminToken: adminToken ? String(adminToken) : undefined,
    allowDestructive: Boolean(flags.allowDestructive),
    logLevel: String(pick("logLevel") ?? "info"),
    prettyLogs: flags.prettyLogs === undefined ? isTty : Boolean(flags.prettyLogs),
    queryTimeoutSeconds: positiveInt("query timeout", flags.queryTimeoutSeconds, 30),
  });
}
