/**
 * The tracker extensions end to end against a real Aviary server: a page on its own origin
 * with the tag served by Aviary and every extension on sends an outbound click, a file
 * download, a 404 and its engagement (on Playwright's paused clock, so engaged time is
 * exact); the rows land in analytics_events with the contract's payloads, page_engagement
 * reports the view, and the dashboard's Pages panel shows it on its Engagement tab.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { eventually, openDashboard, waitForIdle } from "../../dashboard/testing/dashboard-page.ts";
import { ensureDashboardBuilt } from "../../dashboard/testing/ensure-built.ts";
import { CHUNK_RAN } from "../../tracker/testing/fixture.ts";
import { htmlPage, scriptTag, startTestSite, type TestSite } from "../../tracker/testing/test-site.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { USER_AGENTS } from "../helpers/user-agents.ts";
import { launchChromium } from "./helpers/browser.ts";

const TENANT = "extensions-test";
const DOMAIN = "extensions.example";

describe("tracker extensions against a real Aviary server", () => {
  let server: TestServer;
  let site: TestSite;
  let browser: Browser;
  let tag: string;
  let tag404: string;

  before(async () => {
    await ensureDashboardBuilt();
    [server, site, browser] = await Promise.all([startServer(), startTestSite(), launchChromium()]);
    const { tokens } = (await (await api(server, "/v0/tokens")).json()) as { tokens: { name: string; token: string }[] };
    const attrs = { "data-token": tokens.find((t) => t.name === "tracker")!.token, "data-tenant-id": TENANT, "data-domain": DOMAIN, "data-allow-automation": "true" };
    tag = scriptTag(`${server.url}/flock.js`, { ...attrs, "data-outbound-links": "true", "data-file-downloads": "true", "data-engagement": "true" });
    tag404 = scriptTag(`${server.url}/flock.js`, { ...attrs, "data-track-404": "true" });
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await server?.stop();
  });

  async function stored(count: number): Promise<{ action: string; payload: Record<string, unknown> }[]> {
    return eventually(async () => {
      const res = await api(server, "/v0/sql", { method: "POST", body: `SELECT action, payload FROM analytics_events WHERE tenant_id = '${TENANT}' AND action != 'page_hit' ORDER BY action, payload FORMAT JSON` });
      const rows = ((await res.json()) as { data: { action: string; payload: string }[] }).data;
      assert.equal(rows.length, count, JSON.stringify(rows));
      return rows.map((r) => ({ action: r.action, payload: JSON.parse(r.payload) as Record<string, unknown> }));
    });
  }

  test("serves the extensions chunk, and links the core's source map by header (a comment would cost the size budget)", async () => {
    const core = await fetch(`${server.url}/flock.js`);
    assert.equal(core.headers.get("sourcemap"), "flock.js.map");
    assert.doesNotMatch(await core.text(), /sourceMappingURL/);
    assert.equal((await fetch(`${server.url}/flock.js.map`)).status, 200);
    const chunk = await fetch(`${server.url}/flock-extensions.js`);
    assert.equal(chunk.status, 200);
    assert.match(chunk.headers.get("content-type") ?? "", /javascript/);
  });

  test("outbound clicks, downloads, 404s and engagement land with the contract's payloads and show on the Engagement tab", async () => {
    const elsewhere = site.page("/landing", htmlPage("", "landing")).replace("127.0.0.1", "localhost");
    const download = site.page("/files/report.pdf", htmlPage("", "pdf"));
    const missing = site.page("/missing", htmlPage(`<meta name="flock:404">${tag404}`));
    const article = site.page(
      "/article",
      htmlPage(`<style>body{margin:0}</style>${tag}`, `<a id="out" href="${elsewhere}">out</a> <a id="pdf" href="/files/report.pdf">pdf</a><div style="height:4000px"></div>`),
    );
    const context = await browser.newContext({ userAgent: USER_AGENTS.windows, viewport: { width: 800, height: 1000 } });
    await context.addInitScript(CHUNK_RAN + "window.focused = false; document.hasFocus = () => window.focused;");
    const page = await context.newPage();
    const ready = async (url: string) => {
      await page.goto(url);
      await page.waitForFunction(() => (window as { chunkRan?: boolean }).chunkRan);
    };

    await ready(missing);
    await ready(article);
    await page.click("#out"); // leaves /article: its engagement goes first, by sendBeacon on pagehide
    await page.waitForURL(elsewhere);
    await ready(article);
    await page.click("#pdf");
    await page.waitForURL(download);
    assert.deepEqual((await stored(5)).map((e) => e.action), ["engagement", "engagement", "file_download", "not_found", "outbound_click"]);

    // A view engaged for exactly 4 s with its deepest scroll at half the page.
    await page.clock.install();
    await ready(article);
    await page.clock.pauseAt(Date.now() + 1000);
    await page.evaluate(() => new Promise<void>((done) => (addEventListener("scroll", () => done(), { once: true }), scrollTo(0, 1000))));
    await page.evaluate(() => ((window as { focused?: boolean }).focused = true, dispatchEvent(new Event("focus"))));
    await page.clock.runFor(4000);
    await page.evaluate(() => {
      Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
      document.dispatchEvent(new Event("visibilitychange"));
    });
    const events = await stored(6);
    const by = (action: string) => events.filter((e) => e.action === action).map((e) => e.payload);
    assert.deepEqual(by("not_found"), [{ pathname: "/missing" }]);
    assert.deepEqual(by("outbound_click"), [{ url: elsewhere, pathname: "/article" }]);
    assert.deepEqual(by("file_download"), [{ url: download, pathname: "/article" }]);
    // The first two views were never focused (0 ms) and never scrolled (the first viewport, 25%).
    const view = (scroll_depth: number, engaged_ms: number) => ({ pathname: "/article", scroll_depth, engaged_ms });
    assert.deepEqual(by("engagement").sort((a, b) => Number(a.engaged_ms) - Number(b.engaged_ms)), [view(25, 0), view(25, 0), view(50, 4000)]);
    await context.close();

    const res = await api(server, `/v0/pipes/page_engagement.json?tenant_id=${TENANT}`);
    const rows = ((await res.json()) as { data: Record<string, unknown>[] }).data;
    // (25 + 25 + 50) / 3 and (0 + 0 + 4) / 3 s, one decimal.
    assert.deepEqual(rows, [{ pathname: "/article", visitors: 1, scroll_depth: 33.3, time_on_page: 1.3 }]);

    const dashboard = await openDashboard(browser, `${server.url}/?tenant=${TENANT}&token=${encodeURIComponent(server.adminToken)}`);
    await waitForIdle(dashboard.page);
    await dashboard.page.getByRole("tablist", { name: "Pages" }).getByRole("tab", { name: "Engagement", exact: true }).click();
    await waitForIdle(dashboard.page);
    const shown = await dashboard.page.$$eval("[data-table='engagement'] tbody tr", (trs) =>
      trs.map((tr) => [tr.getAttribute("data-dimension"), ...[...tr.querySelectorAll("td.num")].map((td) => td.textContent)]),
    );
    assert.deepEqual(shown, [["/article", "1", "33%", "1s"]]);
    assert.deepEqual(dashboard.errors, []);
    await dashboard.context.close();
  });
});
