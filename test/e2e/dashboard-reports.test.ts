/**
 * The acquisition and audience panels in headless Chromium against a real server, with
 * page views sent through the Events API as a tracker sends them (from two visitor
 * addresses behind a trusted proxy, so regions and cities are known): each tab shows its
 * endpoint's rows under readable labels, a click on a row becomes a chip and a URL
 * parameter that every panel's endpoint receives and that survives a reload, each panel
 * remembers its tab, and bots are left out with their count in small print.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { search, type Params } from "../../dashboard/testing/dashboard-fixture.ts";
import { dayIn, eventually, openDashboard, query, readKpis, readTopTable, screenshot, waitForIdle } from "../../dashboard/testing/dashboard-page.ts";
import { ensureDashboardBuilt } from "../../dashboard/testing/ensure-built.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { launchChromium } from "./helpers/browser.ts";
import { USER_AGENTS } from "../helpers/user-agents.ts";

const TENANT = "reports-test";
const DOMAIN = "reports.example";
const TZ = "Europe/Madrid";
const UA = USER_AGENTS;
const GB = "81.2.69.142";
const US = "8.8.8.8";

interface Visit {
  readonly session: string;
  readonly ua: string;
  readonly pages: readonly string[];
  readonly referrer?: string;
  /** The landing page's query string. */
  readonly query?: string;
  readonly width?: number;
  readonly locale?: string;
  /** The visitor's address, sent as X-Forwarded-For through the trusted proxy (127.0.0.1). */
  readonly address?: string;
}

const VISITS: readonly Visit[] = [
  { session: "google-1", ua: UA.windows, pages: ["/landing", "/pricing"], referrer: "https://www.google.com/search?q=aviary", width: 1920, locale: "de-DE", address: GB },
  { session: "google-2", ua: UA.android, pages: ["/landing"], referrer: "https://www.google.co.uk/", width: 412, locale: "en-GB", address: GB },
  { session: "mail", ua: UA.mac, pages: ["/"], query: "?utm_source=newsletter&utm_medium=email&utm_campaign=spring_sale&utm_term=analytics&utm_content=banner", width: 1280, locale: "en-US", address: US },
  { session: "direct", ua: UA.iphone, pages: ["/", "/docs"], width: 390, locale: "fr-FR" },
  // Eleven one-page visits to pages of their own: more entry pages than a panel shows.
  ...Array.from({ length: 11 }, (_, i) => ({ session: `browse-${i}`, ua: UA.linux, pages: [`/a${String(i + 1).padStart(2, "0")}`], locale: "" })),
  { session: "bot-1", ua: UA.bot, pages: ["/"] },
  { session: "bot-2", ua: UA.bot, pages: ["/pricing", "/docs"] },
];

function pageHits(visit: Visit, index: number): object[] {
  const start = Date.now() - (90 - index * 3) * 60_000;
  return visit.pages.map((pathname, i) => ({
    timestamp: new Date(start + i * 60_000).toISOString(),
    action: "page_hit",
    version: "1",
    session_id: visit.session,
    tenant_id: TENANT,
    domain: DOMAIN,
    payload: JSON.stringify({
      "user-agent": visit.ua,
      locale: visit.locale ?? "en-US",
      location: "ES",
      referrer: i === 0 ? (visit.referrer ?? "") : `https://${DOMAIN}${visit.pages[i - 1]}`,
      pathname,
      href: `https://${DOMAIN}${pathname}${i === 0 ? (visit.query ?? "") : ""}`,
      ...(visit.width === undefined ? {} : { screen_width: visit.width }),
    }),
  }));
}

