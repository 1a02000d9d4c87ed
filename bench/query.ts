/**
 * `npm run bench -- query [--profile one-site] [--events N] [--tenants T] [--days D] [--domains K]
 * [--data-dir D] [--reuse] [--requests R] [--raw-requests Q] [--period-days P] [--only a,b]`:
 * the kit's endpoints at scale. Seeds N events (default 10M) over D days (90) for T tenants
 * (1,000; the largest holds about 10%) straight into a data directory, then, over HTTP
 * against a spawned server, times every endpoint for a median tenant and for the largest,
 * next to the same reports computed from the raw `analytics_events` table without the views
 * (`/v0/sql`, admin token), in the same run: the ratio is what the views buy. Requests cover
 * the last P days of the data (30); each view cell takes R timed requests (40), each raw
 * cell Q (10: a raw report of the largest tenant takes seconds). A row named
 * `endpoint?key=value` is the endpoint with that filter; `--only` times just the rows named
 * (with `kpis` and `top_pages` as the same run's baseline, always). Also bytes on disk per
 * event and the server's peak memory. The server runs with `--no-result-cache`: repeats of
 * one request measure the engine, not the cache.
 *
 * `--profile one-site`: one tenant with one site of about 1M page views in 30 days (1.6M
 * events; the same as `--events 1600000 --tenants 1 --domains 1 --days 30`), every request
 * over the 30 days: what one busy site costs, where the default spreads 10M events over 1,000
 * tenants. Its goal is 30 ms for every endpoint.
 *
 * The data directory is kept (default: <tmp>/aviary-bench-query-N-T-D): a rerun with the
 * same parameters finds the events in place and only measures, and an interrupted seed
 * continues where it stopped. `--reuse` skips seeding and measures whatever is there.
 */
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { queryRows, type Engine } from "../src/engine/engine.ts";
import { openEngine } from "../src/engine/open-engine.ts";
import { seedDirect } from "../src/seed/direct-seed.ts";
import { readSeedState } from "../src/seed/seed-state.ts";
import { startServer, type TestServer } from "../test/helpers/server.ts";
import { peakRssMb, printTable, summarize } from "./_measure.ts";
import { agree } from "./_query-agree.ts";
import { defineBenchGoals } from "./_query-goals.ts";
import { rawQueries, type RawPeriod } from "./_query-raw.ts";
import { rawVisitQueries } from "./_query-raw-visits.ts";

interface Profile {
  /** Defaults that a flag given beside the profile still overrides. */
  readonly flags: Readonly<Record<string, string>>;
  /** p50 ms each endpoint should stay under, median and largest tenant; `current_visitors` its own. */
  readonly goals: { readonly median: number; readonly largest: number; readonly current_visitors: number };
}
const DEFAULT_PROFILE: Profile = { flags: {}, goals: { median: 50, largest: 300, current_visitors: 20 } };
/** Named shapes of data. */
const PROFILES: Readonly<Record<string, Profile>> = {
  "one-site": { flags: { events: "1600000", tenants: "1", domains: "1", days: "30", "period-days": "30" }, goals: { median: 30, largest: 30, current_visitors: 20 } },
};
const profileName = parseArgs({ options: { profile: { type: "string" } }, strict: false }).values.profile;
const chosen = typeof profileName === "string" ? PROFILES[profileName] : DEFAULT_PROFILE;
if (!chosen) throw new Error(`--profile ${String(profileName)}: unknown (known: ${Object.keys(PROFILES).join(", ")})`);
const profile = chosen.flags;
const { values } = parseArgs({
  options: {
    profile: { type: "string" },
    events: { type: "string", default: profile.events ?? "10000000" },
    tenants: { type: "string", default: profile.tenants ?? "1000" },
    days: { type: "string", default: profile.days ?? "90" },
    domains: { type: "string", default: profile.domains ?? "2" },
    "data-dir": { type: "string" },
    reuse: { type: "boolean", default: false },
    requests: { type: "string", default: "40" },
    "raw-requests": { type: "string", default: "10" },
    "period-days": { type: "string", default: profile["period-days"] ?? "30" },
    only: { type: "string" },
  },
});
const events = Number(values.events);
const tenants = Number(values.tenants);
const days = Number(values.days);
const domains = Number(values.domains);
const requests = Number(values.requests);
const rawRequests = Number(values["raw-requests"]);
const dataDir = values["data-dir"] ?? join(tmpdir(), `aviary-bench-query-${events}-${tenants}-${days}`);
const GOALS = chosen.goals;

type Row = Record<string, unknown>;
const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${Math.round(totalmem() / 2 ** 30)} GB; load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
console.log(`data: ${dataDir}`);

