/**
 * Visitor data is hostile when shown: anyone can post events with the public tracker
 * token, so the pathnames, referrers, locations, user agents, action names, tenant ids and
 * domains here carry markup, `javascript:` URLs and spreadsheet formulas. The dashboard in
 * headless Chromium must run none of it, link to nothing but http(s), show a location that
 * is no country code (and a device or browser outside the kit's values) as unknown, and
 * save CSV files whose cells a spreadsheet cannot run. The API's own `.csv` stays raw.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { countryFlag, countryName } from "../../dashboard/src/lib/countries.ts";
import { topTable } from "../../dashboard/src/lib/top-tables.ts";
import { eventually, openDashboard, openEveryBreakdown, query, readTopTable, waitForIdle, type OpenedDashboard } from "../../dashboard/testing/dashboard-page.ts";
import { ensureDashboardBuilt } from "../../dashboard/testing/ensure-built.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { launchChromium } from "./helpers/browser.ts";

const TENANT = "hostile-test";
const DOMAIN = "hostile.example";
/** Every payload sets this flag and opens a dialog if it ever runs. */
const RUN = "window.__pwned=1;alert(1)";
const XSS = `<svg onload="${RUN}">`;
const IMG = `<img src=x onerror="${RUN}">`;
const FORMULA = '=HYPERLINK("http://x")';
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";

interface Visit {
  readonly minutesAgo: number;
  readonly pathname: string;
  readonly location: string;
  readonly referrer?: string;
  readonly ua?: string;
}

// One page view per session, all in the last 7 days. Reports leave bots out, so the hostile
// user agents keep a browser's shape (one that is no browser at all would count as a bot).
const CURRENT: readonly Visit[] = [
  { minutesAgo: 2, pathname: FORMULA, location: XSS, referrer: `javascript:${RUN}`, ua: `${FIREFOX} <script>${RUN}</script>` },
  { minutesAgo: 3, pathname: "-1+2", location: FORMULA, referrer: `data:text/html,<script>${RUN}</script>`, ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) -1+2 @SUM(1+1) Chrome/124.0.0.0" },
  { minutesAgo: 4, pathname: IMG, location: "us", referrer: `javascript://evil.example/%0a${RUN}`, ua: `Mozilla/5.0 (Linux; Android 14) ${IMG} Chrome/124.0.0.0 Mobile Safari/537.36` },
  { minutesAgo: 5, pathname: "@SUM(1+1)", location: "US" },
  { minutesAgo: 6, pathname: "/pricing", location: "US" },
  { minutesAgo: 7, pathname: "\t=1+1", location: "" },
  { minutesAgo: 8, pathname: `javascript:${RUN}`, location: "US" },
];
/** In the period before (days 13 to 7 ago): /pricing had three visits, so its growth is negative. */
const PREVIOUS: readonly Visit[] = [1, 2, 3].map((i) => ({ minutesAgo: 9 * 24 * 60 + i, pathname: "/pricing", location: "US" }));

function pageHit(v: Visit, session: string, tenant = TENANT, domain = DOMAIN) {
  const payload = { "user-agent": v.ua ?? FIREFOX, locale: "en-US", location: v.location, referrer: v.referrer ?? "", pathname: v.pathname, href: `https://${DOMAIN}/` };
  return { timestamp: new Date(Date.now() - v.minutesAgo * 60_000).toISOString(), action: "page_hit", version: "1", session_id: session, tenant_id: tenant, domain, payload: JSON.stringify(payload) };
}

function customEvent(action: string, payload: Record<string, string>, domain = DOMAIN) {
  return { timestamp: new Date(Date.now() - 60_000).toISOString(), action, version: "1", session_id: "custom", tenant_id: TENANT, domain, payload: JSON.stringify(payload) };
}

interface Cell {
  readonly text: string;
  readonly quoted: boolean;
}

/** The cells of a CSV file (RFC 4180 quoting; every line ends with \n). */
function parseCsv(text: string): Cell[][] {
  const cell = /(?:"((?:[^"]|"")*)"|([^",\n]*))(,|\n)/y;
  const rows: Cell[][] = [];
  const row: Cell[] = [];
  while (cell.lastIndex < text.length) {
    const at = cell.lastIndex;
    const m = cell.exec(text);
    assert.ok(m, `CSV parses at offset ${at}: ${JSON.stringify(text.slice(at, at + 40))}`);
    row.push(m[1] === undefined ? { text: m[2]!, quoted: false } : { text: m[1].replace(/""/g, '"'), quoted: true });
    if (m[3] === "\n") rows.push(row.splice(0));
  }
  return rows;
}

