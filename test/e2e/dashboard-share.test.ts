/**
 * Customers' dashboards in headless Chromium: a token from `aviary token jwt --dashboard`
 * opens every report (and the dashboard asks for nothing outside that list); a token with
 * only some pipes shows those and names each missing one in its panel's place; the
 * admin's "Share" action mints a link that opens one tenant's dashboard and nobody else's.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { DASHBOARD_PIPES } from "../../dashboard/src/api/dashboard-pipes.ts";
import { startDashboardFixture, type DashboardFixture, type Params } from "../../dashboard/testing/dashboard-fixture.ts";
import { dayIn, eventually, openDashboard, openEveryBreakdown, query, readKpis, screenshot, waitForIdle, type OpenedDashboard } from "../../dashboard/testing/dashboard-page.ts";
import { launchChromium } from "./helpers/browser.ts";

const run = promisify(execFile);
const TZ = "Europe/Madrid";
const WEEK: Params = { tz: TZ, date_from: dayIn(TZ, -6), date_to: dayIn(TZ, 0) };
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()) as { name: string; exp: number; scopes: unknown };

describe("dashboard links for customers", () => {
  let fx: DashboardFixture;
  let browser: Browser;
  const cliJwt = async (...args: string[]) => (await run(process.execPath, ["bin/aviary.js", "token", "jwt", ...args, "--data-dir", fx.server.dataDir])).stdout.trim();

  before(async () => {
    [fx, browser] = await Promise.all([startDashboardFixture({ events: 20_000, tenants: 2, domains: 2, days: 14, seed: 7 }), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
    await fx?.close();
  });

  async function weekVisits(tenant: string): Promise<number> {
    const rows = (await fx.pipe<{ visits: number }>("kpis", { ...WEEK, tenant_id: tenant, include_previous_period: true })).data;
    return rows.reduce((sum, r) => sum + Number(r.visits), 0);
  }

  async function openTab(opened: OpenedDashboard, tab: "overview" | "vitals" | "events" | "funnels"): Promise<Page> {
    await opened.page.getByRole("tab", { name: { overview: "Overview", vitals: "Web vitals", events: "Custom events", funnels: "Funnels" }[tab] }).click();
    await waitForIdle(opened.page);
    return opened.page;
  }

  const missingPipes = (page: Page) => page.$$eval("[data-missing-pipe]", (els) => els.map((e) => e.getAttribute("data-missing-pipe")).sort());
  const domainOptions = (page: Page) => page.$$eval("[data-testid='domain-picker'] option", (os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));

  it("a --dashboard token shows every report with data, and the dashboard asks for exactly its pipes", async () => {
    const tenant = fx.liveTenant;
    // A `?tenant=` naming another tenant is ignored (the JWT fixes its own) and leaves the address bar.
    const opened = await openDashboard(browser, `${fx.url}/?tenant=someone-else&token=${await cliJwt("--tenant", tenant, "--dashboard")}`);
    const page = opened.page;
    await waitForIdle(page);
    await eventually(async () => assert.equal(new URL(page.url()).searchParams.get("tenant"), null, page.url()));
    await eventually(async () => assert.equal((await readKpis(page)).visits?.value, await weekVisits(tenant)));
    const hours = (await fx.pipe<{ visits: number }>("traffic_by_hour", { ...WEEK, tenant_id: tenant })).data.reduce((s, r) => s + Number(r.visits), 0);
    const renderedHours = await page.$$eval("[data-testid='traffic-by-hour'] [data-hour]", (els) => els.reduce((s, e) => s + Number(e.getAttribute("data-value")), 0));
    assert.ok(hours > 0 && renderedHours === hours, `visits by hour: rendered ${renderedHours}, endpoint ${hours}`);
    assert.equal(await page.locator("[data-table] tbody tr").count() > 0, true, "the breakdowns have rows");
    const live = (await fx.pipe<{ visits: number }>("current_visitors", { tenant_id: tenant })).data[0]!.visits;
    assert.equal(Number(await page.locator("[data-testid='live-visitors'] [data-value]").getAttribute("data-value")), Number(live));
    const domains = (await fx.pipe<{ domain: string }>("domains", { tenant_id: tenant })).data.map((d) => d.domain);
    assert.deepEqual(await domainOptions(page), domains);
    await screenshot(page, "dashboard-token-overview");
    // The breakdowns' other tabs read the rest of the list.
    await openEveryBreakdown(page);

    await openTab(opened, "vitals");
    assert.ok((await page.locator("[data-vital] .gauge-value[data-value]").count()) > 0, "vitals gauges have values");
    assert.ok((await page.locator("[data-testid='vitals-routes'] tbody tr").count()) > 0, "routes have rows");
    await openTab(opened, "events");
    assert.ok((await page.locator("[data-testid='events-table'] tbody tr").count()) > 0, "custom events have rows");
    await openTab(opened, "funnels");

    assert.deepEqual(await missingPipes(page), []);
    assert.equal(await page.locator(".error-note").count(), 0, "no report failed");
    assert.equal(await page.locator("[data-testid='share-button']").count(), 0, "a tenant viewer cannot share");
    // The drift check: a pipe the dashboard starts reading must join DASHBOARD_PIPES, and the list holds nothing it does not read.
    const read = opened.pipeRequests.map((r) => r.pipe).filter((name) => name !== "openapi"); // /v0/pipes/openapi.json is the API's description, no pipe
    // current_visitors is read at sign-in and by links without realtime (the badge falls back to it), not by this one.
    // funnel is read once a funnel is built or picked (test/e2e/dashboard-funnels.test.ts); this tenant has none saved.
    // goals is read once the tenant has a goal (test/e2e/dashboard-goals.test.ts); this one has none.
    assert.deepEqual([...new Set([...read, "current_visitors", "funnel", "goals"])].sort(), [...DASHBOARD_PIPES].sort());
    assert.deepEqual(opened.errors, []);
    await opened.context.close();
  });

  it("a token with only some pipes shows those reports and names each missing pipe in its place", async () => {
    const tenant = fx.tenants[1]!;
    const opened = await openDashboard(browser, `${fx.url}/?token=${await cliJwt("--tenant", tenant, "--pipes", "kpis,top_*,current_visitors")}`);
    const page = opened.page;
    await waitForIdle(page);
    await eventually(async () => assert.equal((await readKpis(page)).visits?.value, await weekVisits(tenant)));
    assert.equal(await page.locator("[data-table] tbody tr").count() > 0, true, "the breakdowns have rows");
    assert.ok((await page.locator("[data-testid='live-visitors'] [data-value]").count()) === 1, "visitors online shown");
    assert.deepEqual(await missingPipes(page), ["domains", "goals", "traffic_by_hour"]);
    assert.equal(await page.getByTestId("traffic-by-hour").locator(".panel-body").innerText(), "This link has no access to traffic_by_hour.");
    assert.equal(await page.getByTestId("domain-picker").isDisabled(), true, "no domain list to pick from");
    assert.equal(await page.getByRole("alert").count(), 0, "nothing is reported as an error");
    await screenshot(page, "dashboard-token-partial");

    await openTab(opened, "vitals");
    assert.deepEqual(await missingPipes(page), ["domains", "web_vitals_current", "web_vitals_distribution", "web_vitals_routes", "web_vitals_timeseries"]);
    await openTab(opened, "events");
    // top_* covers the events and their values; a property to break down comes from event_properties.
    assert.deepEqual(await missingPipes(page), ["actions", "domains", "event_properties"]);
    assert.equal(await page.getByTestId("custom-events").locator(".panel-body").innerText(), "This link has no access to actions.");
    assert.deepEqual(opened.errors, []);
    await opened.context.close();
  });

  it("the admin's Share mints a link that opens that tenant's dashboard only", async () => {
    const [tenant, other] = [fx.tenants[1]!, fx.tenants[0]!];
    assert.notEqual(await weekVisits(tenant), await weekVisits(other), "the tenants' numbers differ, so a leak would show");
    const admin = await openDashboard(browser, `${fx.url}/?tenant=${tenant}&token=${fx.adminToken}`);
    await waitForIdle(admin.page);
    await admin.page.getByTestId("share-button").click();
    const dialog = admin.page.getByTestId("share-dialog");
    assert.equal(await dialog.getByLabel("Valid for").inputValue(), "30", "30 days unless the admin picks otherwise");
    await dialog.getByRole("button", { name: "Create link" }).click();
    const link = await dialog.getByTestId("share-link").inputValue();
    const token = link.slice(`${fx.url}/?token=`.length);
    assert.equal(link, `${fx.url}/?token=${token}`);
    const claims = claimsOf(token);
    assert.deepEqual(claimsOf(await cliJwt("--tenant", tenant, "--dashboard")).scopes, claims.scopes, "the same scopes as aviary token jwt --dashboard");
    assert.equal(claims.name, tenant);
    assert.ok(Math.abs(claims.exp - (Date.now() / 1000 + 30 * 86_400)) < 120, `expires in 30 days: ${claims.exp}`);
    assert.match(await dialog.getByTestId("share-note").innerText(), new RegExp(`^Anyone with this link sees ${tenant}'s reports until .+\\. It cannot be withdrawn sooner`));
    await screenshot(admin.page, "dashboard-share-dialog", false);
    await admin.context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await dialog.getByRole("button", { name: "Copy" }).click();
    await dialog.getByRole("button", { name: "Copied" }).waitFor();
    assert.equal(await admin.page.evaluate(() => navigator.clipboard.readText()), link);

    await dialog.getByLabel("Valid for").selectOption("7");
    assert.equal(await dialog.getByTestId("share-link").count(), 0, "a new lifetime needs a new link");
    await dialog.getByRole("button", { name: "Create link" }).click();
    const weekLong = claimsOf((await dialog.getByTestId("share-link").inputValue()).split("?token=")[1]!);
    assert.ok(Math.abs(weekLong.exp - (Date.now() / 1000 + 7 * 86_400)) < 120, `expires in 7 days: ${weekLong.exp}`);
    await admin.context.close();

    const customer = await openDashboard(browser, link);
    await waitForIdle(customer.page);
    assert.equal(query(customer.page).get("token"), null, "the token leaves the address bar");
    assert.equal(await customer.page.getByTestId("tenant-label").innerText(), `Tenant ${tenant}`);
    await eventually(async () => assert.equal((await readKpis(customer.page)).visits?.value, await weekVisits(tenant)));
    const domains = await domainOptions(customer.page);
    assert.ok(domains.length > 0 && domains.every((d) => d.includes(tenant)), `only ${tenant}'s domains: ${domains.join(", ")}`);
    assert.deepEqual(await missingPipes(customer.page), []);
    assert.equal(await customer.page.locator("[data-testid='tenant-picker'], [data-testid='share-button']").count(), 0, "no picker, no sharing");
    assert.deepEqual(customer.errors, []);
    await customer.context.close();
  });

  it("a static token that is not the admin's sees no Share action", async () => {
    const listed = (await (await fetch(`${fx.url}/v0/tokens`, { headers: { authorization: `Bearer ${fx.adminToken}` } })).json()) as { tokens: { name: string; token: string }[] };
    const reader = listed.tokens.find((t) => t.name === "dashboard")!.token;
    const opened = await openDashboard(browser, "about:blank");
    const refused = opened.page.waitForResponse((r) => new URL(r.url()).pathname === "/v0/tokens");
    await opened.page.goto(`${fx.url}/?tenant=${fx.tenants[0]}&token=${reader}`);
    assert.equal((await refused).status(), 403);
    await waitForIdle(opened.page);
    assert.equal(await opened.page.getByTestId("share-button").count(), 0);
    await opened.context.close();
  });
});
