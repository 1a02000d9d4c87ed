/**
 * The visit reports of issue 14 (top_sources per visit, channels, campaigns, entry and exit
 * pages, OS and versions, screens, regions, cities, languages) and the visit filters on every
 * report, against the reference computed in TypeScript from the events sent: scopes, periods,
 * time zones, paging, bots; once after many small inserts and once after OPTIMIZE … FINAL.
 * Values worked out by hand (visit-cases.ts) pin what the reference and the kit both claim.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { checker } from "./check.ts";
import { classifiedHits } from "./classified-hits.ts";
import { assertRanked } from "./compare.ts";
import { startKitServer, type KitServer } from "./kit-server.ts";
import * as ref from "./reference.ts";
import { type VisitFilter, VISIT_FILTERS, visitValue, visitsIn } from "./reference-visit-model.ts";
import { VISIT_REPORTS, exitPages, visitReport } from "./reference-visits.ts";
import { addDays, localDate } from "./tz.ts";
import { checkHandMade, checkPagingThroughTies } from "./visit-cases.ts";
import { buildVisitDataset } from "./visit-dataset.ts";

const NOW = Date.now();
const events = buildVisitDataset(NOW);
// Filled in with the kit's own classifications once the events are in (classified-hits.ts).
let hits = ref.hitsOf(ref.store(events));
const today = localDate(Math.floor(NOW / 1000), "UTC");
const day = (offset: number) => addDays(today, offset);

let server: KitServer;
const checkTop = checker(() => server, assertRanked);
const checkRows = checker(() => server);

const VISIT_PIPES = [...Object.keys(VISIT_REPORTS), "top_exit_pages"];
const PAGE_TOPS: Readonly<Record<string, ref.TopDimension>> = { top_pages: "pathname", top_locations: "location", top_browsers: "browser", top_devices: "device" };
const PAGE_PIPES = ["kpis", "traffic_by_hour", ...Object.keys(PAGE_TOPS)];

async function check(pipe: string, params: ref.Params): Promise<ref.Row[]> {
  let want: ref.Row[] = [];
  const expected = (now: number) => {
    if (pipe === "top_exit_pages") want = exitPages(hits, params, now);
    else if (VISIT_REPORTS[pipe]) want = visitReport(hits, pipe, params, now);
    else if (pipe === "kpis") want = ref.kpis(hits, params, now);
    else if (pipe === "traffic_by_hour") want = ref.trafficByHour(hits, params, now);
    else if (pipe === "trend") want = ref.trend(hits, params, now);
    else if (pipe === "current_visitors") want = ref.currentVisitors(hits, params, now);
    else want = ref.top(hits, PAGE_TOPS[pipe]!, params, now);
    return want;
  };
  await (pipe.startsWith("top_") ? checkTop : checkRows)(pipe, params, expected);
  return want;
}

const SCOPES: ref.Params[] = [{}, { tenant_id: "acme" }, { tenant_id: "acme", domain: "shop.acme.example" }, { tenant_id: "customer-1" }, { tenant_id: "customer-2", domain: "app.customer-2.com" }];

const PERIODS: ref.Params[] = [
  {},
  { date_from: day(-1), date_to: day(-1) },
  // hm-cross-utc crosses the current period's start.
  { date_from: day(-2), date_to: day(-1), include_previous_period: "true" },
  // Local midnights at 18:15 and 18:30 UTC: hm-cross-kathmandu and hm-cross-kolkata cross them.
  { date_from: day(-3), date_to: day(-1), tz: "Asia/Kathmandu" },
  { date_from: day(-4), date_to: day(-4), tz: "Asia/Kolkata", include_previous_period: "true" },
  { date_from: day(-15), date_to: today, skip: "1", limit: "3" },
  { date_from: day(-7), date_to: today, include_bots: "true" },
  { date_from: day(-20), date_to: day(-8), include_previous_period: "true", limit: "5" },
];

async function checkReports(): Promise<void> {
  let nonEmpty = 0;
  for (const pipe of VISIT_PIPES) {
    for (const scope of SCOPES) {
      for (const period of PERIODS) if ((await check(pipe, { ...scope, ...period })).length > 0) nonEmpty++;
    }
  }
  assert.ok(nonEmpty > VISIT_PIPES.length * SCOPES.length * PERIODS.length * 0.7, `the reports have data (${nonEmpty} non-empty)`);
}

/** The most common non-empty value of a visit filter among a tenant's visits of the last 20 days, and a rarer one. */
function visitValues(key: VisitFilter, tenant: string): [string, string] {
  const counts = new Map<string, number>();
  const mine = hits.filter((h) => h.tenant === tenant);
  for (const v of visitsIn(mine, { from: Math.floor(NOW / 1000) - 20 * 86400, to: Infinity })) {
    const value = visitValue(v, key);
    if (value !== "") counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || ref.compare(a[0], b[0])).map(([v]) => v);
  return [ranked[0]!, ranked[Math.min(3, ranked.length - 1)]!];
}