/** OWASP's rule: no text cell starts with = + - @ tab or CR; bare cells are plain numbers. */
function assertNeutralised(csv: string, what: string): void {
  for (const [i, row] of parseCsv(csv).entries()) {
    for (const c of row) {
      if (c.quoted) assert.doesNotMatch(c.text, /^[=+\-@\t\r]/, `${what} line ${i + 1}: text cell ${JSON.stringify(c.text)}`);
      else assert.match(c.text, /^-?\d+(\.\d+)?$/, `${what} line ${i + 1}: bare cell ${JSON.stringify(c.text)}`);
    }
  }
}

describe("dashboard labels of values outside their domain", () => {
  it("shows a location that is no country code, and an unknown device or browser, as Unknown", () => {
    for (const bad of [XSS, FORMULA, "USA", "", "1A"]) {
      assert.equal(countryName(bad), "Unknown", JSON.stringify(bad));
      assert.equal(countryFlag(bad), "🌐", JSON.stringify(bad));
    }
    assert.equal(countryName("US"), "United States");
    for (const bad of [XSS, "constructor", "toString", "Unknown", ""]) {
      assert.equal(topTable("devices").label(bad), "Unknown", `device ${JSON.stringify(bad)}`);
      assert.equal(topTable("browsers").label(bad), "Unknown", `browser ${JSON.stringify(bad)}`);
    }
    assert.equal(topTable("devices").label("mobile-android"), "Android");
    assert.equal(topTable("browsers").label("samsung"), "Samsung Internet");
  });
});

