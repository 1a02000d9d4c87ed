/**
 * `npm run bench -- concurrency [--events N] [--viewers 1,4,16,64] [--seconds S] [--engine chdb|clickhouse|both]`:
 * many people looking at dashboards at once. The set of requests is the one the dashboard
 * really makes on opening (captured once in headless Chromium); a viewer fires that set,
 * at most 6 at a time as a browser does per host, waits for all of it, and starts again,
 * for S seconds (10). Viewers look at the tenants in turn, each with a dashboard JWT of its
 * own (a person's share link: its own rate limit and queue lane), so nothing is shared
 * between viewers but the server. Per level of
 * concurrency: endpoint requests/s, p50/p99 of one request, p50/p99 of a whole dashboard,
 * and each figure's ratio to the one-viewer baseline of the same run and engine.
 *
 * Engines: the embedded chdb, and a ClickHouse server (here the project's test double:
 * chdb behind ClickHouse's HTTP protocol, in its own process; a real server runs
 * statements in parallel, the double one at a time, so its curve shows Aviary's share of
 * the cost, not ClickHouse's). Data: N events (1M) for 10 tenants over 30 days, seeded
 * through the Events API into fresh data directories, removed after.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { SignJWT } from "jose";
import { DASHBOARD_PIPES, pipeReadScopes } from "../dashboard/src/api/dashboard-pipes.ts";
import { ensureDashboardBuilt } from "../dashboard/testing/ensure-built.ts";
import { runSeed } from "../src/cli/seed.ts";
import { launchChromium } from "../test/e2e/helpers/browser.ts";
import { startClickHouseHttp, type ClickHouseHttp } from "../test/helpers/clickhouse-http.ts";
import { startServer, type TestServer } from "../test/helpers/server.ts";
import { printTable, summarize } from "./_measure.ts";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "1000000" },
    viewers: { type: "string", default: "1,4,16,64" },
    seconds: { type: "string", default: "10" },
    engine: { type: "string", default: "both" },
  },
});
const EVENTS = Number(values.events);
const LEVELS = values.viewers.split(",").map(Number);
const SECONDS = Number(values.seconds);
const ENGINES = values.engine === "both" ? ["chdb", "clickhouse"] : [values.engine];
const SEED = { tenants: 10, domains: 2, days: 30, seed: 1 };
/** Requests a browser keeps in flight to one host over HTTP/1.1. */
const BROWSER_CONNECTIONS = 6;

interface Tenant {
  readonly id: string;
  readonly token: string;
}

async function adminSql<T>(server: TestServer, sql: string): Promise<T[]> {
  const res = await fetch(`${server.url}/v0/sql?q=${encodeURIComponent(`${sql} FORMAT JSON`)}`, { headers: { authorization: `Bearer ${server.adminToken}` } });
  if (!res.ok) throw new Error(`${sql}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { data: T[] }).data;
}

/** The tenants, largest first. */
async function tenantsOf(server: TestServer): Promise<string[]> {
  const rows = await adminSql<{ tenant_id: string }>(server, "SELECT tenant_id, countMerge(total_hits) AS hits FROM tenant_domains_mv GROUP BY tenant_id ORDER BY hits DESC");
  return rows.map((r) => r.tenant_id);
}

/** Viewer i's tenant and dashboard JWT, as `aviary token jwt --dashboard --name viewer-i` mints it: a person's own share link. */
async function viewerOf(server: TestServer, tenants: readonly string[], i: number): Promise<Tenant> {
  const id = tenants[i % tenants.length]!;
  const token = await new SignJWT({ name: `viewer-${i}`, scopes: pipeReadScopes(DASHBOARD_PIPES, { tenant_id: id }) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setExpirationTime("2h")
    .sign(new TextEncoder().encode(server.adminToken));
  return { id, token };
}

/** The pipe requests (path and query) the dashboard makes when a tenant opens it, as Chromium sent them. */
async function dashboardRequests(server: TestServer, tenant: Tenant): Promise<string[]> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith("/v0/pipes/")) requests.push(`${url.pathname}${url.search}`);
    });
    await page.goto(`${server.url}/?token=${encodeURIComponent(tenant.token)}`);
    await page.waitForSelector("[data-testid='live-visitors'] [data-value]", { timeout: 300_000 });
    await page.waitForFunction(() => !document.querySelector(".skeleton, [aria-busy='true']"), undefined, { timeout: 300_000, polling: 50 });
    return requests;
  } finally {
    await browser.close();
  }
}

interface Level {
  readonly viewers: number;
  readonly requestMs: number[];
  readonly dashboardMs: number[];
  /** Answers other than 200, by status. */
  readonly failures: Map<number, number>;
  readonly seconds: number;
}

/** One viewer's loop: the whole set, BROWSER_CONNECTIONS at a time, until `until`. */
async function viewer(server: TestServer, tenant: Tenant, requests: readonly string[], until: number, level: Omit<Level, "viewers" | "seconds">): Promise<void> {
  while (performance.now() < until) {
    const started = performance.now();
    const queue = [...requests];
    const lane = async () => {
      for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
        const t = performance.now();
        const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${tenant.token}` } });
        await res.arrayBuffer();
        if (res.ok) level.requestMs.push(performance.now() - t);
        else level.failures.set(res.status, (level.failures.get(res.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: BROWSER_CONNECTIONS }, lane));
    level.dashboardMs.push(performance.now() - started);
  }
}

