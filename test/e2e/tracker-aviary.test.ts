/**
 * The tracker against a real Aviary server: a page on its own origin carries the seed's
 * tag, with the script served by Aviary at /flock.js (so data-host defaults to it) and the
 * kit's `tracker` token. The page hit must land, with the viewport's screen_width in its stored
 * payload, and show in current_visitors, top_pages and analytics_hits with the right tenant,
 * domain, pathname, referrer, device and browser.
 * The published @tinybirdco/flock.js, pointed at Aviary with data-host, must land too.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { htmlPage, publishedFlockPath, scriptTag, startTestSite, type TestSite } from "../../tracker/testing/test-site.ts";
import { launchChromium } from "./helpers/browser.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";

interface Hit {
  tenant_id: string;
  domain: string;
  pathname: string;
  referrer: string;
  device: string;
  browser: string;
  session_id: string;
}

async function rows<T>(server: TestServer, path: string): Promise<T[]> {
  const res = await api(server, path);
  assert.equal(res.status, 200, await res.clone().text());
  return ((await res.json()) as { data: T[] }).data;
}

/** Polls until `check` passes: events are acknowledged before they are queryable. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > end) return value;
    await new Promise((done) => setTimeout(done, 250));
  }
}

describe("tracker against a real Aviary server", () => {
  let server: TestServer;
  let site: TestSite;
  let browser: Browser;
  let trackerToken: string;

  before(async () => {
    server = await startServer();
    site = await startTestSite();
    browser = await launchChromium();
    const tokens = (await (await api(server, "/v0/tokens")).json()) as { tokens: { name: string; token: string }[] };
    const tracker = tokens.tokens.find((t) => t.name === "tracker");
    assert.ok(tracker, "the kit declares a tracker token");
    trackerToken = tracker.token;
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await server?.stop();
  });

  test("the seed's tag lands a page hit with tenant, domain, path, referrer, device and browser", async () => {
    const tag = scriptTag(`${server.url}/flock.js`, {
      "data-token": trackerToken,
      "data-tenant-id": "customer-123",
      "data-domain": "app.customer.com",
      "data-allow-automation": "true",
    });
    const landing = site.page("/pricing", htmlPage(tag));
    const from = site.page("/from", htmlPage("", `<a id="go" href="${landing}">go</a>`));
    const context = await browser.newContext({
      userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
      viewport: { width: 412, height: 915 },
    });
    const page = await context.newPage();
    await page.goto(from);
    const acknowledged = page.waitForResponse((r) => r.url().startsWith(`${server.url}/v0/events`) && r.status() === 202);
    await page.click("#go");
    await acknowledged;

    const hits = await eventually(
      () => rows<Hit>(server, "/v0/pipes/analytics_hits.json?tenant_id=customer-123"),
      (h) => h.length > 0,
    );
    assert.equal(hits.length, 1);
    const hit = hits[0]!;
    assert.deepEqual(
      { tenant_id: hit.tenant_id, domain: hit.domain, pathname: hit.pathname, referrer: hit.referrer, device: hit.device, browser: hit.browser },
      { tenant_id: "customer-123", domain: "app.customer.com", pathname: "/pricing", referrer: from, device: "mobile-android", browser: "chrome" },
    );
    assert.notEqual(hit.session_id, "0");
    // The stored event keeps the tracker's viewport width.
    const q = encodeURIComponent("SELECT JSONExtract(payload, 'screen_width', 'Nullable(UInt32)') AS screen_width FROM analytics_events WHERE tenant_id = 'customer-123' FORMAT JSON");
    assert.deepEqual(await rows(server, `/v0/sql?q=${q}`), [{ screen_width: 412 }]);

    const visitors = await rows<{ visits: number }>(server, "/v0/pipes/current_visitors.json?tenant_id=customer-123&domain=app.customer.com");
    assert.deepEqual(visitors, [{ visits: 1 }]);
    const today = new Date().toISOString().slice(0, 10);
    const pages = await rows<{ pathname: string; visits: number; hits: number }>(
      server,
      `/v0/pipes/top_pages.json?tenant_id=customer-123&domain=app.customer.com&date_from=${today}&date_to=${today}`,
    );
    assert.deepEqual(pages.map((p) => [p.pathname, p.visits, p.hits]), [["/pricing", 1, 1]]);
    await context.close();
  });

  test("the published @tinybirdco/flock.js lands its page hits on Aviary too", async () => {
    assert.ok(publishedFlockPath());
    const tag = scriptTag(`${site.url}/vendor/flock.js`, {
      "data-host": server.url,
      "data-token": trackerToken,
    });
    // Headless Chromium's own user agent is a bot's; a visitor's browser is not.
    const context = await browser.newContext({ userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36" });
    // The published script skips automated browsers; hide the webdriver flag as a real visit would.
    await context.addInitScript("Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false });");
    const page = await context.newPage();
    const acknowledged = page.waitForResponse((r) => r.url().startsWith(`${server.url}/v0/events`) && r.request().method() === "POST");
    await page.goto(site.page("/published", htmlPage(tag)));
    assert.equal((await acknowledged).status(), 202);
    const hits = await eventually(
      // Version 1.4.1 sends neither tenant id nor domain: the kit takes the domain from the page's URL.
      () => rows<Hit>(server, "/v0/pipes/analytics_hits.json?domain=127.0.0.1"),
      (h) => h.length > 0,
    );
    assert.deepEqual(hits.map((h) => [h.tenant_id, h.domain, h.pathname, h.device, h.browser]), [["", "127.0.0.1", "/published", "desktop", "chrome"]]);
    await context.close();
  });
});
