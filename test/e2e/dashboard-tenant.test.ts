/**
 * The dashboard for a tenant signed in with a JWT whose fixed_params pin tenant_id: its
 * own numbers only, no tenant picker, nothing of other tenants even when asked through
 * the URL. Expired, forged and wrong tokens land on the sign-in screen with the reason.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { SignJWT } from "jose";
import type { Browser, Page } from "playwright-core";
import { startDashboardFixture, type DashboardFixture, type Params } from "../../dashboard/testing/dashboard-fixture.ts";
import { dayIn, eventually, openDashboard, query, readKpis, readTopTable, screenshot, waitForIdle } from "../../dashboard/testing/dashboard-page.ts";
import { launchChromium } from "./helpers/browser.ts";

const TZ = "Europe/Madrid";
const WEEK: Params = { tz: TZ, date_from: dayIn(TZ, -6), date_to: dayIn(TZ, 0) };

describe("dashboard, signed in with a tenant JWT", () => {
  let fx: DashboardFixture;
  let browser: Browser;
  /** Whether the server verifies JWTs yet (src/auth); the tests that need it skip otherwise. */
  let jwtAccepted = false;

  before(async () => {
    [fx, browser] = await Promise.all([startDashboardFixture(), launchChromium()]);
    jwtAccepted = await fx.pipe("current_visitors", {}, await fx.jwt(fx.tenants[1]!)).then(
      () => true,
      () => false,
    );
  });
  after(async () => {
    await browser?.close();
    await fx?.close();
  });

  async function signInWithForm(token: string, accepted = true): Promise<{ page: Page; close: () => Promise<void>; pipeRequests: Awaited<ReturnType<typeof openDashboard>>["pipeRequests"] }> {
    const opened = await openDashboard(browser, `${fx.url}/`);
    await opened.page.getByLabel("Token").fill(token);
    // Enter signs in as the button does: one way for tokens taken, the other for tokens refused.
    if (accepted) await opened.page.getByLabel("Token").press("Enter");
    else await opened.page.getByRole("button", { name: "Sign in" }).click();
    if (accepted) await opened.page.locator(".sign-in").waitFor({ state: "detached" });
    return { page: opened.page, close: () => opened.context.close(), pipeRequests: opened.pipeRequests };
  }

  async function kpiVisits(params: Params, token?: string): Promise<number> {
    const rows = (await fx.pipe<{ visits: number }>("kpis", { ...params, include_previous_period: true }, token)).data;
    return rows.reduce((s, r) => s + Number(r.visits), 0);
  }

  it("shows its own tenant's numbers, without a tenant picker, and never another tenant's", async (t) => {
    if (!jwtAccepted) return t.skip("the server does not verify JWTs yet (src/auth)");
    const [own, other] = [fx.tenants[1]!, fx.tenants[0]!];
    const token = await fx.jwt(own);
    const { page, close, pipeRequests } = await signInWithForm(token);
    await waitForIdle(page);
    assert.equal(await page.locator("[data-testid='tenant-picker']").count(), 0, "no tenant picker");
    assert.equal(await page.locator("[data-testid='tenant-label']").innerText(), `Tenant ${own}`);

    const ownVisits = await kpiVisits({ ...WEEK, tenant_id: own });
    const otherVisits = await kpiVisits({ ...WEEK, tenant_id: other });
    assert.notEqual(ownVisits, otherVisits, "the fixture's tenants differ, so a leak would show");
    assert.equal(await kpiVisits(WEEK, token), ownVisits, "the JWT's fixed tenant_id applies");
    assert.equal(await kpiVisits({ ...WEEK, tenant_id: other }, token), ownVisits, "a tenant_id sent with the JWT is overridden");
    await eventually(async () => assert.equal((await readKpis(page)).visits?.value, ownVisits));

    const pages = (await fx.pipe<{ pathname: string; visits: number }>("top_pages", { ...WEEK, include_previous_period: true, skip: 0, limit: 11 }, token)).data.slice(0, 10);
    assert.deepEqual(
      (await readTopTable(page, "[data-table='pages']")).map((r) => [r.dimension, r.visits]),
      pages.map((r) => [r.pathname, Number(r.visits)]),
    );
    const domains = await page.$$eval("[data-testid='domain-picker'] option", (os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    assert.ok(domains.length > 0 && domains.every((d) => d.includes(own)), `only ${own}'s domains: ${domains.join(", ")}`);
    assert.ok(pipeRequests.length > 0 && pipeRequests.every((r) => r.params.tenant_id === undefined), "the page leaves tenant_id to the token");
    await screenshot(page, "tenant-overview");

    // Asking for another tenant through the URL changes nothing: the server fixes the tenant.
    await page.goto(`${fx.url}/?tenant=${other}`);
    await waitForIdle(page);
    assert.equal(await page.locator("[data-testid='tenant-label']").innerText(), `Tenant ${own}`);
    await eventually(async () => assert.equal((await readKpis(page)).visits?.value, ownVisits));
    await close();
  });

  it("an expired JWT shows the sign-in screen with a message", async () => {
    const expired = await fx.jwt(fx.tenants[1]!, -60);
    const { page, context } = await openDashboard(browser, `${fx.url}/?token=${expired}`);
    await page.getByRole("heading", { name: "Sign in to Aviary analytics" }).waitFor();
    assert.match(await page.getByRole("alert").innerText(), /expired/i);
    assert.equal(query(page).get("token"), null, "the link's token is not left in the address bar");
    await screenshot(page, "sign-in-expired");
    await context.close();
  });

  it("a JWT that expires while the page is open returns to sign-in", async (t) => {
    if (!jwtAccepted) return t.skip("the server does not verify JWTs yet (src/auth)");
    const shortLived = await fx.jwt(fx.tenants[1]!, 4);
    const { page, close } = await signInWithForm(shortLived);
    // The KPI cards, not every widget: on a busy machine all of them may take longer than the token lives.
    await page.locator("[data-kpi]").first().waitFor();
    assert.equal(await page.locator("[data-kpi]").count(), 4, "the dashboard was shown");
    await page.getByRole("heading", { name: "Sign in to Aviary analytics" }).waitFor({ timeout: 10_000 });
    assert.match(await page.getByRole("alert").innerText(), /expired/i);
    await close();
  });

  it("a token the server refuses is reported on the sign-in screen with the server's reason", async () => {
    const forged = await new SignJWT({ exp: Math.floor(Date.now() / 1000) + 3600, scopes: [{ type: "PIPES:READ", resource: "*", fixed_params: { tenant_id: fx.tenants[0] } }] })
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode("not the admin token"));
    const { page, close } = await signInWithForm(forged, false);
    await eventually(async () => assert.match(await page.getByRole("alert").innerText(), /The server refused this token: invalid authentication token/));
    assert.ok(!(await page.getByRole("alert").innerText()).includes(forged), "the token is not echoed back on screen");
    await screenshot(page, "sign-in-refused");
    await close();

    // The same token in a link: the dashboard's first requests fail and send the user back.
    const { page: linked, context } = await openDashboard(browser, `${fx.url}/?token=${forged}`);
    await linked.getByRole("heading", { name: "Sign in to Aviary analytics" }).waitFor();
    assert.match(await linked.getByRole("alert").innerText(), /no longer accepts this token \(invalid authentication token/);
    await context.close();
  });

  it("a tenant without data sees the tracking script filled in with its own values", async (t) => {
    const admin = await openDashboard(browser, `${fx.url}/?tenant=newcomer&token=${fx.adminToken}`);
    await admin.page.locator("[data-testid='no-data']").waitFor();
    const snippet = await admin.page.locator("[data-testid='tracking-snippet']").innerText();
    assert.ok(snippet.includes(`src="${fx.url}/flock.js"`), snippet);
    assert.ok(snippet.includes(`data-tenant-id="newcomer"`), snippet);
    // The admin gets a tracker token minted for the tenant in view: its rows land under newcomer whatever the page says.
    const token = await eventually(async () => {
      const found = /data-token="([^"]+)"/.exec(await admin.page.locator("[data-testid='tracking-snippet']").innerText())?.[1];
      assert.ok(found?.startsWith("eyJ"), `a minted JWT, not ${found}`);
      return found!;
    });
    const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { scopes: unknown };
    assert.deepEqual(claims.scopes, [{ type: "DATASOURCES:APPEND", resource: "analytics_events", fixed_params: { tenant_id: "newcomer" } }]);
    assert.match(await admin.page.getByTestId("tracking-snippet-note").innerText(), /This token writes only to newcomer, whatever data-tenant-id says\.$/);
    await screenshot(admin.page, "no-data");
    await admin.context.close();

    if (!jwtAccepted) return t.skip("the server does not verify JWTs yet (src/auth)");
    const { page, close } = await signInWithForm(await fx.jwt("newcomer"));
    await page.locator("[data-testid='no-data']").waitFor();
    const own = await page.locator("[data-testid='tracking-snippet']").innerText();
    assert.ok(own.includes(`data-tenant-id="newcomer"`) && own.includes(`data-token="YOUR_TRACKER_TOKEN"`), own);
    await close();
  });

  it("the sign-in screen", async () => {
    const { page, context } = await openDashboard(browser, `${fx.url}/`);
    await page.getByRole("heading", { name: "Sign in to Aviary analytics" }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), "token", "the token field has focus");
    await screenshot(page, "sign-in");
    await context.close();
  });
});
