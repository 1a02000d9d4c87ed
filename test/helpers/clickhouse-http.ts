/** Starts the ClickHouse-HTTP-compatible test server (clickhouse-http-server.ts) as its own process. */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

export interface ClickHouseHttp {
  readonly url: string;
  /** With `{ cluster: true }`: every statement sent so far, with its settings. */
  recorded(): Promise<{ sql: string; settings: Record<string, string> }[]>;
  stop(): Promise<void>;
}

const ROOT = new URL("../..", import.meta.url).pathname;

/** `cluster`: a recording stand-in for a cluster's node (see clickhouse-http-server.ts). */
export async function startClickHouseHttp(options: { cluster?: boolean } = {}): Promise<ClickHouseHttp> {
  const dir = await mkdtemp(join(tmpdir(), "aviary-chhttp-"));
  const args = [join(ROOT, "test/helpers/clickhouse-http-server.ts"), dir, ...(options.cluster ? ["--cluster"] : [])];
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise((done) => child.once("exit", done));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => line.startsWith("listening ") && resolve(line.slice("listening ".length)));
    void exited.then(() => reject(new Error("the ClickHouse HTTP test server exited before listening")));
  });
  return {
    url,
    recorded: async () => (await fetch(`${url}/_recorded`)).json() as Promise<{ sql: string; settings: Record<string, string> }[]>,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
