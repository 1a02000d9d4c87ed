/**
 * Dashboard benchmark: for the largest tenant of the seeded data (10M events by default,
 * as `aviary seed` generates them), the time from navigation start until
 *   - first meaningful render: the KPI totals are on screen,
 *   - all widgets loaded: no skeleton or busy widget left and the live count shown,
 * in headless Chromium with a fresh context (cold browser cache) per run, median and p90.
 * Baseline, same run: the same endpoint requests the page made, fired in parallel from
 * Node (no browser, no rendering): the dashboard's own overhead is the difference.
 * Twice: with the server's result cache off (`--no-result-cache`: every answer computed,
 * the first visit after new data) and on (answers kept since the previous load: a page
 * opened again before new events arrive).
 * Also: the JavaScript and CSS bundle sizes, gzipped.
 * `--throttle MBITS,RTT_MS` has Chromium emulate a link of that speed and round trip (the
 * page's requests only; the Node baseline stays on loopback): what compression saves.
 *
 * Run: npm run bench -- dashboard [--events 10000000] [--runs 7] [--data-dir DIR] [--throttle 20,40]
 *   --data-dir keeps the seeded data for the next run (seeding 10M events takes minutes);
 *   a data dir that already holds events is not seeded again.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ensureDashboardBuilt } from "../dashboard/testing/ensure-built.ts";
import { runSeed } from "../src/cli/seed.ts";
import type { Browser } from "playwright-core";
import { launchChromium } from "../test/e2e/helpers/browser.ts";
import { startServer } from "../test/helpers/server.ts";

function option(name: string, fallback: number): number;
function option(name: string): string | undefined;
function option(name: string, fallback?: number): number | string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  const value = i > 0 ? process.argv[i + 1] : undefined;
  return fallback === undefined ? value : value === undefined ? fallback : Number(value);
}

const EVENTS = option("events", 10_000_000);
const RUNS = option("runs", 7);
const THROTTLE = ((text) => {
  if (text === undefined) return undefined;
  const [mbits = 20, rtt = 40] = text.split(",").map(Number);
  return { mbits, rtt };
})(option("throttle"));
const SEED = { tenants: 10, domains: 2, days: 30, seed: 1 };
const DIST = new URL("../dashboard/dist/assets/", import.meta.url).pathname;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/** Marks the two moments inside the page, so the figures do not include polling delays. */
const MARKS = `
window.__marks = {};
const check = () => {
  const m = window.__marks;
  if (m.kpis === undefined && document.querySelector("[data-kpi] .kpi-value")) m.kpis = performance.now();
  if (m.idle === undefined && m.kpis !== undefined && !document.querySelector(".skeleton, [aria-busy='true']") && document.querySelector("[data-testid='live-visitors'] [data-value]")) m.idle = performance.now();
};
new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
`;

async function bundleSizes(): Promise<{ js: number; css: number; jsRaw: number }> {
  let js = 0;
  let css = 0;
  let jsRaw = 0;
  for (const file of await readdir(DIST)) {
    const body = await readFile(join(DIST, file));
    if (file.endsWith(".js")) {
      js += gzipSync(body, { level: 9 }).length;
      jsRaw += body.length;
    }
    if (file.endsWith(".css")) css += gzipSync(body, { level: 9 }).length;
  }
  return { js, css, jsRaw };
}

