/**
 * The dashboard in headless Chromium against a seeded server, signed in with the admin
 * token (the operator). Every widget must show the numbers its endpoint returns for the
 * parameters the view implies (computed here independently: dates in the browser's zone),
 * and range, domain, tenant and paging changes must reach the URL and the numbers.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { startDashboardFixture, type DashboardFixture, type Params } from "../../dashboard/testing/dashboard-fixture.ts";
import { dayIn, eventually, openDashboard, query, readKpis, readTopTable, screenshot, waitForIdle } from "../../dashboard/testing/dashboard-page.ts";
import { launchChromium } from "./helpers/browser.ts";

const TZ = "Europe/Madrid";
const TABLES = [
  { id: "pages", pipe: "top_pages", column: "pathname" },
  { id: "sources", pipe: "top_sources", column: "referrer" },
  { id: "locations", pipe: "top_locations", column: "location" },
  { id: "devices", pipe: "top_devices", column: "device" },
  { id: "browsers", pipe: "top_browsers", column: "browser" },
] as const;

interface KpiRow {
  visits: number;
  pageviews: number;
  bounce_rate: number;
  avg_session_sec: number;
  previous_visits: number;
  previous_pageviews: number;
  previous_bounce_rate: number;
  previous_avg_session_sec: number;
}

/**
 * The KPI cards' totals, by the rule the issue states: sums, and per-visit averages weighted by
 * visits. A per-visit average of a period without visits has no value: shown as a dash, without
 * a change (NaN here).
 */
function expectedKpis(rows: readonly KpiRow[]) {
  const total = (prefix: "" | "previous_") => {
    const get = (r: KpiRow, k: string) => Number((r as unknown as Record<string, number>)[`${prefix}${k}`]);
    const visits = rows.reduce((s, r) => s + get(r, "visits"), 0);
    const weighted = (k: string) => (visits === 0 ? 0 : rows.reduce((s, r) => s + get(r, k) * get(r, "visits"), 0) / visits);
    return { visits, pageviews: rows.reduce((s, r) => s + get(r, "pageviews"), 0), bounce_rate: weighted("bounce_rate"), avg_session_sec: weighted("avg_session_sec") };
  };
  const growth = (c: number, p: number) => (p === 0 ? (c > 0 ? 100 : 0) : Math.round(((c - p) * 100 * 100) / p) / 100);
  const current = total("");
  const previous = total("previous_");
  const perVisit = (k: string) => k === "bounce_rate" || k === "avg_session_sec";
  return Object.fromEntries(
    (["visits", "pageviews", "bounce_rate", "avg_session_sec"] as const).map((k) => [
      k,
      {
        value: current[k],
        previous: previous[k],
        growth: perVisit(k) && (current.visits === 0 || previous.visits === 0) ? NaN : growth(current[k], previous[k]),
        dash: { value: perVisit(k) && current.visits === 0, previous: perVisit(k) && previous.visits === 0 },
      },
    ]),
  );
}

