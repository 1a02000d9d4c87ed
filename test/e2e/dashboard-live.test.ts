/**
 * The live view in headless Chromium: the header's badge and the panel it opens show what
 * one `realtime` answer says (per-minute bars, current pages and sources), and the live
 * dot says "offline" while the server is stopped, then goes back to live when it returns
 * on the same address.
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { ensureDashboardBuilt } from "../../dashboard/testing/ensure-built.ts";
import { eventually, openDashboard, screenshot, waitForIdle, type OpenedDashboard } from "../../dashboard/testing/dashboard-page.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { USER_AGENTS } from "../helpers/user-agents.ts";
import { launchChromium } from "./helpers/browser.ts";

const MINUTE = 60_000;

interface RealtimeRow {
  section: string;
  time: string;
  name: string;
  visitors: number;
  pageviews: number;
}

/** Page views of tenant `live` over the last 20 minutes, three pages, two sources. */
function events(now: number): string {
  const views = [
    { ago: 0.5, session: "a", path: "/", referrer: "https://www.google.com/" },
    { ago: 1.5, session: "b", path: "/pricing", referrer: "https://news.ycombinator.com/" },
    { ago: 2, session: "c", path: "/", referrer: "" },
    { ago: 7, session: "d", path: "/docs", referrer: "https://www.google.com/" },
    { ago: 19, session: "e", path: "/", referrer: "" },
  ];
  return views
    .map((v) => ({
      timestamp: new Date(now - v.ago * MINUTE).toISOString(),
      action: "page_hit",
      version: "1",
      session_id: v.session,
      tenant_id: "live",
      domain: "live.example",
      payload: JSON.stringify({ "user-agent": USER_AGENTS.windows, locale: "en-US", location: "US", referrer: v.referrer, pathname: v.path, href: `https://live.example${v.path}` }),
    }))
    .map((e) => JSON.stringify(e))
    .join("\n");
}

describe("dashboard live view", () => {
  let server: TestServer;
  let browser: Browser;
  let opened: OpenedDashboard;

  before(async () => {
    await ensureDashboardBuilt();
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    const res = await api(server, "/v0/events?name=analytics_events&wait=true", { method: "POST", body: events(Date.now()) });
    assert.equal(res.status, 200, await res.text());
    opened = await openDashboard(browser, `${server.url}/?tenant=live&token=${encodeURIComponent(server.adminToken)}`);
    await waitForIdle(opened.page);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    if (server) await rm(server.dataDir, { recursive: true, force: true });
  });

  it("the badge and the panel it opens show one realtime answer: visitors now, 30 minute bars, pages and sources", async () => {
    const page = opened.page;
    const rows = (await ((await api(server, "/v0/pipes/realtime.json?tenant_id=live")).json()) as { data: RealtimeRow[] }).data;
    const current = rows.find((r) => r.section === "current")!;
    assert.equal(current.visitors, 3);
    await eventually(async () => assert.equal(await page.locator("[data-testid='live-visitors'] [data-value]").getAttribute("data-value"), "3"));
    assert.equal(await page.locator("[data-testid='live-visitors']").getAttribute("data-state"), "online");
    // The header reads realtime, and nothing else for its count.
    assert.ok(opened.pipeRequests.some((r) => r.pipe === "realtime" && r.params.tenant_id === "live"), "realtime asked for tenant live");
    assert.equal(opened.pipeRequests.filter((r) => r.pipe === "current_visitors").length, 0);

    await page.locator("[data-testid='live-visitors']").click();
    const panel = page.getByTestId("live-panel");
    await panel.waitFor();
    const bars = await panel.locator("[data-minute]").evaluateAll((els) => els.map((e) => [e.getAttribute("data-minute"), Number(e.getAttribute("data-value"))]));
    assert.deepEqual(bars, rows.filter((r) => r.section === "minute").map((r) => [r.time, r.visitors]));
    assert.equal(bars.length, 30);
    assert.equal(bars.reduce((sum, [, v]) => sum + Number(v), 0), 5);
    const list = (id: string) => panel.getByTestId(id).locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [tr.getAttribute("data-dimension"), Number(tr.getAttribute("data-value"))]));
    assert.deepEqual(await list("live-pages"), [["/", 3], ["/docs", 1], ["/pricing", 1]]);
    assert.deepEqual(await list("live-sources"), [["", 2], ["Google", 2], ["Hacker News", 1]]);
    assert.equal(await panel.getByTestId("live-current").getAttribute("data-value"), "3");
    assert.equal(await panel.getByTestId("live-total").getAttribute("data-value"), "5");
    await screenshot(page, "dashboard-live-panel");
    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });
  });

  it("the dot says offline while the server is stopped, and live again when it is back", async () => {
    const page = opened.page;
    const badge = page.getByTestId("live-visitors");
    const port = new URL(server.url).port;
    await server.stop({ keepData: true });
    // The next refresh (every 10 s) finds nobody there.
    await eventually(async () => assert.equal(await badge.getAttribute("data-state"), "offline"), 25_000);
    assert.equal(await badge.innerText(), "Offline: cannot reach the server");
    const dot = await badge.locator(".live-dot").evaluate((e) => getComputedStyle(e).animationName);
    assert.equal(dot, "none", "an offline dot does not pulse");
    await screenshot(page, "dashboard-live-offline");

    server = await startServer({ dataDir: server.dataDir, args: ["--port", port] });
    assert.equal(new URL(server.url).port, port);
    await eventually(async () => assert.equal(await badge.getAttribute("data-state"), "online"), 25_000);
    assert.equal(await page.locator("[data-testid='live-visitors'] [data-value]").getAttribute("data-value"), "3");
    assert.deepEqual(opened.errors, []);
  });
});