describe("dashboard with hostile visitor data", () => {
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    await ensureDashboardBuilt();
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    const { tokens } = (await (await api(server, "/v0/tokens")).json()) as { tokens: { name: string; token: string }[] };
    const tracker = tokens.find((t) => t.name === "tracker")!.token;
    const events = [
      ...CURRENT.map((v, i) => pageHit(v, `current-${i}`)),
      ...PREVIOUS.map((v, i) => pageHit(v, `previous-${i}`)),
      // A tenant id and a domain are page-supplied too: the tenant picker and the events' domain column show them.
      pageHit({ minutesAgo: 9, pathname: "/", location: "US" }, "other-tenant", IMG, XSS),
      customEvent(FORMULA, { label: XSS }),
      customEvent("@SUM(1+1)", { href: `javascript:${RUN}` }),
      customEvent(IMG, { note: "-2+3" }, XSS),
    ];
    // The public tracker token: what any page can send.
    const res = await api(server, "/v0/events?name=analytics_events&wait=true", { method: "POST", token: tracker, body: events.map((e) => JSON.stringify(e)).join("\n") });
    assert.equal(res.status, 200, await res.text());
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Opens the dashboard, recording dialogs from the first script on. */
  async function open(search: string): Promise<OpenedDashboard & { dialogs: string[] }> {
    const opened = await openDashboard(browser, "about:blank");
    const dialogs: string[] = [];
    opened.page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await opened.page.goto(`${server.url}/?tenant=${encodeURIComponent(TENANT)}&${search}&token=${encodeURIComponent(server.adminToken)}`);
    await waitForIdle(opened.page);
    return { ...opened, dialogs };
  }

  async function assertNothingRan(opened: OpenedDashboard & { dialogs: string[] }): Promise<void> {
    assert.equal(await opened.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined, "no payload ran");
    assert.deepEqual(opened.dialogs, [], "no dialog opened");
    assert.deepEqual(opened.errors, [], "no page error");
    const handlers = await opened.page.$$eval("body *", (els) => els.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `<${el.tagName} ${a.name}>`)));
    assert.deepEqual(handlers, [], "no inline event handler in the page");
    const links = await opened.page.$$eval("a[href], area[href], [src], [action], [formaction]", (els) =>
      els.map((el) => el.getAttribute("href") ?? el.getAttribute("src") ?? el.getAttribute("action") ?? el.getAttribute("formaction") ?? ""),
    );
    for (const link of links) assert.ok(link.startsWith("#") || ["http:", "https:"].includes(new URL(link, server.url).protocol), `only http(s) or in-page links: ${link}`);
  }

  /** Each row's label, without its icon. */
  const labels = (page: Page, table: string) =>
    page.$$eval(`[data-table='${table}'] tbody td.dimension`, (cells) => cells.map((c) => (c.textContent ?? "").slice((c.querySelector(".icon")?.textContent ?? "").length).trim()));

  it("overview: runs nothing, shows markup as text and a location that is no country code as Unknown", async () => {
    const opened = await open("");
    const { page } = opened;
    await assertNothingRan(opened);
    const pages = await page.locator("[data-table='pages']").innerText();
    for (const text of [IMG, FORMULA, "@SUM(1+1)", `javascript:${RUN}`]) assert.ok(pages.includes(text), `the pathname ${text} is shown as text`);
    const locations = (await readTopTable(page, "[data-table='locations']")).map((r) => [r.dimension, r.visits]);
    assert.deepEqual(locations, [["", 4], ["US", 3]], "XSS, the formula, 'us' and '' are one unknown location");
    assert.deepEqual(await labels(page, "locations"), ["Unknown", "United States"]);
    for (const label of await labels(page, "devices")) assert.ok(["Desktop", "Android", "iOS", "Bot", "Unknown"].includes(label), `device label ${label}`);
    for (const label of await labels(page, "browsers")) assert.ok(["Chrome", "Firefox", "Safari", "Opera", "Internet Explorer", "Edge", "Samsung Internet", "Unknown"].includes(label), `browser label ${label}`);
    // The picker fills from its own request, which may answer after the tables.
    await eventually(async () => {
      const tenants = await page.$$eval("[data-testid='tenant-picker'] option", (options) => options.map((o) => o.textContent ?? ""));
      assert.ok(tenants.some((t) => t.startsWith(`${IMG} · `)), `a hostile tenant id is an option's text: ${tenants.join(" | ")}`);
    });
    await assertNothingRan(opened);

    // Unknown filters like any other location: the four sessions whose location is no country code.
    await page.locator("[data-table='locations'] tbody tr[data-dimension=''] .row-filter").click();
    assert.equal(query(page).get("location"), "");
    await eventually(async () => assert.deepEqual((await readTopTable(page, "[data-table='locations']")).map((r) => [r.dimension, r.visits]), [["", 4]]));
    assert.match(await page.locator("[data-testid='filters']").innerText(), /Unknown/);
    await assertNothingRan(opened);
    // The breakdowns' other tabs (entry and exit pages, campaigns, systems…) show strangers' text too.
    await openEveryBreakdown(page);
    await assertNothingRan(opened);
    await opened.context.close();
  });

  it("a hostile filter in the URL shows as Unknown and runs nothing", async () => {
    const opened = await open(`location=${encodeURIComponent(XSS)}&pathname=${encodeURIComponent(IMG)}`);
    const chips = await opened.page.locator("[data-testid='filters']").innerText();
    assert.match(chips, /Unknown/);
    assert.ok(chips.includes(IMG), "the pathname filter is shown as text");
    await assertNothingRan(opened);
    await opened.context.close();
  });

  it("events tab: action names, domains and payloads are text", async () => {
    const opened = await open("tab=events");
    const { page } = opened;
    for (const summary of await page.locator("[data-testid='events-table'] details summary").all()) await summary.click();
    const table = await page.locator("[data-testid='events-table']").innerText();
    for (const text of [FORMULA, "@SUM(1+1)", IMG, XSS, `javascript:${RUN}`]) assert.ok(table.includes(text), `${text} is shown as text`);
    await assertNothingRan(opened);
    await opened.context.close();
  });

  it("saves CSV files a spreadsheet cannot run, with negative numbers kept as numbers; the API's .csv stays raw", async () => {
    const opened = await open("");
    const { page } = opened;
    const save = async (panel: string) => {
      const [download] = await Promise.all([page.waitForEvent("download"), page.locator(`[data-testid='${panel}']`).getByRole("button", { name: /CSV/ }).click()]);
      return readFile((await download.path())!, "utf8");
    };
    const pages = await save("table-pages");
    // Ordered by visits, hits, then pathname bytewise: \t - / < = @ j.
    assert.equal(
      pages,
      [
        `"pathname","visits","hits","previous_visits","previous_hits","visits_growth_percentage","hits_growth_percentage"`,
        `"'\t=1+1",1,1,0,0,100,100`,
        `"'-1+2",1,1,0,0,100,100`,
        `"/pricing",1,1,3,3,-66.67,-66.67`,
        `"<img src=x onerror=""window.__pwned=1;alert(1)"">",1,1,0,0,100,100`,
        `"'=HYPERLINK(""http://x"")",1,1,0,0,100,100`,
        `"'@SUM(1+1)",1,1,0,0,100,100`,
        `"javascript:window.__pwned=1;alert(1)",1,1,0,0,100,100`,
        "",
      ].join("\n"),
    );
    assertNeutralised(pages, "top_pages");

    await page.goto(`${server.url}/?tenant=${encodeURIComponent(TENANT)}&tab=events`);
    await waitForIdle(page);
    const actions = await save("custom-events");
    assertNeutralised(actions, "actions");
    const cells = parseCsv(actions).flatMap((row) => row.map((c) => c.text));
    for (const text of [`'${FORMULA}`, "'@SUM(1+1)", IMG, XSS]) assert.ok(cells.includes(text), `actions CSV has the cell ${text}`);

    const raw = await (await api(server, `/v0/pipes/top_pages.csv?tenant_id=${TENANT}`)).text();
    assert.ok(raw.includes(`"=HYPERLINK(""http://x"")"`), "the API's CSV is ClickHouse's, unchanged");
    await assertNothingRan(opened);
    await opened.context.close();
  });
});