function assertClose(actual: number, expected: number, what: string): void {
  if (Number.isNaN(expected)) return assert.ok(Number.isNaN(actual), `${what}: rendered ${actual}, expected none`);
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: rendered ${actual}, endpoint gives ${expected}`);
}

describe("dashboard, signed in with the admin token", () => {
  let fx: DashboardFixture;
  let browser: Browser;
  let tenant: string;
  const period = (from: number, to = 0): Params => ({ date_from: dayIn(TZ, from), date_to: dayIn(TZ, to) });

  before(async () => {
    [fx, browser] = await Promise.all([startDashboardFixture(), launchChromium()]);
    tenant = fx.tenants[0]!;
  });
  after(async () => {
    await browser?.close();
    await fx?.close();
  });

  async function open(path = "/", options: Parameters<typeof openDashboard>[2] = {}) {
    const sep = path.includes("?") ? "&" : "?";
    const opened = await openDashboard(browser, `${fx.url}${path}${sep}token=${encodeURIComponent(fx.adminToken)}`, options);
    await waitForIdle(opened.page);
    return opened;
  }

  async function assertKpis(page: Page, params: Params, compared: Params = { include_previous_period: true }) {
    const expected = expectedKpis((await fx.pipe<KpiRow>("kpis", { ...params, ...compared })).data);
    await eventually(async () => {
      const rendered = await readKpis(page);
      for (const [metric, e] of Object.entries(expected)) {
        const r = rendered[metric];
        assert.ok(r, `KPI card ${metric}`);
        assertClose(r.value, e.value, `${metric} total`);
        assertClose(r.previous, e.previous, `${metric} previous total`);
        assertClose(r.growth, e.growth, `${metric} change`);
        if (e.dash.value) assert.equal(r.text.value, "—", `${metric}: no visits, no average`);
        if (e.dash.previous && "include_previous_period" in compared) assert.equal(r.text.previous, "vs —", `${metric}: no visits compared with, no average`);
      }
    });
    return expected;
  }

  async function assertTopTable(page: Page, table: (typeof TABLES)[number], params: Params, scope = `[data-table='${table.id}']`, skip = 0, shown = 10) {
    const expected = (await fx.pipe<Record<string, string | number>>(table.pipe, { ...params, include_previous_period: true, skip, limit: shown + 1 })).data.slice(0, shown);
    await eventually(async () => {
      const rendered = await readTopTable(page, scope);
      assert.deepEqual(
        rendered,
        expected.map((row) => ({ dimension: String(row[table.column]), visits: Number(row.visits), hits: Number(row.hits), growth: Number(row.visits_growth_percentage) })),
        `${table.pipe} rows`,
      );
    });
    return expected;
  }

  it("signs in from a ?token= link, drops it from the address bar and keeps it for the tab", async (t) => {
    t.diagnostic(`traffic seeded with ${fx.seededWith}`);
    const { page, context, errors } = await open();
    assert.equal(query(page).get("token"), null, "token removed from the URL");
    assert.equal(query(page).get("tenant"), tenant, "the busiest tenant is chosen and put in the URL");
    assert.equal(await page.evaluate(() => sessionStorage.getItem("aviary.dashboard.token")), fx.adminToken);
    // about:blank and this page: the token URL was replaced in place, not kept as a history entry.
    assert.equal(await page.evaluate(() => history.length), 2);
    await page.reload();
    await waitForIdle(page);
    assert.equal(await page.locator("[data-testid='tenant-picker']").inputValue(), tenant, "still signed in after a reload");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in to Aviary analytics" }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem("aviary.dashboard.token")), null);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("renders every overview widget with the numbers of its endpoint", async () => {
    const { page, context, pipeRequests, errors } = await open();
    const params = { tenant_id: tenant, tz: TZ, ...period(-6) };
    const kpiRequest = pipeRequests.find((r) => r.pipe === "kpis");
    assert.deepEqual(kpiRequest?.params, { ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])), include_previous_period: "true" }, "kpis asked for the last 7 days in the browser's zone");
    const kpis = await assertKpis(page, params);
    assert.ok(kpis.visits!.value > 0, "the seeded tenant has visits this week");
    for (const table of TABLES) {
      const rows = await assertTopTable(page, table, params);
      assert.ok(rows.length > 0, `${table.pipe} has rows`);
    }
    const hours = (await fx.pipe<{ hour: number; visits: number }>("traffic_by_hour", params)).data;
    const renderedHours = await page.$$eval("[data-testid='traffic-by-hour'] [data-hour]", (els) => els.map((e) => ({ hour: Number(e.getAttribute("data-hour")), visits: Number(e.getAttribute("data-value")) })));
    assert.deepEqual(renderedHours, hours.map((h) => ({ hour: Number(h.hour), visits: Number(h.visits) })));
    await eventually(async () => {
      const live = (await fx.pipe<{ visits: number }>("current_visitors", { tenant_id: tenant })).data[0]!.visits;
      assert.ok(live >= 3, "the fixture's live sessions are counted");
      assert.equal(Number(await page.locator("[data-testid='live-visitors'] [data-value]").getAttribute("data-value")), Number(live));
    });
    assert.ok(await page.locator("[data-testid='kpi-chart'] canvas").count(), "the KPI chart is drawn");
    const kpiRows = (await fx.pipe<{ visits: number; previous_visits: number }>("kpis", { ...params, include_previous_period: true })).data;
    assert.deepEqual(JSON.parse((await page.locator("[data-testid='kpi-chart']").getAttribute("data-values"))!), {
      current: kpiRows.map((r) => Number(r.visits)),
      previous: kpiRows.map((r) => Number(r.previous_visits)),
      // The default period ends today: its last day is still filling up, and drawn apart.
      lastIsCurrent: true,
    });
    await screenshot(page, "overview");
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("changing the range updates the URL and the numbers, and Back restores them", async () => {
    const { page, context } = await open();
    const scope = { tenant_id: tenant, tz: TZ };
    await page.getByRole("button", { name: "Today", exact: true }).click();
    assert.equal(query(page).get("range"), "today");
    await assertKpis(page, { ...scope, ...period(0) });
    assert.equal(await page.locator("[data-testid='kpi-chart']").count(), 1);
    await waitForIdle(page);
    await screenshot(page, "overview-today");

    await page.getByRole("button", { name: "Last 30 days" }).click();
    assert.equal(query(page).get("range"), "30d");
    await assertKpis(page, { ...scope, ...period(-29) });
    await assertTopTable(page, TABLES[0], { ...scope, ...period(-29) });

    await page.getByRole("button", { name: "Custom…" }).click();
    const from = dayIn(TZ, -10);
    const to = dayIn(TZ, -3);
    await page.getByLabel("From", { exact: true }).fill(from);
    await page.getByLabel("To", { exact: true }).fill(to);
    await page.getByRole("button", { name: "Apply" }).click();
    assert.equal(query(page).get("from"), from);
    assert.equal(query(page).get("to"), to);
    assert.equal(query(page).get("range"), null);
    await assertKpis(page, { ...scope, date_from: from, date_to: to });

    await page.goBack();
    assert.equal(query(page).get("range"), "30d");
    await assertKpis(page, { ...scope, ...period(-29) });

    // The URL alone reproduces a view: open it in a fresh tab.
    const shared = await open(`/?tenant=${tenant}&from=${from}&to=${to}`);
    await assertKpis(shared.page, { ...scope, date_from: from, date_to: to });
    await shared.context.close();
    await context.close();
  });

  it("compares with the same period last year, or with nothing, from the picker and the URL", async () => {
    const { page, context, pipeRequests } = await open();
    const params = { tenant_id: tenant, tz: TZ, ...period(-6) };
    await page.getByTestId("compare-picker").selectOption("year");
    assert.equal(query(page).get("compare"), "year");
    await assertKpis(page, params, { include_previous_period: true, compare: "year" });
    await eventually(async () => assert.equal(pipeRequests.filter((r) => r.pipe === "kpis").at(-1)?.params.compare, "year"));
    const from = dayIn(TZ, -6);
    const lastYear = `${Number(from.slice(0, 4)) - 1}-${from.slice(5) === "02-29" ? "02-28" : from.slice(5)}`;
    const legend = await page.locator(".chart-legend span[title='Same period last year']").textContent();
    assert.ok(legend?.includes(String(Number(from.slice(0, 4)) - 1)), `the legend names last year's days (${lastYear}): ${legend}`);
    await page.reload();
    await waitForIdle(page);
    assert.equal(await page.getByTestId("compare-picker").inputValue(), "year", "kept through a reload");

    await page.getByTestId("compare-picker").selectOption("off");
    assert.equal(query(page).get("compare"), "off");
    await eventually(async () => {
      const last = pipeRequests.filter((r) => r.pipe === "kpis").at(-1)?.params;
      assert.equal(last?.include_previous_period, undefined, "nothing compared: the previous period is not computed");
      assert.equal(await page.locator(".kpi-previous").count(), 0, "no change or previous total on the cards");
      assert.equal(await page.locator("[data-table='pages'] [data-col='growth']").count(), 0, "no change column");
      assert.ok((await page.locator("[data-table='pages'] tbody tr").count()) > 0);
    });
    assert.equal(await page.locator(".chart-legend .swatch.previous").count(), 0);
    await page.getByTestId("compare-picker").selectOption("previous");
    assert.equal(query(page).get("compare"), null, "the default stays out of the URL");
    await assertKpis(page, params);

    // Web vitals and funnels compare with nothing: no picker there.
    for (const [tab, picker] of [["Web vitals", 0], ["Funnels", 0], ["Custom events", 1], ["Overview", 1]] as const) {
      await page.getByRole("tab", { name: tab }).click();
      assert.equal(await page.getByTestId("compare-picker").count(), picker, tab);
    }
    await context.close();
  });

  it("changing the domain and the tenant updates the URL and the numbers", async () => {
    const { page, context } = await open();
    const domains = (await fx.pipe<{ domain: string }>("domains", { tenant_id: tenant })).data.map((d) => d.domain);
    assert.deepEqual(await page.$$eval("[data-testid='domain-picker'] option", (os) => os.map((o) => (o as HTMLOptionElement).value)), ["", ...domains]);
    const domain = domains[1]!;
    await page.locator("[data-testid='domain-picker']").selectOption(domain);
    assert.equal(query(page).get("domain"), domain);
    await assertKpis(page, { tenant_id: tenant, domain, tz: TZ, ...period(-6) });
    await assertTopTable(page, TABLES[0], { tenant_id: tenant, domain, tz: TZ, ...period(-6) });

    const other = fx.tenants[1]!;
    await page.locator("[data-testid='tenant-picker']").selectOption(other);
    assert.equal(query(page).get("tenant"), other);
    assert.equal(query(page).get("domain"), null, "a new tenant starts with all its domains");
    await assertKpis(page, { tenant_id: other, tz: TZ, ...period(-6) });
    await assertTopTable(page, TABLES[1], { tenant_id: other, tz: TZ, ...period(-6) });
    // The domain list arrives on its own (the last tenant's stays until it does).
    await eventually(async () => {
      const otherDomains = await page.$$eval("[data-testid='domain-picker'] option", (os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
      assert.ok(otherDomains.length > 0 && otherDomains.every((d) => d.includes(other)), `domains of ${other}: ${otherDomains.join(", ")}`);
    });
    await context.close();
  });

  it("'view all' pages through a breakdown with skip and limit, in the URL", async () => {
    const { page, context } = await open("/?range=30d");
    const params = { tenant_id: tenant, tz: TZ, ...period(-29) };
    await page.locator("[data-testid='table-pages']").getByRole("button", { name: "View all" }).click();
    assert.equal(query(page).get("all"), "pages");
    const dialog = "[data-testid='view-all']";
    await assertTopTable(page, TABLES[0], params, `${dialog} [data-table='pages']`, 0, 20);
    await page.locator(dialog).getByRole("button", { name: "Next →" }).click();
    assert.equal(query(page).get("page"), "1");
    const second = await assertTopTable(page, TABLES[0], params, `${dialog} [data-table='pages']`, 20, 20);
    assert.ok(second.length > 0, "a second page of pages exists");
    await waitForIdle(page);
    await screenshot(page, "view-all", false);
    await page.keyboard.press("Escape");
    await eventually(async () => assert.equal(query(page).get("all"), null, "Escape closes the dialog and the URL follows"));
    await context.close();
  });

  it("offers click-to-filter only for dimensions the endpoints accept", async (t) => {
    const openapi = (await (await fetch(`${fx.url}/v0/pipes/openapi.json`, { headers: { authorization: `Bearer ${fx.adminToken}` } })).json()) as {
      paths: Record<string, { get: { parameters: { name: string }[] } }>;
    };
    const kpiParams = new Set(openapi.paths["/pipes/kpis.{format}"]!.get.parameters.map((p) => p.name));
    const { page, context } = await open();
    const filterable = TABLES.filter((table) => kpiParams.has(table.column));
    for (const table of TABLES) {
      const buttons = await page.locator(`[data-table='${table.id}'] .row-filter`).count();
      assert.equal(buttons > 0, filterable.includes(table), `${table.id}: clickable rows only when kpis takes "${table.column}"`);
    }
    if (filterable.length === 0) {
      t.diagnostic("the kit's endpoints take no pathname/referrer/location/device/browser parameter: click-to-filter stays off");
      await context.close();
      return;
    }
    const table = filterable[0]!;
    const first = page.locator(`[data-table='${table.id}'] tbody tr`).first();
    const value = (await first.getAttribute("data-dimension"))!;
    await first.locator(".row-filter").click();
    assert.equal(query(page).get(table.column), value);
    await assertKpis(page, { tenant_id: tenant, tz: TZ, ...period(-6), [table.column]: value });
    await page.locator("[data-testid='filters'] .chip button").click();
    assert.equal(query(page).get(table.column), null);
    await context.close();
  });

  it("exports a table as exactly the endpoint's CSV", async () => {
    const { page, context } = await open();
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("[data-testid='table-sources']").getByRole("button", { name: /CSV/ }).click()]);
    const csv = await readFile((await download.path())!, "utf8");
    const expected = await fx.pipeCsv("top_sources", { tenant_id: tenant, tz: TZ, ...period(-6), include_previous_period: true, skip: 0, limit: 100_000 });
    assert.equal(csv, expected);
    assert.match(csv.split("\n")[0]!, /^"referrer","visits","hits"/);
    assert.match(download.suggestedFilename(), /^top_sources-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/);
    await context.close();
  });

  it("web vitals tab: gauges, percentile chart and routes from the vitals endpoints", async () => {
    const { page, context } = await open("/?tab=vitals");
    // The public kit's contracts, with `combined` (one row per metric for the tenant's domains together).
    const scope = { tenant_id: tenant, tz: TZ, ...period(-6), combined: true };
    const current = (await fx.pipe<{ metric_name: string; p75: number; status: string }>("web_vitals_current", scope)).data;
    assert.ok(current.length === 5, "all five metrics were measured");
    for (const row of current) {
      const gauge = page.locator(`[data-vital='${row.metric_name}']`);
      assert.equal(Number(await gauge.locator(".gauge-value").getAttribute("data-value")), row.p75, `${row.metric_name} p75`);
      assert.equal(await gauge.locator(".category").getAttribute("data-status"), row.status);
    }
    const distribution = (await fx.pipe<{ metric_name: string; performance_category: string; percentage: number }>("web_vitals_distribution", scope)).data;
    for (const row of distribution) {
      const share = Number(await page.locator(`[data-vital='${row.metric_name}'] .distribution .${row.performance_category}`).getAttribute("data-share"));
      assert.equal(share, row.percentage / 100, `${row.metric_name} ${row.performance_category} share`);
    }
    const chartValues = async (metric: string, pct: "p75" | "p95") => {
      const series = (await fx.pipe<Record<string, number | string>>("web_vitals_timeseries", { ...scope, metric })).data;
      assert.ok(series.length > 0, `some hours have 5+ ${metric} measurements`);
      return series.map((r) => [r.hour, Number(r[pct])]);
    };
    const lcp = await chartValues("LCP", "p75");
    assert.deepEqual(JSON.parse((await page.locator("[data-testid='vitals-chart']").getAttribute("data-values"))!), lcp);
    assert.equal(await page.locator("[data-testid='vitals-chart'] canvas").count(), 1);
    const routes = (await fx.pipe<{ route: string; measurements: number }>("web_vitals_routes", { ...scope, sort_order: "asc", skip: 0, limit: 10 })).data;
    assert.ok(routes.length > 0, "some route has 3+ measurements of a metric");
    const renderedRoutes = await page.$$eval("[data-route]", (rows) => rows.map((r) => ({ route: r.getAttribute("data-route"), measurements: Number(r.querySelector("[data-value]")?.getAttribute("data-value")) })));
    assert.deepEqual(renderedRoutes, routes.map((r) => ({ route: r.route, measurements: Number(r.measurements) })));
    await screenshot(page, "web-vitals");

    await page.locator("[data-vital='INP']").click();
    await page.getByRole("button", { name: "p95" }).click();
    assert.equal(query(page).get("vital"), "INP");
    assert.equal(query(page).get("pct"), "p95");
    await eventually(async () => assert.equal(await page.getByRole("heading", { name: "INP per hour" }).count(), 1));
    const inp = await chartValues("INP", "p95");
    await eventually(async () => assert.deepEqual(JSON.parse((await page.locator("[data-testid='vitals-chart']").getAttribute("data-values"))!), inp));
    await context.close();
  });

  it("custom events tab: names, counts, last seen and a payload from `actions`", async () => {
    const { page, context } = await open("/?tab=events");
    const actions = (await fx.pipe<{ domain: string; action: string; total_occurrences: number; last_payload: string }>("actions", { tenant_id: tenant, tz: TZ })).data.filter(
      (a) => a.action !== "page_hit" && a.action !== "web_vital",
    );
    assert.ok(actions.length > 0, "the seed sends custom events");
    const rendered = await page.$$eval("[data-action]", (rows) => rows.map((r) => ({ domain: r.getAttribute("data-domain"), action: r.getAttribute("data-action"), count: Number(r.querySelector("[data-value]")?.getAttribute("data-value")) })));
    assert.deepEqual(rendered, actions.map((a) => ({ domain: a.domain, action: a.action, count: Number(a.total_occurrences) })));
    await page.locator("[data-action] summary").first().click();
    assert.deepEqual(JSON.parse(await page.locator("[data-action] .payload pre").first().innerText()), JSON.parse(actions[0]!.last_payload));
    await screenshot(page, "custom-events");
    await context.close();
  });

  it("works from the keyboard: arrow keys move between tabs, focus is visible", async () => {
    const { page, context } = await open();
    await page.getByRole("tablist", { name: "Reports" }).locator("[aria-selected='true']").focus();
    await page.keyboard.press("ArrowRight");
    assert.equal(query(page).get("tab"), "vitals");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Web vitals");
    assert.equal(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle), "solid", "focus ring shown");
    await page.keyboard.press("End");
    assert.equal(query(page).get("tab"), "funnels");
    await page.keyboard.press("Home");
    assert.equal(query(page).get("tab"), null);
    await context.close();
  });

  it("follows the system's dark mode and fits a phone", async () => {
    const dark = await open("/?range=30d", { colorScheme: "dark" });
    const background = await dark.page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    assert.equal(background, "rgb(12, 15, 21)");
    await screenshot(dark.page, "overview-dark");
    await dark.context.close();

    const phone = await open("/", { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no sideways scrolling on a phone (${overflow}px too wide)`);
    await screenshot(phone.page, "overview-phone");
    await phone.context.close();
  });
});
