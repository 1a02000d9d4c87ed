/**
 * Every kit endpoint, for the parameter combinations that matter, against the reference
 * computed in TypeScript from the very events sent. Run twice: after many small inserts,
 * and again after OPTIMIZE … FINAL has merged every part of every view.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { checker } from "./check.ts";
import { classifiedHits } from "./classified-hits.ts";
import { assertRows } from "./compare.ts";
import { buildDataset } from "./dataset.ts";
import { startKitServer, type KitServer } from "./kit-server.ts";
import * as ref from "./reference.ts";
import * as vref from "./reference-vitals.ts";
import { visitReport } from "./reference-visits.ts";
import { addDays, localDate, zonedMidnight } from "./tz.ts";

const NOW = Date.now();
const dataset = buildDataset(NOW);
const stored = ref.store(dataset.events);
// Filled in with the kit's own classifications (OS, screen, language, source, channel) once the events are in.
let hits = ref.hitsOf(stored);
const vitals = vref.vitalsOf(stored);
const today = localDate(Math.floor(NOW / 1000), "UTC");
const day = (offset: number) => addDays(today, offset);

let server: KitServer;

const check = checker(() => server);

/** A day in the data window on which New York changed clocks, if any (a 23- or 25-hour day). */
function dstDay(): string | undefined {
  for (let i = -30; i <= -2; i++) {
    const d = day(i);
    const length = zonedMidnight(addDays(d, 1), "America/New_York") - zonedMidnight(d, "America/New_York");
    if (length !== 86400) return d;
  }
  return undefined;
}

const SCOPES: ref.Params[] = [{}, { tenant_id: "customer-1" }, { tenant_id: "customer-1", domain: "app.customer-1.com" }, { domain: "customer-2.com" }];

const PERIODS: ref.Params[] = [
  {},
  { date_from: day(-20), date_to: day(-3) },
  { date_from: day(-10), date_to: day(-4), include_previous_period: "true" },
  { date_from: day(-2), date_to: day(-2) },
  { date_from: today, date_to: today, include_previous_period: "true" },
  { date_from: day(-9), date_to: day(-1), tz: "Asia/Kolkata" },
  { date_from: day(-3), date_to: day(-3), tz: "Asia/Kathmandu", include_previous_period: "true" },
  { date_from: day(-12), date_to: day(0), tz: "America/New_York", include_previous_period: "true" },
  // A year back holds no data: whatever lies between the two periods must not count as "previous".
  { date_from: day(-10), date_to: day(-4), include_previous_period: "true", compare: "year" },
  ...(dstDay() ? [{ date_from: dstDay(), date_to: dstDay(), tz: "America/New_York" }, { date_from: addDays(dstDay()!, -2), date_to: addDays(dstDay()!, 2), tz: "America/New_York" }] : []),
];

const TOPS: [string, ref.TopDimension | "visits"][] = [
  ["top_pages", "pathname"],
  ["top_locations", "location"],
  ["top_sources", "visits"],
  ["top_browsers", "browser"],
  ["top_devices", "device"],
];

/** A page-view report, or top_sources (a visit report since issue 14). */
function topOf(pipe: string, params: ref.Params, now: number): ref.Row[] {
  const dim = TOPS.find(([p]) => p === pipe)![1];
  return dim === "visits" ? visitReport(hits, pipe, params, now) : ref.top(hits, dim, params, now);
}

