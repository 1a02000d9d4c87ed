/**
 * `aviary seed`: generated traffic, sent to a running server through the Events API
 * exactly as trackers send it (NDJSON batches), or with `--direct` inserted straight into
 * a stopped server's data directory (src/seed/direct-seed.ts). A progress bar on stderr
 * (TTY only) and a final rate line either way.
 */
import { Command } from "commander";
import { buildConfig } from "../config.ts";
import { seedDirect, SeedError, type DirectSeedOptions } from "../seed/direct-seed.ts";
import { seedEvents } from "../seed/event-stream.ts";
import type { GenerateOptions } from "../seed/generate.ts";
import { SeedProgress, type SeedOutput, type SeedReport } from "../seed/progress.ts";
import { serverAddress } from "./server-address.ts";

export type { SeedReport } from "../seed/progress.ts";

export interface HttpSeedOptions extends GenerateOptions {
  readonly direct?: false;
  /** Base URL of the server, e.g. http://127.0.0.1:7181. */
  readonly url: string;
  /** A token that may append to analytics_events (the admin token). */
  readonly token: string;
  readonly datasource?: string;
  /** Events per request (default 15,000; a request also stops short of 8 MB). */
  readonly batchSize?: number;
  /** Requests in flight at once (default 4). */
  readonly concurrency?: number;
  /** Wait until rows are stored before each request is answered (default true). */
  readonly wait?: boolean;
  /** Where progress and the final line go; stderr by default. */
  readonly out?: SeedOutput;
}

export type SeedOptions = HttpSeedOptions | DirectSeedOptions;

const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

async function post(url: string, token: string, body: string): Promise<{ successful_rows?: number; quarantined_rows?: number }> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/x-ndjson" }, body });
    if (res.ok) return (await res.json().catch(() => ({}))) as { successful_rows?: number; quarantined_rows?: number };
    const retryable = res.status === 429 || res.status === 503;
    const text = await res.text();
    if (!retryable || attempt >= 20) throw new Error(`POST ${url}: ${res.status} ${text}`);
    const after = Number(res.headers.get("retry-after") ?? "0.2");
    await new Promise((r) => setTimeout(r, Math.max(50, after * 1000)));
  }
}

async function seedOverHttp(options: HttpSeedOptions): Promise<SeedReport> {
  const batchSize = options.batchSize ?? 15_000;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const endpoint = `${options.url.replace(/\/+$/, "")}/v0/events?name=${encodeURIComponent(options.datasource ?? "analytics_events")}${options.wait === false ? "" : "&wait=true"}`;
  const progress = new SeedProgress(options.out ?? process.stderr, options.events);
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  let quarantined = 0;
  let lines: string[] = [];
  let bytes = 0;

  const flush = async () => {
    const count = lines.length;
    const body = `${lines.join("\n")}\n`;
    lines = [];
    bytes = 0;
    const request = post(endpoint, options.token, body).then((result) => {
      sent += count;
      quarantined += result.quarantined_rows ?? 0;
      progress.update(sent);
    });
    const tracked = request.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  };

  for (const event of seedEvents(options)) {
    const line = JSON.stringify(event);
    lines.push(line);
    bytes += line.length + 1;
    // The Events API takes at most 10 MB per request.
    if (lines.length >= batchSize || bytes >= MAX_REQUEST_BYTES) await flush();
  }
  if (lines.length > 0) await flush();
  await Promise.all(inFlight);
  return progress.finish(sent, options, quarantined);
}

export function runSeed(options: SeedOptions): Promise<SeedReport> {
  return options.direct ? seedDirect(options) : seedOverHttp(options);
}

function positive(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${value}`);
    return n;
  };
}

interface SeedFlags {
  events: number;
  tenants: number;
  domains: number;
  days: number;
  seed: number;
  url?: string;
  token?: string;
  dataDir?: string;
  clickhouseUrl?: string;
  direct?: boolean;
  batchSize?: number;
  concurrency: number;
}

/** `--direct`: into the data directory (or AVIARY_CLICKHOUSE_URL's server) the server would use. */
function directOptions(flags: SeedFlags): DirectSeedOptions {
  const config = buildConfig({ dataDir: flags.dataDir, clickhouseUrl: flags.clickhouseUrl }, process.env, false);
  return { ...flags, direct: true, dataDir: config.dataDir, database: config.database, clickhouseUrl: config.clickhouseUrl };
}

async function httpOptions(flags: SeedFlags): Promise<HttpSeedOptions> {
  return { ...flags, direct: false, ...(await serverAddress("seed", flags)) };
}

/** The `seed` command, for the CLI to add. */
export function seedCommand(): Command {
  return new Command("seed")
    .description("generate realistic traffic and send it to a running server's Events API (or, with --direct, into a stopped server's data directory)")
    .option("--events <n>", "how many events", positive("events"), 100_000)
    .option("--tenants <n>", "how many tenants (sizes are skewed: the largest holds about 10%)", positive("tenants"), 10)
    .option("--domains <n>", "domains per tenant", positive("domains"), 2)
    .option("--days <n>", "spread the events over the last N days", positive("days"), 30)
    .option("--seed <n>", "random seed: the same seed gives the same events", positive("seed"), 1)
    .option("--url <url>", "server URL (default: the server running on the data directory)")
    .option("--token <token>", "token with APPEND on analytics_events (default: the data dir's admin token)")
    .option("--data-dir <dir>", "data directory: where the admin token is read from, or (--direct) where events go (AVIARY_DATA_DIR)")
    .option("--clickhouse-url <url>", "the server's ClickHouse, when it uses one: where its admin token is read from, or (--direct) where events go (AVIARY_CLICKHOUSE_URL)")
    .option("--direct", "insert straight into the data directory's engine, with the server stopped; resumes an interrupted run")
    .option("--batch-size <n>", "events per request (default 15,000), or per insert with --direct (default 100,000)", positive("batch-size"))
    .option("--concurrency <n>", "requests in flight", positive("concurrency"), 4)
    .action(async (flags: SeedFlags) => {
      try {
        await runSeed(flags.direct ? directOptions(flags) : await httpOptions(flags));
      } catch (err) {
        console.error(`\naviary seed: ${(err as Error).message}`);
        process.exit(err instanceof SeedError ? 2 : 1);
      }
    });
}
