/**
 * The Funnels tab in Chromium, against a server holding the funnel test sessions
 * (test/kit/funnel-dataset.ts): a funnel built in the form draws one bar per step with the
 * endpoint's numbers; saving adds it to the saved funnels (and it survives a reload);
 * deleting removes it; a funnel follows visitors across their sessions when asked, and a saved
 * one keeps that; a link that may only read gets no save button, and a token the server
 * refuses to write for is told why.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { SignJWT } from "jose";
import type { Browser, Page } from "playwright-core";
import { ensureDashboardBuilt } from "../../dashboard/testing/ensure-built.ts";
import { eventually, openDashboard, query, screenshot } from "../../dashboard/testing/dashboard-page.ts";
import { startServer, type TestServer } from "../helpers/server.ts";
import { DOMAIN, TENANT, buildFunnelDataset } from "../kit/funnel-dataset.ts";
import { launchChromium } from "./helpers/browser.ts";

const dataset = buildFunnelDataset(Date.now());
const KIT = new URL("../../kit/index.ts", import.meta.url).pathname;
const VIEW = `tenant=${TENANT}&domain=${DOMAIN}&from=${dataset.dateFrom}&to=${dataset.dateTo}&tz=UTC&tab=funnels`;

async function post(server: TestServer, datasource: string, rows: readonly object[]): Promise<void> {
  const res = await fetch(`${server.url}/v0/events?name=${datasource}&wait=true`, { method: "POST", headers: { authorization: `Bearer ${server.adminToken}` }, body: rows.map((r) => JSON.stringify(r)).join("\n") });
  assert.equal(res.status, 200, await res.text());
}

async function fill(page: Page, steps: readonly [string, string][]): Promise<void> {
  while ((await page.getByRole("button", { name: /^Remove step/ }).count()) > 0) await page.getByRole("button", { name: /^Remove step/ }).first().click();
  for (let i = 0; i < steps.length; i++) {
    if (i >= 2) await page.getByRole("button", { name: "Add step" }).click();
    await page.getByLabel(`Step ${i + 1} kind`).selectOption(steps[i]![0]);
    const value = page.getByLabel(`Step ${i + 1}`, { exact: true });
    // Goal steps offer the site's goals by name, once goal_definitions has answered.
    if (steps[i]![0] === "goal") {
      await page.locator(`select[aria-label='Step ${i + 1}']`).waitFor();
      await value.selectOption(steps[i]![1]);
    }
    else await value.fill(steps[i]![1]);
  }
}

async function chart(page: Page): Promise<[string, number][]> {
  return page.$$eval("[data-testid='funnel-chart'] [data-step]", (items) =>
    items.map((li) => [li.querySelector(".funnel-step-label")?.textContent ?? "", Number(li.getAttribute("data-visitors"))] as [string, number]),
  );
}

describe("dashboard: funnels", () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    await ensureDashboardBuilt();
    [server, browser] = await Promise.all([startServer({ project: KIT }), launchChromium()]);
    await post(server, "analytics_events", dataset.events);
    await post(server, "analytics_goals", dataset.goals);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("builds a funnel, draws the endpoint's numbers, saves it, finds it after a reload and deletes it", async () => {
    const { page, context, errors } = await openDashboard(browser, `${server.url}/?${VIEW}&token=${server.adminToken}`);
    await page.getByRole("tab", { name: "Funnels" }).waitFor();
    await fill(page, [["page", "/"], ["page", "/pricing"], ["event", "signup"], ["goal", "g-checkout"]]);
    await page.getByRole("button", { name: "Show funnel" }).click();
    await eventually(async () => assert.deepEqual(await chart(page), [["/", 9], ["/pricing", 7], ["signup", 7], ["Checkout", 2]]));
    assert.match(await page.locator("[data-step='2'] [data-fact='median']").innerText(), /median 50s from the step before/);
    await screenshot(page, "funnel-chart");

    await page.getByLabel("Name", { exact: true }).fill("Signup to checkout");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").filter({ hasText: "Saved “Signup to checkout”." }).waitFor();
    // The saved funnel is in the URL: the reload opens it again.
    assert.ok(query(page).get("funnel"));
    await page.reload();
    await eventually(async () => assert.deepEqual(await chart(page), [["/", 9], ["/pricing", 7], ["signup", 7], ["Checkout", 2]]));
    assert.equal(await page.getByLabel("Saved funnel").locator("option:checked").innerText(), "Signup to checkout");
    await page.getByLabel("Saved funnel").selectOption({ label: "Signup to checkout" });
    await eventually(async () => assert.deepEqual(await chart(page), [["/", 9], ["/pricing", 7], ["signup", 7], ["Checkout", 2]]));

    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("status").filter({ hasText: "Deleted “Signup to checkout”." }).waitFor();
    await eventually(async () => assert.ok(!(await page.getByLabel("Saved funnel").innerText()).includes("Signup to checkout")));
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("follows each visitor across its sessions when asked, and a saved funnel keeps it", async () => {
    const { page, context, errors } = await openDashboard(browser, `${server.url}/?${VIEW}&token=${server.adminToken}`);
    await page.getByRole("tab", { name: "Funnels" }).waitFor();
    await fill(page, [["page", "/features"], ["page", "/features/*"], ["event", "trial"]]);
    await page.getByRole("button", { name: "Show funnel" }).click();
    // Per session (test/kit/funnel.test.ts has the same counts from the endpoint): the trial is another session's.
    await eventually(async () => assert.deepEqual(await chart(page), [["/features", 4], ["/features/*", 1], ["trial", 0]]));
    await page.getByLabel("Follow").selectOption("visitor");
    await page.getByRole("button", { name: "Show funnel" }).click();
    await eventually(async () => assert.deepEqual(await chart(page), [["/features", 3], ["/features/*", 1], ["trial", 1]]));
    assert.equal(await page.locator("[data-step='1'] .funnel-step-visitors").innerText(), "3 visitors");
    await page.getByText("visitors of the period, each followed across its sessions of a day").waitFor();

    await page.getByLabel("Window (minutes)").fill("60");
    await page.getByLabel("Name", { exact: true }).fill("Trial by visitor");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").filter({ hasText: "Saved “Trial by visitor”." }).waitFor();
    await page.reload();
    await eventually(async () => assert.deepEqual(await chart(page), [["/features", 3], ["/features/*", 2], ["trial", 2]]));
    assert.equal(await page.getByLabel("Follow").inputValue(), "visitor");
    await screenshot(page, "funnel-per-visitor");
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("a link that may only read builds funnels without a save button; a static token the server refuses is told why", async () => {
    const reader = await new SignJWT({ exp: Math.floor(Date.now() / 1000) + 600, scopes: [{ type: "PIPES:READ", resource: "*", fixed_params: { tenant_id: TENANT } }] })
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode(server.adminToken));
    const link = await openDashboard(browser, `${server.url}/?${VIEW}&token=${reader}`);
    await fill(link.page, [["page", "/pricing"], ["event", "signup"]]);
    await link.page.getByRole("button", { name: "Show funnel" }).click();
    await eventually(async () => assert.deepEqual(await chart(link.page), [["/pricing", 11], ["signup", 8]]));
    assert.equal(await link.page.getByRole("button", { name: "Save" }).count(), 0);
    await link.page.getByText("This link can build and view funnels; saving one needs a link that can edit.").waitFor();
    await link.context.close();

    // The kit's static `dashboard` token reads every report and writes nothing.
    const tokens = (await (await fetch(`${server.url}/v0/tokens`, { headers: { authorization: `Bearer ${server.adminToken}` } })).json()) as { tokens: { name: string; token: string }[] };
    const dashboard = tokens.tokens.find((t) => t.name === "dashboard")!.token;
    const { page, context } = await openDashboard(browser, `${server.url}/?${VIEW}&token=${dashboard}`);
    await fill(page, [["page", "/pricing"], ["event", "signup"]]);
    await page.getByLabel("Name", { exact: true }).fill("Mine");
    await page.getByRole("button", { name: "Save" }).click();
    await eventually(async () => assert.match(await page.getByTestId("funnel-write-problem").innerText(), /^This token can read reports but not save funnels\./));
    await screenshot(page, "funnel-read-only");
    await context.close();
  });
});