async function checkEverything(): Promise<void> {
  for (const scope of SCOPES) {
    for (const period of PERIODS) {
      const params = { ...scope, ...period };
      await check("kpis", params, (now) => ref.kpis(hits, params, now));
      await check("traffic_by_hour", params, (now) => ref.trafficByHour(hits, params, now));
    }
  }
  // Bots are left out unless include_bots=true.
  for (const scope of SCOPES.slice(0, 2)) {
    for (const period of [PERIODS[2]!, PERIODS[5]!]) {
      const params = { ...scope, ...period, include_bots: "true" };
      await check("kpis", params, (now) => ref.kpis(hits, params, now));
      await check("traffic_by_hour", params, (now) => ref.trafficByHour(hits, params, now));
      for (const [pipe] of TOPS) await check(pipe, params, (now) => topOf(pipe, params, now));
    }
  }
  for (const [pipe] of TOPS) {
    for (const scope of SCOPES) {
      for (const period of [PERIODS[0]!, PERIODS[2]!, PERIODS[5]!, { date_from: day(-30), date_to: day(-1), skip: "2", limit: "5" }, { ...PERIODS[1]!, include_previous_period: "true", limit: "7" }]) {
        const params = { ...scope, ...period };
        await check(pipe, params, (now) => topOf(pipe, params, now));
      }
    }
  }
  for (const scope of [...SCOPES, { tenant_id: "customer-2" }, { tenant_id: "customer-3" }, { tenant_id: "customer-local" }]) {
    await check("trend", scope, (now) => ref.trend(hits, scope, now));
    await check("trend", { ...scope, tz: "Asia/Kathmandu" }, (now) => ref.trend(hits, { ...scope, tz: "Asia/Kathmandu" }, now));
    await check("current_visitors", scope, (now) => ref.currentVisitors(hits, scope, now));
    await check("current_visitors", { ...scope, include_bots: "true" }, (now) => ref.currentVisitors(hits, { ...scope, include_bots: "true" }, now));
    await check("domain", scope, (now) => ref.domain(hits, scope, now));
    await check("domains", scope, () => ref.domains(hits, scope));
  }
}

const FILTERS = ["pathname", "location", "device", "browser", "referrer"] as const;

/** Two values of `key` among tenant customer-1's page views: the most common and a rarer one (`referrer` is a visit filter on the source). */
function filterValues(key: (typeof FILTERS)[number]): string[] {
  const counts = new Map<string, number>();
  for (const h of hits) {
    if (h.tenant !== "customer-1") continue;
    const v = key === "referrer" ? h.source : key === "location" ? ref.countryOf(h.location) : h[key];
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || ref.compare(a[0], b[0])).map(([v]) => v);
  return [ranked[0]!, ranked[Math.min(3, ranked.length - 1)]!];
}

const FILTERED_PIPES = ["kpis", "traffic_by_hour", "trend", ...TOPS.map(([pipe]) => pipe)];

function expectedFor(pipe: string, params: ref.Params, now: number): ref.Row[] {
  if (pipe === "kpis") return ref.kpis(hits, params, now);
  if (pipe === "traffic_by_hour") return ref.trafficByHour(hits, params, now);
  if (pipe === "trend") return ref.trend(hits, params, now);
  return topOf(pipe, params, now);
}

/** Each filter alone (two values), combinations that need another view or raw page views, and values on recent visits for `trend`. */
async function checkFilters(): Promise<void> {
  const filters: ref.Params[] = FILTERS.flatMap((key) => filterValues(key).map((v) => ({ [key]: v })));
  const [page] = filterValues("pathname");
  const [source, otherSource] = filterValues("referrer");
  const [device] = filterValues("device");
  filters.push({ referrer: "" }, { referrer: otherSource, device }, { pathname: page, referrer: source }, { pathname: page, device, location: filterValues("location")[0] });
  // An internal link is no source; a bot is counted only with include_bots=true.
  filters.push({ pathname: "/pricing" }, { referrer: "customer-1.com" }, { location: "US", browser: "chrome" }, { device: "bot" }, { device: "bot", include_bots: "true" });
  // A location that is no country code is reported, and filtered, as unknown ('').
  filters.push({ location: "" }, { location: "<svg onload=alert(1)>" }, { location: "us" });
  const periods: ref.Params[] = [{ date_from: day(-20), date_to: day(0), include_previous_period: "true" }, { date_from: day(-2), date_to: day(-2), tz: "Asia/Kolkata" }];
  let nonEmpty = 0;
  for (const filter of filters) {
    for (const scope of [{ tenant_id: "customer-1" }, { tenant_id: "customer-1", domain: "customer-1.com" }]) {
      for (const pipe of FILTERED_PIPES) {
        for (const period of pipe === "trend" ? [{}] : periods) {
          const params = { ...scope, ...period, ...filter };
          await check(pipe, params, (now) => expectedFor(pipe, params, now));
          if (expectedFor(pipe, params, Math.floor(Date.now() / 1000)).some((r) => Number(r.visits) > 0)) nonEmpty++;
        }
      }
    }
  }
  assert.ok(nonEmpty > filters.length * 8, `the filters select data (${nonEmpty} non-empty reports)`);
}