// 1. Seed (or find the seed in place). The server deploys the kit the first time.
if (!values.reuse) {
  if (!existsSync(join(dataDir, "workspace.json"))) await (await startServer({ dataDir })).stop({ keepData: true });
  const state = await readSeedState(dataDir);
  if (state && state.events >= events && state.key.tenants === tenants && state.key.days === days && state.key.domains === domains) {
    console.log(`seed: ${state.events.toLocaleString("en-US")} events already in place`);
  } else {
    await seedDirect({ direct: true, dataDir, events, tenants, domains, days, seed: 1 });
  }
}

// 2. Let background merges finish (they run only while a process holds the directory), then read sizes and pick the tenants.
async function settle(engine: Engine): Promise<number> {
  const started = performance.now();
  for (let quiet = 0; quiet < 3 && performance.now() - started < 15 * 60_000; ) {
    const [merges] = await queryRows<{ n: number }>(engine, "SELECT count() AS n FROM system.merges");
    quiet = merges?.n ? 0 : quiet + 1;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return (performance.now() - started) / 1000;
}

const engine = await openEngine({ dataDir, database: "aviary" });
const settled = await settle(engine);
const parts = await queryRows<{ table: string; rows: string; bytes: string; parts: string }>(
  engine,
  "SELECT table, sum(rows) AS rows, sum(bytes_on_disk) AS bytes, count() AS parts FROM system.parts WHERE active AND database = currentDatabase() GROUP BY table ORDER BY table",
);
const sizes = await queryRows<{ tenant_id: string; c: string }>(engine, "SELECT tenant_id, count() AS c FROM analytics_events GROUP BY tenant_id ORDER BY c DESC, tenant_id");
const [span] = await queryRows<{ newest: number }>(engine, "SELECT toUnixTimestamp(max(timestamp)) AS newest FROM analytics_events");
await engine.close();

const stored = parts.find((p) => p.table === "analytics_events");
const storedEvents = Number(stored?.rows ?? 0);
const largest = sizes[0]!;
const median = sizes[Math.floor(sizes.length / 2)]!;
const newest = (span?.newest ?? Date.now() / 1000) * 1000;
const period: RawPeriod = { from: isoDay(newest - (Number(values["period-days"]) - 1) * DAY), to: isoDay(newest) };
console.log(`merges settled in ${settled.toFixed(0)} s; ${storedEvents.toLocaleString("en-US")} events; largest tenant ${largest.tenant_id} (${Number(largest.c).toLocaleString("en-US")} events, ${((100 * Number(largest.c)) / storedEvents).toFixed(1)}%), median ${median.tenant_id} (${Number(median.c).toLocaleString("en-US")}); period ${period.from} … ${period.to}`);

// 3. Time every endpoint and every raw equivalent, sequentially, over HTTP.
const PERIOD = { date_from: period.from, date_to: period.to };
const ENDPOINTS: [string, Record<string, string>][] = [
  ["kpis", PERIOD],
  ["trend", {}],
  ["top_pages", PERIOD],
  ["top_pages?channel=Direct", PERIOD],
  ["top_sources", PERIOD],
  ["top_browsers", PERIOD],
  ["top_devices", PERIOD],
  ["top_locations", PERIOD],
  ["top_channels", PERIOD],
  ["top_utm_sources", PERIOD],
  ["top_utm_mediums", PERIOD],
  ["top_utm_campaigns", PERIOD],
  ["top_utm_terms", PERIOD],
  ["top_utm_contents", PERIOD],
  ["top_entry_pages", PERIOD],
  ["top_exit_pages", PERIOD],
  ["top_os", PERIOD],
  ["top_os_versions", PERIOD],
  ["top_os_versions?os=Android", PERIOD],
  ["top_screens", PERIOD],
  ["top_regions", PERIOD],
  ["top_cities", PERIOD],
  ["top_languages", PERIOD],
  ["current_visitors", {}],
  ["domain", {}],
  ["domains", {}],
  ["actions", {}],
  ["top_events", PERIOD],
  ["event_properties", { ...PERIOD, event: "signup" }],
  ["top_event_property_values", { ...PERIOD, event: "signup", property: "plan" }],
  ["top_event_property_values?goal=cart", { ...PERIOD, event: "signup", property: "plan" }],
  ["traffic_by_hour", PERIOD],
  ["funnel", { ...PERIOD, step1: "page:/", step2: "page:/pricing", step3: "event:add_to_cart", step4: "event:signup" }],
  ["funnel?per=visitor", { ...PERIOD, step1: "page:/", step2: "page:/pricing", step3: "event:add_to_cart", step4: "event:signup" }],
  ["goals", PERIOD],
  ["web_vitals_current", { days: values["period-days"]! }],
  ["web_vitals_distribution", PERIOD],
  ["web_vitals_routes", PERIOD],
  ["web_vitals_timeseries", PERIOD],
  ["web_vitals_events", { from_date: period.from, to_date: period.to, limit: "100" }],
];

async function timed(call: () => Promise<Row[]>, times = requests): Promise<{ p50: number; p99: number; rows: Row[] }> {
  let rows: Row[] = [];
  for (let i = 0; i < 2; i++) rows = await call(); // warm-up: caches, first-query compilation
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await call();
    samples.push(performance.now() - start);
  }
  const { p50, p99 } = summarize(samples);
  return { p50, p99, rows };
}

