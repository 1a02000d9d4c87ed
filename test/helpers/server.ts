/**
 * Starts a real Aviary server process for a test, on a free port with a fresh data
 * directory, and stops it afterwards. Tests talk to it over HTTP only.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

export interface TestServer {
  readonly url: string;
  readonly adminToken: string;
  readonly dataDir: string;
  readonly process: ChildProcess;
  /** Everything the server logged, for assertions and for debugging a failure. */
  readonly logs: string[];
  /** Graceful stop (SIGTERM); removes the data directory unless `keepData`. */
  stop(options?: { keepData?: boolean }): Promise<void>;
  /** Crash it (SIGKILL), leaving the data directory as it was. */
  kill(): Promise<void>;
}

export interface StartOptions {
  /** Datafile folder or TypeScript module; the kit when omitted. */
  readonly project?: string;
  /** Reuse a data directory (e.g. after `kill()`). */
  readonly dataDir?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly args?: readonly string[];
  /** Another checkout of Aviary to run instead of this one (an earlier release: test/upgrade). */
  readonly root?: string;
}

const ROOT = new URL("../..", import.meta.url).pathname;

export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "aviary-test-")));
  const root = options.root ?? ROOT;
  const args = [join(root, "bin/aviary.js"), "start", "--port", "0", "--data-dir", dataDir, ...(options.project ? ["--project", options.project] : []), ...(options.args ?? [])];
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, AVIARY_LOG_LEVEL: "info", ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
  const logs: string[] = [];
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start in 120 s:\n${logs.join("\n")}`));
    }, 120_000);
    const onLine = (line: string) => {
      logs.push(line);
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === "Aviary is ready" && entry.url) {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        // not a JSON log line
      }
    };
    createInterface({ input: child.stdout! }).on("line", onLine);
    createInterface({ input: child.stderr! }).on("line", (line) => logs.push(line));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${logs.join("\n")}`));
    });
  });
  const adminToken = await adminTokenOf(dataDir, options);
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  return {
    url,
    adminToken,
    dataDir,
    process: child,
    logs,
    stop: async ({ keepData = false } = {}) => {
      await signal("SIGTERM");
      if (!keepData && !options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
    kill: () => signal("SIGKILL"),
  };
}

/** The data directory's workspace, or, with --clickhouse-url (state in ClickHouse), what `aviary token admin` prints. */
async function adminTokenOf(dataDir: string, options: StartOptions): Promise<string> {
  const url = options.args?.[options.args.indexOf("--clickhouse-url") + 1];
  if (!options.args?.includes("--clickhouse-url") || url === undefined) {
    return (JSON.parse(await readFile(join(dataDir, "workspace.json"), "utf8")) as { adminToken: string }).adminToken;
  }
  const out = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, [join(ROOT, "bin/aviary.js"), "token", "admin", "--data-dir", dataDir, "--clickhouse-url", url], { cwd: ROOT, env: { ...process.env, ...options.env } }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
  );
  return out.trim();
}

/** Fetches a path of the server with the admin token unless the request sets its own auth. */
export async function api(server: Pick<TestServer, "url" | "adminToken">, path: string, init: RequestInit & { token?: string | null } = {}): Promise<Response> {
  const { token = server.adminToken, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token !== null && !headers.has("authorization")) headers.set("authorization", `Bearer ${token}`);
  return fetch(`${server.url}${path}`, { ...rest, headers });
}