async function checkActions(): Promise<void> {
  for (const params of [{}, { tenant_id: "customer-1" }, { tenant_id: "customer-3", domain: "customer-3.com" }, { tenant_id: "customer-1", action_filter: "page%" }, { action_filter: "%_to_%" }]) {
    const actual = await server.query("actions", params);
    const expected = ref.actions(stored, params);
    assert.equal(actual.length, expected.length, `actions ${JSON.stringify(params)}: rows`);
    expected.forEach((e, i) => {
      const a = actual[i]!;
      const { last_payloads, ...rest } = e;
      assertRows([{ ...a, last_payload: undefined }], [{ ...rest, last_payload: undefined }], `actions ${JSON.stringify(params)}`);
      assert.ok(last_payloads.includes(a.last_payload as string), `actions: last_payload of ${e.domain}/${e.action} is one of the latest`);
    });
  }
}

async function checkVitals(): Promise<void> {
  const scopes = [{}, { tenant_id: "customer-1" }, { tenant_id: "customer-3", domain: "customer-3.com" }];
  for (const scope of [...scopes, { tenant_id: "customer-1", combined: "true" }]) {
    for (const window of [{}, { days: "3" }, { days: "30" }, { date_from: day(-10), date_to: day(-4), tz: "Asia/Kolkata" }]) {
      const params = { ...scope, ...window };
      await check("web_vitals_current", params, (now) => vref.current(vitals, params, now));
    }
    for (const window of [{ days: "30" }, { date_from: day(-20), date_to: today }]) {
      for (const extra of [{}, { sort_order: "desc", skip: "1", limit: "4" }, { analysis_type: "pathnames" }, { route: "blog", analysis_type: "pathnames" }]) {
        const params = { ...scope, ...window, ...extra };
        await check("web_vitals_routes", params, (now) => vref.routes(vitals, params, now));
      }
    }
    for (const period of [PERIODS[0]!, PERIODS[2]!, PERIODS[5]!, { date_from: day(-30), date_to: today }]) {
      const params = { ...scope, ...period };
      await check("web_vitals_distribution", params, (now) => vref.distribution(vitals, params, now));
      await check("web_vitals_timeseries", params, (now) => vref.timeseries(vitals, params, now));
      await check("web_vitals_timeseries", { ...params, metric: "lcp" }, (now) => vref.timeseries(vitals, { ...params, metric: "lcp" }, now));
    }
  }
  for (const scope of scopes) {
    for (const days of [{}, { from_date: day(-10), to_date: day(-4), tz: "Asia/Kolkata" }, { from_date: day(-30), to_date: today }]) {
      const params = { ...scope, ...days };
      await check("web_vitals_events", params, (now) => vref.events(vitals, params, now));
      await check("web_vitals_events", { ...params, metric: "CLS", skip: "3", limit: "10" }, (now) => vref.events(vitals, { ...params, metric: "CLS", skip: "3", limit: "10" }, now));
    }
  }
  // The dataset makes these cases non-empty, so the comparisons above mean something.
  const month = { date_from: day(-30), date_to: today };
  assert.ok(vref.timeseries(vitals, { tenant_id: "customer-1", combined: "true", ...month }, Date.now() / 1000).length > 0, "hourly points exist");
  assert.ok(vref.routes(vitals, { tenant_id: "customer-1", ...month, limit: "100" }, Date.now() / 1000).some((r) => r.inp_score === null), "some route lacks a metric");
  assert.ok(vref.distribution(vitals, { ...PERIODS[2]!, include_previous_period: "true" }, Date.now() / 1000).some((r) => r.previous_measurement_count === 0), "some category is new");
}

const NEW_HIT_COLUMNS = ["os", "os_version", "screen", "language", "region", "city", "location_source", "source", "channel", "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"] as const;

