/**
 * The one place kit tests reach the server. By default a real `aviary start` process:
 * events go in through the Events API (`POST /v0/events`, NDJSON, as trackers send them)
 * and results come back from `GET /v0/pipes/<name>.json`. `optimize()` stops it, runs
 * `OPTIMIZE … FINAL` on its data directory and starts it again on the same data.
 * `AVIARY_KIT_TESTS=in-process` runs the server inside the test process instead (events
 * written through the engine), for when the Events API is not available.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { startAviary } from "../../src/app.ts";
import { buildConfig } from "../../src/config.ts";
import { execute, type Engine } from "../../src/engine/engine.ts";
import { openEngine } from "../../src/engine/open-engine.ts";
import type { FlockEvent } from "../../src/seed/generate.ts";
import { startServer, type TestServer } from "../helpers/server.ts";
import type { Params, Row } from "./reference.ts";

export interface KitServer {
  readonly url: string;
  readonly token: string;
  /** `data` of `GET /v0/pipes/<pipe>.json` with these parameters; throws on a non-200. */
  query(pipe: string, params?: Params): Promise<Row[]>;
  /** The raw response, for error cases. */
  fetchPipe(pipe: string, params?: Params): Promise<Response>;
  /** Rows of a SELECT through `POST /v0/sql` (JSON format). */
  sql(query: string): Promise<Row[]>;
  ingest(events: readonly FlockEvent[]): Promise<void>;
  /** `OPTIMIZE TABLE … FINAL` on every kit table: all background merges done now. */
  optimize(): Promise<void>;
  stop(): Promise<void>;
}

const ROOT = new URL("../..", import.meta.url).pathname;
const KIT = join(ROOT, "kit/index.ts");
const DATABASE = "aviary";
const TABLES = ["analytics_events", "analytics_pages_mv", "analytics_sessions_mv", "analytics_sources_mv", "analytics_visits_mv", "analytics_custom_events_mv", "analytics_page_views_mv", "tenant_actions_mv", "tenant_domains_mv"];

async function optimizeAll(engine: Engine): Promise<void> {
  for (const table of TABLES) await execute(engine, `OPTIMIZE TABLE ${table} FINAL`);
}

/** HTTP calls shared by both modes. */
function client(base: () => string, token: string) {
  const fetchPipe = (pipe: string, params: Params = {}) => {
    const qs = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
    return fetch(`${base()}/v0/pipes/${pipe}.json?${qs}`, { headers: { authorization: `Bearer ${token}` } });
  };
  return {
    fetchPipe,
    async query(pipe: string, params: Params = {}): Promise<Row[]> {
      const res = await fetchPipe(pipe, params);
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${pipe} ${JSON.stringify(params)}: ${res.status} ${body}`);
      return (JSON.parse(body) as { data: Row[] }).data;
    },
    async sql(query: string): Promise<Row[]> {
      const res = await fetch(`${base()}/v0/sql`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" }, body: `${query} FORMAT JSON` });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`sql: ${res.status} ${body}`);
      return (JSON.parse(body) as { data: Row[] }).data;
    },
    async postEvents(events: readonly FlockEvent[]): Promise<void> {
      const res = await fetch(`${base()}/v0/events?name=analytics_events&wait=true`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/x-ndjson" },
        body: `${events.map((e) => JSON.stringify(e)).join("\n")}\n`,
      });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`events: ${res.status} ${body}`);
      const result = JSON.parse(body) as { successful_rows: number; quarantined_rows: number };
      if (result.successful_rows !== events.length) throw new Error(`events: ${body} for ${events.length} rows`);
    },
  };
}

async function spawned(): Promise<KitServer> {
  let server: TestServer = await startServer({ project: KIT });
  const { dataDir, adminToken } = server;
  const http = client(() => server.url, adminToken);
  return {
    get url() {
      return server.url;
    },
    token: adminToken,
    fetchPipe: http.fetchPipe,
    query: http.query,
    sql: http.sql,
    ingest: http.postEvents,
    async optimize() {
      await server.stop({ keepData: true });
      const engine = await openEngine({ dataDir, database: DATABASE });
      try {
        await optimizeAll(engine);
      } finally {
        await engine.close();
      }
      server = await startServer({ project: KIT, dataDir });
    },
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function inProcess(): Promise<KitServer> {
  const dataDir = await mkdtemp(join(tmpdir(), "aviary-kit-"));
  const config = buildConfig({ port: 0, host: "127.0.0.1", dataDir, project: KIT, logLevel: "warn" }, {}, false);
  const running = await startAviary(config, pino({ level: "warn" }));
  const token = running.context.workspace.adminToken;
  const http = client(() => running.url, token);
  return {
    url: running.url,
    token,
    fetchPipe: http.fetchPipe,
    query: http.query,
    sql: http.sql,
    async ingest(events) {
      const lines = events.map((e) => JSON.stringify({ ...e, timestamp: Math.floor(Date.parse(e.timestamp) / 1000) }));
      await running.context.engine.insert("analytics_events", Buffer.from(lines.join("\n")));
    },
    optimize: () => optimizeAll(running.context.engine),
    async stop() {
      await running.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function startKitServer(): Promise<KitServer> {
  return process.env.AVIARY_KIT_TESTS === "in-process" ? inProcess() : spawned();
}
