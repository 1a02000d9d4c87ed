/**
 * The real tracker in headless Chromium with a tenant-bound tracker token: the page says it
 * is another tenant on another domain (data-tenant-id, data-domain), yet the hit lands
 * under the token's tenant and the page's real host. The same tag on a site off the
 * token's domains is refused. Host names are mapped to the loopback test site by Chromium
 * itself, so the browser sends the Origin a real site would.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { after, before, describe, test } from "node:test";
import { chromium, type Browser } from "playwright-core";
import { htmlPage, scriptTag, startTestSite, type TestSite } from "../../tracker/testing/test-site.ts";
import { CHROMIUM_ARGS } from "./helpers/browser.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";

const run = promisify(execFile);

interface Hit {
  tenant_id: string;
  domain: string;
  pathname: string;
}

async function hits(server: TestServer, tenant: string): Promise<Hit[]> {
  const res = await api(server, `/v0/pipes/analytics_hits.json?tenant_id=${tenant}`);
  assert.equal(res.status, 200, await res.clone().text());
  return ((await res.json()) as { data: Hit[] }).data.map((h) => ({ tenant_id: h.tenant_id, domain: h.domain, pathname: h.pathname }));
}

describe("tracker with a tenant-bound token, in Chromium", () => {
  let server: TestServer;
  let site: TestSite;
  let browser: Browser;
  let token: string;
  let port: string;

  before(async () => {
    server = await startServer();
    site = await startTestSite();
    port = new URL(site.url).port;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [...CHROMIUM_ARGS, "--host-resolver-rules=MAP *.acme.test 127.0.0.1, MAP evil.test 127.0.0.1"],
    });
    const cli = ["bin/aviary.js", "token", "tracker", "--tenant", "acme", "--domain", "*.acme.test", "--data-dir", server.dataDir];
    token = (await run(process.execPath, cli)).stdout.trim();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await server?.stop();
  });

  /** Opens `path` of the test site as `host` with the tracker tag; resolves with the Events API's status. */
  async function visit(host: string, path: string): Promise<number> {
    const tag = scriptTag(`${server.url}/flock.js`, {
      "data-token": token,
      "data-tenant-id": "victim",
      "data-domain": "victim.test",
      "data-allow-automation": "true",
    });
    site.page(path, htmlPage(tag));
    const context = await browser.newContext({ userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36" });
    const page = await context.newPage();
    const answered = page.waitForResponse((r) => r.url().startsWith(`${server.url}/v0/events`) && r.request().method() === "POST");
    await page.goto(`http://${host}:${port}${path}`);
    const status = (await answered).status();
    await context.close();
    return status;
  }

  test("the hit lands under the token's tenant and the page's host, whatever the tag says", async () => {
    assert.equal(await visit("shop.acme.test", "/pricing"), 202);
    let landed: Hit[] = [];
    for (let i = 0; i < 60 && landed.length === 0; i++) {
      landed = await hits(server, "acme");
      if (landed.length === 0) await new Promise((done) => setTimeout(done, 250));
    }
    assert.deepEqual(landed, [{ tenant_id: "acme", domain: "shop.acme.test", pathname: "/pricing" }]);
    assert.deepEqual(await hits(server, "victim"), []);
  });

  test("the same tag on a site off the token's domains is refused", async () => {
    assert.equal(await visit("evil.test", "/stolen"), 403);
    const q = encodeURIComponent("SELECT count() AS n FROM analytics_events WHERE payload LIKE '%/stolen%' FORMAT JSON");
    assert.deepEqual(((await (await api(server, `/v0/sql?q=${q}`)).json()) as { data: unknown[] }).data, [{ n: 0 }]);
  });
});