async function checkHits(): Promise<void> {
  const key = (r: ref.Row) => JSON.stringify([r.timestamp, r.session_id, r.href, r.referrer]);
  for (const params of [
    { tenant_id: "customer-1", from_date: day(-3), to_date: day(-2) },
    { tenant_id: "customer-2", domain: "customer-2.com", from_date: day(-1) },
    { tenant_id: "customer-3", like_filter: "%SamsungBrowser%" },
    { tenant_id: "customer-4", to_date: day(-25) },
  ]) {
    const actual = await server.query("analytics_hits", params);
    const expected = ref.analyticsHits(hits, params).map((h) => ({
      timestamp: new Date(h.ts * 1000).toISOString().slice(0, 19).replace("T", " "),
      action: "page_hit",
      version: "1",
      session_id: h.session,
      tenant_id: h.tenant,
      domain: h.domain,
      location: h.location,
      referrer: h.referrer,
      pathname: h.pathname,
      href: h.href,
      current_domain: h.currentDomain,
      device: h.device,
      browser: h.browser,
      ...Object.fromEntries(NEW_HIT_COLUMNS.map((c) => [c, h[c]])),
    }));
    assert.ok(expected.length > 0, `analytics_hits ${JSON.stringify(params)}: the dataset covers this case`);
    assertRows([...actual].sort((a, b) => key(a).localeCompare(key(b))), [...expected].sort((a, b) => key(a).localeCompare(key(b))), `analytics_hits ${JSON.stringify(params)}`);
  }
  const page = await server.query("analytics_hits", { tenant_id: "customer-1", limit: "5", page: "2" });
  const expected = ref.analyticsHits(hits, { tenant_id: "customer-1", limit: "5", page: "2" });
  assert.deepEqual(
    page.map((r) => r.timestamp),
    expected.map((h) => new Date(h.ts * 1000).toISOString().slice(0, 19).replace("T", " ")),
  );
}

