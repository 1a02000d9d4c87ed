/**
 * Tracker benchmark: gzipped size of our flock.js next to the published @tinybirdco/flock.js,
 * and the time from navigation start until the first page hit is acknowledged by the event sink
 * (Resource Timing responseEnd of the POST, so a CORS preflight counts), median and p90 over
 * N fresh page loads in headless Chromium against the fake Aviary.
 *
 * Run: node --import tsx bench/tracker.ts [--runs 20]
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../test/e2e/helpers/browser.ts';
import { buildTracker, trackerDist } from '../tracker/build.ts';
import { startFakeAviary } from '../tracker/testing/fake-aviary.ts';
import { htmlPage, publishedFlockPath, scriptTag, startTestSite } from '../tracker/testing/test-site.ts';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 20;

interface Variant {
  name: string;
  gzipBytes: number;
  tag: (sinkUrl: string, token: string) => string;
  /** The published script skips navigator.webdriver; ours has a test-only switch instead. */
  init?: string;
}

const gz = (path: string): number => gzipSync(readFileSync(path)).length;
const publishedVersion = (): string =>
  (JSON.parse(readFileSync(publishedFlockPath().replace(/dist\/index\.js$/, 'package.json'), 'utf8')) as { version: string }).version;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  await buildTracker();
  const variants: Variant[] = [
    {
      name: 'aviary flock.js',
      gzipBytes: gz(`${trackerDist}/flock.js`),
      tag: (host, token) => scriptTag('/assets/flock.js', { 'data-host': host, 'data-token': token, 'data-allow-automation': 'true' }),
    },
    {
      name: `@tinybirdco/flock.js ${publishedVersion()}`,
      gzipBytes: gz(publishedFlockPath()),
      tag: (host, token) => scriptTag('/vendor/flock.js', { 'data-host': host, 'data-token': token }),
      init: "Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false });",
    },
  ];
  const [browser, aviary, site] = await Promise.all([launchChromium(), startFakeAviary(), startTestSite()]);
  const rows: string[][] = [];
  try {
    for (const v of variants) {
      const acked: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const token = `bench-${v.name.replace(/\W+/g, '-')}-${i}`;
        const url = site.page(`/bench/${token}`, htmlPage(v.tag(aviary.url, token)));
        const context = await browser.newContext();
        if (v.init) await context.addInitScript(v.init);
        const page = await context.newPage();
        await page.goto(url);
        await aviary.waitForEvents((e) => e.token === token && e.action === 'page_hit', 1, 10_000);
        const responseEnd = await page.waitForFunction(
          () => performance.getEntriesByType('resource').find((e) => e.name.includes('/v0/events') && (e as PerformanceResourceTiming).responseEnd > 0) as PerformanceResourceTiming | undefined,
        );
        acked.push(await responseEnd.evaluate((e) => e!.responseEnd));
        await context.close();
      }
      const preflights = aviary.requests.filter((r) => r.method === 'OPTIONS' && r.query.get('token')?.startsWith(`bench-${v.name.replace(/\W+/g, '-')}`)).length;
      rows.push([v.name, String(v.gzipBytes), percentile(acked, 50).toFixed(1), percentile(acked, 90).toFixed(1), `${preflights}/${RUNS}`]);
    }
  } finally {
    await browser.close();
    await Promise.all([aviary.close(), site.close()]);
  }
  const header = ['tracker', 'gzip bytes', 'hit acked p50 (ms)', 'p90 (ms)', 'preflights'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`time from navigation start to the first page hit acknowledged (202), ${RUNS} fresh page loads each, headless Chromium, loopback`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

await main();
