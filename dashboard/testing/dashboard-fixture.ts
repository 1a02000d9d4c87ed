/**
 * A real Aviary server for dashboard tests and the benchmark: the kit deployed, the
 * dashboard built, traffic from the seed generator (through `aviary seed`'s runSeed and
 * the Events API when available, else the bulk datasource append), a few page views in
 * the last minute so "visitors online" is not zero, and helpers to ask the API the
 * same questions the dashboard asks.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { SignJWT } from "jose";
import { generateEvents, tenantsFor, type FlockEvent, type GenerateOptions } from "../../src/seed/generate.ts";
import { startServer, type TestServer } from "../../test/helpers/server.ts";
import { ensureDashboardBuilt } from "./ensure-built.ts";

export type Params = Readonly<Record<string, string | number | boolean | undefined>>;

export interface PipeResult<Row> {
  readonly data: Row[];
  readonly rows: number;
}

export interface DashboardFixture {
  readonly server: TestServer;
  readonly url: string;
  readonly adminToken: string;
  /** Tenant ids, largest first (the generator's customer-1 is the largest). */
  readonly tenants: readonly string[];
  /** The tenant that got page views in the last minute. */
  readonly liveTenant: string;
  /** How the traffic went in: `aviary seed` through the Events API, or the bulk append fallback. */
  readonly seededWith: "aviary seed" | "bulk append";
  pipe<Row = Record<string, unknown>>(name: string, params: Params, token?: string): Promise<PipeResult<Row>>;
  pipeCsv(name: string, params: Params, token?: string): Promise<string>;
  /** A tenant JWT: PIPES:READ on every pipe with tenant_id fixed, expiring `ttlSeconds` from now (negative: already expired). */
  jwt(tenant: string, ttlSeconds?: number): Promise<string>;
  close(): Promise<void>;
}

/**
 * No events without a session id: they all make one pseudo-visit (session '0') that mixes
 * visitors, and the device the views keep for it can change when the engine merges parts, so
 * a bot-filtered report read twice a minute apart could differ by that visit (README, query
 * benchmark). The dashboard tests compare what the page shows with a later read.
 */
export const DEFAULT_SEED: GenerateOptions = { events: 60_000, tenants: 3, domains: 2, days: 14, seed: 42, nullSessionShare: 0 };
const LIVE_SESSIONS = 3;

export function search(params: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  return q.toString();
}

async function appendNdjson(server: TestServer, events: Iterable<FlockEvent>): Promise<void> {
  // The bulk append takes up to 10 MB per request; 8 MB chunks stay under it.
  let chunk: string[] = [];
  let size = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const res = await fetch(`${server.url}/v0/datasources?name=analytics_events&mode=append&format=ndjson`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.adminToken}`, "content-type": "application/x-ndjson" },
      body: chunk.join("\n"),
    });
    if (!res.ok) throw new Error(`append failed: ${res.status} ${await res.text()}`);
    chunk = [];
    size = 0;
  };
  for (const event of events) {
    const line = JSON.stringify(event);
    chunk.push(line);
    size += line.length + 1;
    if (size > 8_000_000) await flush();
  }
  await flush();
}

async function seed(server: TestServer, options: GenerateOptions): Promise<DashboardFixture["seededWith"]> {
  const probe = await fetch(`${server.url}/v0/events?name=analytics_events&token=${encodeURIComponent(server.adminToken)}&wait=true`, { method: "POST", body: "" });
  if (probe.status !== 404) {
    try {
      const { runSeed } = await import("../../src/cli/seed.ts");
      const quiet = Object.assign(new (await import("node:stream")).PassThrough(), { isTTY: false });
      quiet.resume();
      await runSeed({ ...options, url: server.url, token: server.adminToken, out: quiet });
      return "aviary seed";
    } catch {
      // `aviary seed` not usable here: fall back to the bulk append below.
    }
  }
  await appendNdjson(server, generateEvents(options));
  return "bulk append";
}

function liveEvents(tenant: string, domain: string): FlockEvent[] {
  const now = Date.now();
  return Array.from({ length: LIVE_SESSIONS }, (_, i) => ({
    timestamp: new Date(now - (i + 1) * 20_000).toISOString(),
    action: "page_hit",
    version: "1",
    session_id: `live-session-${i}-${now}`,
    tenant_id: tenant,
    domain,
    payload: JSON.stringify({
      "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
      locale: "en-US",
      location: "US",
      referrer: "",
      pathname: "/live",
      href: `https://${domain}/live`,
    }),
  }));
}

export async function startDashboardFixture(options: GenerateOptions = DEFAULT_SEED): Promise<DashboardFixture> {
  await ensureDashboardBuilt();
  const server = await startServer();
  const workspace = JSON.parse(await readFile(join(server.dataDir, "workspace.json"), "utf8")) as { id: string; adminToken: string };
  const tenants = tenantsFor(options.tenants, options.domains);
  const live = tenants[0]!;
  let seededWith: DashboardFixture["seededWith"];
  try {
    seededWith = await seed(server, options);
    await appendNdjson(server, liveEvents(live.id, live.domains[0]!));
  } catch (err) {
    await server.stop();
    throw err;
  }

  const get = async (path: string, token: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return res;
  };

  return {
    server,
    url: server.url,
    adminToken: server.adminToken,
    tenants: tenants.map((t) => t.id),
    liveTenant: live.id,
    seededWith,
    pipe: async <Row>(name: string, params: Params, token = server.adminToken) => (await (await get(`/v0/pipes/${name}.json?${search(params)}`, token)).json()) as PipeResult<Row>,
    pipeCsv: async (name: string, params: Params, token = server.adminToken) => (await get(`/v0/pipes/${name}.csv?${search(params)}`, token)).text(),
    jwt: (tenant: string, ttlSeconds = 3600) =>
      new SignJWT({
        workspace_id: workspace.id,
        name: `dashboard-test-${tenant}`,
        exp: Math.floor(Date.now() / 1000) + ttlSeconds,
        scopes: [{ type: "PIPES:READ", resource: "*", fixed_params: { tenant_id: tenant } }],
      })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .sign(new TextEncoder().encode(workspace.adminToken)),
    close: () => server.stop(),
  };
}