async function main(): Promise<void> {
  await ensureDashboardBuilt();
  const sizes = await bundleSizes();
  const dataDir = option("data-dir") ?? (await mkdtemp(join(tmpdir(), "aviary-bench-dashboard-")));
  const keep = option("data-dir") !== undefined;
  const browser = await launchChromium();
  try {
    for (const cache of [false, true]) await measure(browser, dataDir, cache);
    console.log(`bundle: JavaScript ${kb(sizes.js)} gzipped (${kb(sizes.jsRaw)} raw), CSS ${kb(sizes.css)} gzipped`);
  } finally {
    await browser.close();
    if (!keep) await rm(dataDir, { recursive: true, force: true });
  }
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function measure(browser: Browser, dataDir: string, cache: boolean): Promise<void> {
  const server = await startServer({ dataDir, args: cache ? [] : ["--no-result-cache"] });
  try {
    const count = await fetch(`${server.url}/v0/sql?q=${encodeURIComponent("SELECT count() AS n FROM analytics_events FORMAT JSON")}`, { headers: { authorization: `Bearer ${server.adminToken}` } });
    const existing = Number(((await count.json()) as { data: { n: number }[] }).data[0]?.n ?? 0);
    if (existing === 0) {
      console.log(`seeding ${EVENTS.toLocaleString("en-US")} events (${SEED.tenants} tenants × ${SEED.domains} domains, ${SEED.days} days)…`);
      await runSeed({ ...SEED, events: EVENTS, url: server.url, token: server.adminToken });
    } else {
      console.log(`using the ${existing.toLocaleString("en-US")} events already in ${dataDir}`);
    }
    const tenants = await fetch(
      `${server.url}/v0/sql?q=${encodeURIComponent("SELECT tenant_id, countMerge(total_hits) AS hits FROM tenant_domains_mv GROUP BY tenant_id ORDER BY hits DESC LIMIT 1 FORMAT JSON")}`,
      { headers: { authorization: `Bearer ${server.adminToken}` } },
    );
    const largest = ((await tenants.json()) as { data: { tenant_id: string; hits: number }[] }).data[0]!;

    const firstRender: number[] = [];
    const allLoaded: number[] = [];
    const apiOnly: number[] = [];
    const endpointMs = new Map<string, number[]>();
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript(MARKS);
      const page = await context.newPage();
      if (THROTTLE) {
        const bytesPerSecond = (THROTTLE.mbits * 1_000_000) / 8;
        const cdp = await context.newCDPSession(page);
        await cdp.send("Network.enable");
        await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: THROTTLE.rtt, downloadThroughput: bytesPerSecond, uploadThroughput: bytesPerSecond });
      }
      const requests: string[] = [];
      page.on("request", (r) => {
        if (new URL(r.url()).pathname.startsWith("/v0/pipes/")) requests.push(r.url());
      });
      await page.goto(`${server.url}/?tenant=${encodeURIComponent(largest.tenant_id)}&token=${encodeURIComponent(server.adminToken)}`);
      const marks = await page.waitForFunction(() => (window as unknown as { __marks: { kpis?: number; idle?: number } }).__marks.idle !== undefined && (window as unknown as { __marks: object }).__marks, undefined, {
        timeout: 300_000,
        polling: 50,
      });
      const { kpis, idle } = (await marks.jsonValue()) as { kpis: number; idle: number };
      firstRender.push(kpis);
      allLoaded.push(idle);
      const timings = await page.evaluate(() =>
        performance
          .getEntriesByType("resource")
          .filter((e) => e.name.includes("/v0/pipes/"))
          .map((e) => ({ name: new URL(e.name).pathname.replace(/^\/v0\/pipes\/|\.json$/g, ""), ms: e.duration })),
      );
      for (const t of timings) endpointMs.set(t.name, [...(endpointMs.get(t.name) ?? []), t.ms]);
      await context.close();

      // Baseline: the same requests from Node, all at once, as the page fires them.
      const started = performance.now();
      await Promise.all(requests.map((url) => fetch(url, { headers: { authorization: `Bearer ${server.adminToken}` } }).then((r) => r.arrayBuffer())));
      apiOnly.push(performance.now() - started);
    }

    const row = (label: string, values: number[]) => `${label.padEnd(44)} ${percentile(values, 50).toFixed(0).padStart(7)} ${percentile(values, 90).toFixed(0).padStart(7)}`;
    console.log(`\ndashboard for the largest tenant (${largest.tenant_id}, ${Number(largest.hits).toLocaleString("en-US")} page views) of ${EVENTS.toLocaleString("en-US")} events, ${RUNS} loads with a cold browser, server result cache ${cache ? "on" : "off"}, headless Chromium, ${THROTTLE ? `a ${THROTTLE.mbits} Mbit/s link with ${THROTTLE.rtt} ms round trips` : "loopback"}`);
    console.log(`${"".padEnd(44)} ${"p50 ms".padStart(7)} ${"p90 ms".padStart(7)}`);
    console.log(row("first meaningful render (KPI totals shown)", firstRender));
    console.log(row("all widgets loaded", allLoaded));
    console.log(row("baseline: the same API requests from Node", apiOnly));
    console.log(`\nslowest endpoints as the page saw them (p50 ms): ${[...endpointMs].map(([name, ms]) => [name, percentile(ms, 50)] as const).sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(", ")}`);
  } finally {
    await server.stop({ keepData: true });
  }
}

await main();
