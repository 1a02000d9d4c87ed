/** Starts the ClickHouse-HTTP-compatible test server (clickhouse-http-server.ts) as its own process. */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

export interface ClickHouseHttp {
  readonly url: string;
  /** With `{ cluster: true }` or `{ record: true }`: every statement sent so far, with its settings. */
  recorded(): Promise<{ sql: string; settings: Record<string, string> }[]>;
  /** Stops it; with `keepData`, so that `restart` brings the same data back on the same port. */
  stop(options?: { keepData?: boolean }): Promise<void>;
  restart(): Promise<ClickHouseHttp>;
}

const ROOT = new URL("../..", import.meta.url).pathname;

export interface ClickHouseHttpOptions {
  /** A recording stand-in for a cluster's node (see clickhouse-http-server.ts). */
  readonly cluster?: boolean;
  /** Record every statement, running them all. */
  readonly record?: boolean;
  readonly dir?: string;
  readonly port?: number;
}

export async function startClickHouseHttp(options: ClickHouseHttpOptions = {}): Promise<ClickHouseHttp> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "aviary-chhttp-")));
  const flags = [...(options.cluster ? ["--cluster"] : []), ...(options.record ? ["--record"] : []), ...(options.port ? ["--port", String(options.port)] : [])];
  const args = [join(ROOT, "test/helpers/clickhouse-http-server.ts"), dir, ...flags];
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise((done) => child.once("exit", done));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => line.startsWith("listening ") && resolve(line.slice("listening ".length)));
    void exited.then(() => reject(new Error("the ClickHouse HTTP test server exited before listening")));
  });
  return {
    url,
    recorded: async () => (await fetch(`${url}/_recorded`)).json() as Promise<{ sql: string; settings: Record<string, string> }[]>,
    stop: async ({ keepData = false } = {}) => {
      child.kill("SIGTERM");
      await exited;
      if (!keepData) await rm(dir, { recursive: true, force: true });
    },
    restart: () => startClickHouseHttp({ ...options, dir, port: Number(new URL(url).port) }),
  };
}