describe("web analytics kit endpoints", () => {
  before(async () => {
    server = await startKitServer();
    // Many small inserts, as a live tracker makes: each fires every view once.
    let i = 0;
    let size = 1;
    while (i < dataset.events.length) {
      await server.ingest(dataset.events.slice(i, i + size));
      i += size;
      size = (size * 7 + 13) % 400 + 1;
    }
    hits = await classifiedHits(server, hits);
  });
  after(() => server?.stop());

  it("match the reference after many small inserts", async () => {
    await checkEverything();
    await checkFilters();
    await checkActions();
    await checkVitals();
    await checkHits();
  });

  it("match the reference after OPTIMIZE … FINAL", async () => {
    await server.optimize();
    await checkEverything();
    await checkFilters();
    await checkActions();
    await checkVitals();
  });

  it("answer the seed's three examples in the documented shapes", async () => {
    const january = { date_from: "2024-01-01", date_to: "2024-01-31", tenant_id: "customer-123", domain: "app.customer.com" };
    const kpis = await server.query("kpis", january);
    assert.equal(kpis.length, 31);
    assert.deepEqual(Object.keys(kpis[0]!), ["date", "visits", "pageviews", "bounce_rate", "avg_session_sec"]);
    assertRows(kpis, ref.kpis(hits, january, Math.floor(Date.now() / 1000)), "kpis January 2024");
    assert.ok(kpis.some((r) => (r.visits as number) > 0));
    // compare=year a year later: January 2024 is the previous period, day by day (2025 has no 29 February to shift).
    const nextJanuary = { ...january, date_from: "2025-01-01", date_to: "2025-01-31", include_previous_period: "true", compare: "year" };
    const yearOnYear = await server.query("kpis", nextJanuary);
    assertRows(yearOnYear, ref.kpis(hits, nextJanuary, Math.floor(Date.now() / 1000)), "kpis January 2025 against January 2024");
    assert.deepEqual(yearOnYear.map((r) => r.previous_visits), kpis.map((r) => r.visits));

    const domains = await server.query("domains", { tenant_id: "customer-123" });
    assert.equal(domains.length, 1);
    const [d] = domains;
    assert.equal(d!.domain, "app.customer.com");
    // DateTime as ClickHouse prints it, as the public kit returns it (the seed's example shows ISO 8601).
    assert.match(d!.first_seen as string, /^2024-01-\d\d \d\d:\d\d:\d\d$/);
    assert.match(d!.last_seen as string, /^2024-01-\d\d \d\d:\d\d:\d\d$/);
    assert.equal(typeof d!.total_hits, "number");
    assert.equal(d!.total_hits, hits.filter((h) => h.tenant === "customer-123").length);

    const actions = await server.query("actions", { tenant_id: "customer-123" });
    assert.deepEqual(Object.keys(actions[0]!), ["domain", "action", "last_payload", "last_seen", "total_occurrences"]);
    const names = actions.map((a) => a.action);
    assert.ok(names.includes("page_hit") && names.includes("web_vital") && names.includes("click"), names.join(","));
  });

  it("keep zero-valued CLS and INP, and drop negative, missing, non-finite, implausible and unknown measurements", async () => {
    const events = await server.query("web_vitals_events", { tenant_id: "customer-3", pathname: "/vitals", from_date: day(-1), to_date: today });
    const ids = events.map((e) => e.id).sort();
    assert.deepEqual(ids, ["cls-at-limit", "lcp-at-limit", "lower-case-at-threshold", "z-cls", "z-inp"]);
    const zero = events.find((e) => e.id === "z-cls")!;
    assert.equal(zero.value, 0);
    assert.equal(zero.performance_category, "excellent");
    assert.equal(zero.status, "Excellent");
    assert.equal(zero.route, "vitals");
    assert.equal(events.find((e) => e.id === "lower-case-at-threshold")!.metric_name, "CLS");
    const lcp = events.find((e) => e.id === "lcp-at-limit")!;
    assert.deepEqual([lcp.performance_category, lcp.score, lcp.status, lcp.units], ["poor", 25, "Poor", "ms"]);
    assert.equal(lcp.thresholds_text, "Excellent: ≤2500ms, Good: ≤4000ms, Poor: >4000ms");
  });

  it("keep the public kit's column names, in its order, for every web vitals endpoint", async () => {
    const scope = { tenant_id: "customer-1", date_from: day(-30), date_to: today };
    const columns = async (pipe: string, params: ref.Params) => Object.keys((await server.query(pipe, params))[0] ?? {});
    const starts = (actual: string[], expected: string[], what: string) => assert.deepEqual(actual.slice(0, expected.length), expected, what);
    starts(await columns("web_vitals_current", { tenant_id: "customer-1", days: "30" }), ["metric_name", "avg_value", "p75", "p90", "p95", "p99", "measurements", "score", "status", "units", "description", "thresholds", "domain", "tenant_id"], "web_vitals_current");
    starts(await columns("web_vitals_distribution", scope), ["metric_name", "performance_category", "avg_value", "p75", "p90", "p95", "p99", "measurement_count", "percentage", "total_measurements", "score", "units", "thresholds", "description", "domain"], "web_vitals_distribution");
    starts(await columns("web_vitals_timeseries", { ...scope, combined: "true" }), ["hour", "metric_name", "p75", "p90", "p95", "p99", "measurements", "domain"], "web_vitals_timeseries");
    starts(await columns("web_vitals_routes", { tenant_id: "customer-1", days: "30" }), ["route", "overall_score", "lcp_avg", "ttfb_avg", "fcp_avg", "inp_avg", "cls_avg", "lcp_score", "ttfb_score", "fcp_score", "inp_score", "cls_score", "metric_units", "domain", "analysis_type"], "web_vitals_routes");
    starts(await columns("web_vitals_events", { tenant_id: "customer-1", from_date: day(-30), to_date: today, limit: "1" }), ["timestamp", "action", "version", "session_id", "tenant_id", "domain", "metric_name", "value", "delta", "pathname", "href", "route", "performance_category", "score", "units", "description", "thresholds_text", "status"], "web_vitals_events");
  });

  it("refuses an unknown time zone with 400", async () => {
    const res = await server.fetchPipe("kpis", { tz: "Mars/Olympus_Mons" });
    assert.equal(res.status, 400);
    const res2 = await server.fetchPipe("top_pages", { tz: "Europe/Madrid'; DROP TABLE x" });
    assert.equal(res2.status, 400);
  });
});