describe("dashboard acquisition and audience panels", () => {
  let server: TestServer;
  let browser: Browser;
  const week: Params = { tenant_id: TENANT, tz: TZ, date_from: dayIn(TZ, -6), date_to: dayIn(TZ, 0) };

  before(async () => {
    await ensureDashboardBuilt();
    [server, browser] = await Promise.all([startServer({ args: ["--trusted-proxies", "127.0.0.1/32"] }), launchChromium()]);
    const { tokens } = (await (await api(server, "/v0/tokens")).json()) as { tokens: { name: string; token: string }[] };
    const tracker = tokens.find((t) => t.name === "tracker")!.token;
    for (const address of [GB, US, undefined]) {
      const rows = VISITS.flatMap((v, i) => (v.address === address ? pageHits(v, i) : []));
      const headers = address ? { "x-forwarded-for": address } : undefined;
      const res = await api(server, "/v0/events?name=analytics_events&wait=true", { method: "POST", token: tracker, headers, body: rows.map((r) => JSON.stringify(r)).join("\n") });
      assert.equal(res.status, 200, await res.text());
    }
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function pipe(name: string, params: Params): Promise<Record<string, string | number>[]> {
    const res = await api(server, `/v0/pipes/${name}.json?${search(params)}`);
    assert.equal(res.status, 200, await res.clone().text());
    return ((await res.json()) as { data: Record<string, string | number>[] }).data;
  }

  async function open(path = "/") {
    const sep = path.includes("?") ? "&" : "?";
    const opened = await openDashboard(browser, `${server.url}${path}${sep}tenant=${TENANT}&token=${encodeURIComponent(server.adminToken)}`);
    await waitForIdle(opened.page);
    return opened;
  }

  async function showTab(page: Page, panel: string, tab: string, choice?: string) {
    await page.getByRole("tablist", { name: panel }).getByRole("tab", { name: tab, exact: true }).click();
    if (choice) await page.getByRole("group", { name: `${tab} by` }).getByRole("button", { name: choice, exact: true }).click();
    await waitForIdle(page);
  }

  /** The table shows the endpoint's first ten rows for `params`, in order; returns them. */
  async function assertTable(page: Page, table: string, endpoint: string, column: string, params: Params, scope = "", shown = 10) {
    const expected = (await pipe(endpoint, { ...params, include_previous_period: true, skip: 0, limit: shown + 1 })).slice(0, shown);
    await eventually(async () => {
      const rendered = await readTopTable(page, `${scope} [data-table='${table}']`);
      const want = expected.map((r) => ({ dimension: String(r[column]), visits: Number(r.visits), hits: Number(r.hits), growth: Number(r.visits_growth_percentage) }));
      assert.deepEqual(rendered, want, `${endpoint} rows`);
    });
    return expected;
  }

  const rowText = (page: Page, table: string, value: string) => page.locator(`[data-table='${table}'] tr[data-dimension='${value}'] td.dimension`).innerText();
  const rates = (page: Page, table: string, column: string) =>
    page.$$eval(`[data-table='${table}'] tbody tr`, (rows, c) => rows.map((r) => [r.getAttribute("data-dimension"), Number(r.querySelector(`[data-col='${c}']`)?.getAttribute("data-value"))]), column);

  it("each tab shows its endpoint's rows, labelled for people", async () => {
    const { page, context, errors } = await open();
    const sources = await assertTable(page, "sources", "top_sources", "referrer", week);
    assert.equal(sources.find((r) => r.referrer === "Google")?.visits, 2, "google.com and google.co.uk are one source");
    assert.equal(await rowText(page, "sources", "Google"), "Google");
    assert.equal(await rowText(page, "sources", ""), "Direct / None");

    await showTab(page, "Sources", "Channels");
    const channels = await assertTable(page, "channels", "top_channels", "channel", week);
    assert.equal(channels.find((r) => r.channel === "Organic Search")?.visits, 2);
    await showTab(page, "Sources", "Campaigns", "Campaign");
    assert.deepEqual((await assertTable(page, "utm_campaigns", "top_utm_campaigns", "utm_campaign", week)).map((r) => [r.utm_campaign, r.visits]), [["spring_sale", 1]]);
    for (const [choice, table, column] of [["Source", "utm_sources", "utm_source"], ["Medium", "utm_mediums", "utm_medium"], ["Term", "utm_terms", "utm_term"], ["Content", "utm_contents", "utm_content"]] as const) {
      await showTab(page, "Sources", "Campaigns", choice);
      assert.equal((await assertTable(page, table, `top_${table}`, column, week)).length, 1, `${column} of the one campaign visit`);
    }

    await showTab(page, "Pages", "Entry");
    const entries = await assertTable(page, "entry_pages", "top_entry_pages", "entry_page", week);
    assert.equal(entries.find((r) => r.entry_page === "/landing")?.visits, 2);
    assert.deepEqual(await rates(page, "entry_pages", "bounce_rate"), entries.map((r) => [r.entry_page, Number(r.bounce_rate)]));
    await page.locator("[data-testid='table-entry_pages']").getByRole("button", { name: "View all" }).click();
    assert.equal(query(page).get("all"), "entry_pages");
    assert.equal((await assertTable(page, "entry_pages", "top_entry_pages", "entry_page", week, "[data-testid='view-all']", 20)).length, 13);
    await page.keyboard.press("Escape");
    await showTab(page, "Pages", "Exit");
    const exits = await assertTable(page, "exit_pages", "top_exit_pages", "exit_page", week);
    const landing = exits.find((r) => r.exit_page === "/landing");
    assert.deepEqual([landing?.visits, landing?.hits, landing?.exit_rate], [1, 2, 0.5], "one of its two page views ended a visit");
    assert.deepEqual(await rates(page, "exit_pages", "exit_rate"), exits.map((r) => [r.exit_page, Number(r.exit_rate)]));

    await showTab(page, "Locations", "Regions");
    const regions = await assertTable(page, "regions", "top_regions", "region", week);
    const british = regions.find((r) => r.location === "GB");
    assert.ok(british, "the GB address has a region");
    assert.equal(await rowText(page, "regions", String(british.region)), `🇬🇧${british.region}United Kingdom`);
    await showTab(page, "Locations", "Cities");
    assert.ok((await assertTable(page, "cities", "top_cities", "city", week)).length >= 2, "both addresses have a city");
    const credit = await page.$eval("[data-testid=table-cities] .credit", (a) => [a.textContent, a.getAttribute("href")]);
    assert.deepEqual(credit, ["IP geolocation by DB-IP", "https://db-ip.com"], "DB-IP's licence asks for a link where its results show");

    await showTab(page, "Browsers and systems", "OS");
    const systems = await assertTable(page, "os", "top_os", "os", week);
    assert.deepEqual(systems.map((r) => [r.os, r.visits]).filter(([os]) => os === "Windows"), [["Windows", 1]]);
    await showTab(page, "Browsers and systems", "Screens");
    const screens = await assertTable(page, "screens", "top_screens", "screen", week);
    assert.equal(await rowText(page, "screens", ""), "Unknown", "visits without a width");
    assert.equal(screens.reduce((s, r) => s + Number(r.visits), 0), 15, "every visit but the bots'");
    await assertTable(page, "languages", "top_languages", "language", week);
    assert.equal(await rowText(page, "languages", "de"), "German");
    await waitForIdle(page);
    await screenshot(page, "reports-tabs");
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("a click on a row filters every panel, as a chip and in the URL, through a reload; panels keep their tab", async () => {
    const { page, context, pipeRequests } = await open();
    await showTab(page, "Sources", "Channels");
    const before = pipeRequests.length;
    await page.locator("[data-table='channels'] tr[data-dimension='Organic Search'] .row-filter").click();
    assert.equal(query(page).get("channel"), "Organic Search");
    assert.equal(await page.locator("[data-filter='channel']").innerText(), "Channel: Organic Search\n×");
    const filtered = { ...week, channel: "Organic Search" };
    assert.deepEqual((await assertTable(page, "pages", "top_pages", "pathname", filtered)).map((r) => r.pathname).sort(), ["/landing", "/pricing"]);
    await eventually(async () => assert.equal((await readKpis(page)).visits?.value, 2));
    await waitForIdle(page);
    const after = pipeRequests.slice(before).filter((r) => !["openapi", "current_visitors", "realtime", "domains"].includes(r.pipe));
    assert.ok(after.length >= 6, `${after.length} reports asked again`);
    for (const r of after) assert.equal(r.params.channel, "Organic Search", `${r.pipe} gets the filter`);

    await showTab(page, "Browsers and systems", "OS");
    await page.locator("[data-table='os'] tr[data-dimension='Windows'] .row-filter").click();
    assert.equal(query(page).get("os"), "Windows");
    const [version] = await assertTable(page, "os_versions", "top_os_versions", "os_version", { ...filtered, os: "Windows" });
    assert.equal(await rowText(page, "os_versions", String(version!.os_version)), `Windows ${version!.os_version}`);
    await waitForIdle(page);
    await screenshot(page, "reports-filtered");

    await page.reload();
    await waitForIdle(page);
    assert.deepEqual(await page.$$eval("[data-filter]", (chips) => chips.map((c) => c.getAttribute("data-filter"))), ["channel", "os"]);
    assert.equal(await page.getByRole("tablist", { name: "Sources" }).locator("[aria-selected='true']").innerText(), "Channels", "the tab is remembered");
    await assertTable(page, "channels", "top_channels", "channel", { ...filtered, os: "Windows" });
    await assertTable(page, "os_versions", "top_os_versions", "os_version", { ...filtered, os: "Windows" });
    await page.locator("[data-filter='os'] button").click();
    assert.equal(query(page).get("os"), null);
    await assertTable(page, "os", "top_os", "os", filtered);
    await context.close();
  });

  it("leaves bots out: their visits in small print, no Bot row among devices", async () => {
    const { page, context } = await open();
    const bots = await pipe("top_devices", { ...week, include_bots: true, device: "bot" });
    assert.deepEqual(bots.map((r) => [r.device, r.visits]), [["bot", 2]]);
    await eventually(async () => assert.equal(await page.getByTestId("bot-note").innerText(), "2 bot visits excluded"));
    const devices = await assertTable(page, "devices", "top_devices", "device", week);
    assert.ok(devices.length > 0 && devices.every((r) => r.device !== "bot"), "no bot row");
    assert.equal(await page.locator("[data-table='devices']").getByText("Bot").count(), 0);
    assert.equal((await readKpis(page)).visits?.value, 15, "the KPIs count no bot visit");
    await context.close();
  });
});