/** Each visit filter, the OS drill-down, page-view filters on visit reports, combinations, and bots. */
function filterSets(tenant: string): ref.Params[] {
  const first = (key: VisitFilter) => visitValues(key, tenant)[0];
  const sets: ref.Params[] = VISIT_FILTERS.filter((k) => k !== "os_version").map((k) => ({ [k]: first(k) }));
  for (const k of ["referrer", "channel", "entry_page", "exit_page"] as const) sets.push({ [k]: visitValues(k, tenant)[1] });
  const [pathname] = ref.top(hits, "pathname", { tenant_id: tenant, date_from: day(-20), date_to: today }, NOW / 1000).map((r) => String(r.pathname));
  sets.push(
    { os: first("os"), os_version: first("os_version") },
    { referrer: "" },
    { pathname: pathname! },
    { location: "US" },
    { device: "mobile-ios" },
    { browser: "chrome" },
    { channel: first("channel"), os: first("os") },
    { referrer: first("referrer"), pathname: pathname! },
    { utm_source: first("utm_source"), device: "desktop" },
    { device: "bot" },
    { device: "bot", include_bots: "true" },
    { screen: first("screen"), include_bots: "true" },
  );
  return sets;
}

async function checkFilters(): Promise<void> {
  const wide = { date_from: day(-20), date_to: today, include_previous_period: "true" };
  const runs: [ref.Params, ref.Params, ref.Params[]][] = [
    [{ tenant_id: "customer-1" }, wide, filterSets("customer-1")],
    [{ tenant_id: "customer-2", domain: "customer-2.com" }, { date_from: day(-6), date_to: day(-1), tz: "Asia/Kolkata" }, filterSets("customer-2").slice(0, 8)],
    // hm-cross-utc crosses the start of a period without a previous one: taken from its first page view inside.
    [{ tenant_id: "acme" }, { date_from: day(-2), date_to: day(-1) }, CROSSING_FILTERS],
  ];
  let nonEmpty = 0;
  let total = 0;
  for (const [scope, period, sets] of runs) {
    for (const filter of sets) {
      for (const pipe of [...VISIT_PIPES, ...PAGE_PIPES]) {
        const rows = await check(pipe, { ...scope, ...period, ...filter });
        total++;
        if (rows.some((r) => Number(r.visits) > 0)) nonEmpty++;
      }
    }
  }
  assert.ok(nonEmpty > total * 0.6, `the filters select data (${nonEmpty} of ${total} reports non-empty)`);
  for (const filter of [{}, { utm_source: "twitter" }, { entry_page: "/" }, { entry_page: "/docs" }, { channel: "Direct" }, { include_bots: "true" }, { os: visitValues("os", "live")[0] }]) {
    await check("trend", { tenant_id: "live", ...filter });
  }
  for (const scope of [{ tenant_id: "live" }, { tenant_id: "live", include_bots: "true" }, { tenant_id: "acme", include_bots: "true" }]) await check("current_visitors", scope);
}

const CROSSING_FILTERS: ref.Params[] = [{ entry_page: "/features" }, { entry_page: "/pricing" }, { exit_page: "/bye" }, { referrer: "" }, { city: "Paris", pathname: "/bye" }];

/**
 * With the previous period, hm-cross-utc has a visit in each period: /features in the
 * previous one, /pricing → /bye in the current one. Every report, each difference listed.
 */
async function checkCrossingWithPrevious(): Promise<void> {
  const failures: string[] = [];
  for (const filter of CROSSING_FILTERS) {
    for (const pipe of [...VISIT_PIPES, ...PAGE_PIPES]) {
      try {
        await check(pipe, { tenant_id: "acme", ...PERIODS[2]!, ...filter });
      } catch {
        failures.push(`${pipe} ${JSON.stringify(filter)}`);
      }
    }
  }
  assert.equal(failures.length, 0, `${PERIODS[2]!.date_from}–${PERIODS[2]!.date_to} with the previous period, these differ from the reference: ${failures.join(", ")}`);
}

describe("visit reports and visit filters", () => {
  before(async () => {
    server = await startKitServer();
    // Small inserts and larger ones: a visit's rows then sit in several parts of the views.
    let i = 0;
    let size = 3;
    while (i < events.length) {
      await server.ingest(events.slice(i, i + size));
      i += size;
      size = (size * 11 + 7) % 700 + 1;
    }
    hits = await classifiedHits(server, hits);
  });
  after(() => server?.stop());

  it("match the reference after many small inserts", async () => {
    await checkHandMade(server, hits);
    await checkReports();
    await checkFilters();
  });

  it("match the reference after OPTIMIZE … FINAL", async () => {
    await server.optimize();
    await checkHandMade(server, hits);
    await checkReports();
    await checkFilters();
  });

  it("take a visit across the current period's start from its first page view inside each period, previous period included", async () => {
    await checkCrossingWithPrevious();
  });

  it("page through rows that tie on visits, hits and name without repeating or losing one", async () => {
    await checkPagingThroughTies(server);
  });
});