async function getJson(server: TestServer, path: string, init?: RequestInit): Promise<Row[]> {
  const res = await fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${server.adminToken}`, ...init?.headers } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${text.slice(0, 500)}`);
  return (JSON.parse(text) as { data: Row[] }).data;
}

/** `name` is a pipe, or `pipe?key=value` for the pipe with that filter. */
const pipe = (server: TestServer, name: string, params: Record<string, string>, tenant: string) => {
  const [pipeName, filter] = name.split("?");
  return getJson(server, `/v0/pipes/${pipeName}.json?${new URLSearchParams({ ...params, ...Object.fromEntries(new URLSearchParams(filter)), tenant_id: tenant })}`);
};
const sql = (server: TestServer, text: string) => getJson(server, "/v0/sql", { method: "POST", body: `${text}\nFORMAT JSON`, headers: { "content-type": "text/plain" } });

// The engine is what is measured: answers kept until a write would otherwise answer every repeat.
const server = await startServer({ dataDir, args: ["--no-result-cache"] });
const results: (string | number)[][] = [];
let peakMb: number | undefined;
try {
  await defineBenchGoals(server, [median.tenant_id, largest.tenant_id]);
  const only = values.only?.split(",").map((n) => n.trim());
  // One tenant (--tenants 1) is both the median and the largest: measured once.
  const oneTenant = largest.tenant_id === median.tenant_id;
  for (const [name, params] of ENDPOINTS.filter(([n]) => !only || ["kpis", "top_pages", ...only].includes(n))) {
    const m = await timed(() => pipe(server, name, params, median.tenant_id));
    const l = oneTenant ? m : await timed(() => pipe(server, name, params, largest.tenant_id));
    const rawFor = (tenant: string) => ({ ...rawQueries(tenant, period), ...rawVisitQueries(tenant, period) })[name];
    const rawSql = rawFor(median.tenant_id);
    const rm = rawSql ? await timed(() => sql(server, rawSql), rawRequests) : undefined;
    const rl = rawSql && !oneTenant ? await timed(() => sql(server, rawFor(largest.tenant_id)!), rawRequests) : rm;
    const goal = name === "current_visitors" ? m.p50 < GOALS.current_visitors && l.p50 < GOALS.current_visitors : m.p50 < GOALS.median && l.p50 < GOALS.largest;
    const ratio = (view: number, raw?: number) => (raw ? (view / raw).toFixed(3) : "");
    results.push([
      name,
      m.p50, m.p99, l.p50, l.p99,
      rm?.p50 ?? "", rl?.p50 ?? "",
      ratio(m.p50, rm?.p50), ratio(l.p50, rl?.p50),
      rm && rl ? [agree(name, m.rows, rm.rows), agree(name, l.rows, rl.rows)].join(" / ") : "",
      goal ? "ok" : "MISS",
    ]);
    console.error(`  ${name} done`);
  }
  peakMb = peakRssMb(server.process.pid!);
} finally {
  await server.stop({ keepData: true });
}

console.log(`\n${requests} sequential requests per view cell, ${rawRequests} per raw cell, after 2 warm-ups, milliseconds; views = the kit's endpoints, raw = the same report from analytics_events (/v0/sql); numbers: median / largest tenant`);
printTable(
  ["endpoint", "median p50", "median p99", "largest p50", "largest p99", "raw median p50", "raw largest p50", "view/raw median", "view/raw largest", "numbers", "goal"],
  results,
);
console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
console.log("\nbytes on disk");
const totalBytes = parts.reduce((a, p) => a + Number(p.bytes), 0);
printTable(
  ["table", "rows", "parts", "MB", "bytes/event"],
  [
    ...parts.map((p) => [p.table, Number(p.rows), Number(p.parts), (Number(p.bytes) / 2 ** 20).toFixed(1), (Number(p.bytes) / storedEvents).toFixed(1)]),
    ["all tables", "", "", (totalBytes / 2 ** 20).toFixed(1), (totalBytes / storedEvents).toFixed(1)],
  ],
);
console.log(`\nserver peak RSS ${peakMb?.toFixed(0)} MB for ${(totalBytes / 2 ** 20).toFixed(0)} MB on disk (goal: under 1,024 MB)`);