async function measure(server: TestServer, tenants: readonly string[], requests: readonly string[], viewers: number): Promise<Level> {
  const level = { viewers, requestMs: [] as number[], dashboardMs: [] as number[], failures: new Map<number, number>() };
  const people = await Promise.all(Array.from({ length: viewers }, (_, i) => viewerOf(server, tenants, i)));
  const started = performance.now();
  const until = started + SECONDS * 1000;
  await Promise.all(people.map((person) => viewer(server, person, requests, until, level)));
  return { ...level, seconds: (performance.now() - started) / 1000 };
}

async function runEngine(engine: string): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "aviary-bench-concurrency-"));
  let clickhouse: ClickHouseHttp | undefined;
  if (engine === "clickhouse") clickhouse = await startClickHouseHttp();
  const server = await startServer({ dataDir, args: clickhouse ? ["--clickhouse-url", clickhouse.url] : [] });
  try {
    console.log(`\n${engine}: seeding ${EVENTS.toLocaleString("en-US")} events (${SEED.tenants} tenants × ${SEED.domains} domains, ${SEED.days} days)…`);
    await runSeed({ ...SEED, events: EVENTS, url: server.url, token: server.adminToken });
    const tenants = await tenantsOf(server);
    // The captured set names the tenant nowhere (the JWT fixes it), so any viewer's token replays it.
    const requests = await dashboardRequests(server, await viewerOf(server, tenants, 0));
    const levels: Level[] = [];
    for (const viewers of LEVELS) levels.push(await measure(server, tenants, requests, viewers));
    const base = levels[0]!;
    const rate = (l: Level) => l.requestMs.length / l.seconds;
    console.log(`${engine}: ${requests.length} requests per dashboard, ${SECONDS} s per level, viewers on the ${tenants.length} tenants in turn; failed: answers other than 200, by status`);
    printTable(
      ["viewers", "requests/s", "× base", "request p50 ms", "p99 ms", "dashboard p50 ms", "p99 ms", "× base p99", "failed"],
      levels.map((l) => {
        const r = summarize(l.requestMs);
        const d = summarize(l.dashboardMs);
        const failed = [...l.failures].map(([status, n]) => `${n}×${status}`).join(" ") || "0";
        return [l.viewers, rate(l), rate(l) / rate(base), r.p50, r.p99, d.p50, d.p99, d.p99 / summarize(base.dashboardMs).p99, failed];
      }),
    );
  } finally {
    await server.stop();
    await clickhouse?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await ensureDashboardBuilt();
for (const engine of ENGINES) await runEngine(engine);
