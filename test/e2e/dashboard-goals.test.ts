/**
 * Goals in Chromium: the overview's Goals panel shows the `goals` endpoint's numbers; a
 * tenant link minted with --write opens the goal editor, whose additions, edits and
 * deletes are versions stored under the link's tenant; a read-only link gets no editor;
 * the admin's share dialog mints a link that can edit goals only when asked to.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { ensureDashboardBuilt } from "../../dashboard/testing/ensure-built.ts";
import { dayIn, eventually, openDashboard, screenshot } from "../../dashboard/testing/dashboard-page.ts";
import { startServer, type TestServer } from "../helpers/server.ts";
import { launchChromium } from "./helpers/browser.ts";

const run = promisify(execFile);
const KIT = new URL("../../kit/index.ts", import.meta.url).pathname;
const TENANT = "acme";
const DOMAIN = "acme.test";
const TODAY = dayIn("UTC", 0);
const VIEW = `domain=${DOMAIN}&from=${dayIn("UTC", -6)}&to=${TODAY}&tz=UTC`;
const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

/** Four visits an hour ago: all see the home page, two the blog, two sign up, one buys. */
function events(): object[] {
  const at = (minutes: number) => new Date(Date.now() - 3_600_000 + minutes * 60_000).toISOString();
  const hit = (session: string, minutes: number, pathname: string) => ({
    timestamp: at(minutes), action: "page_hit", version: "1", session_id: session, tenant_id: TENANT, domain: DOMAIN,
    payload: JSON.stringify({ "user-agent": CHROME, locale: "en-US", location: "US", referrer: "", pathname, href: `https://${DOMAIN}${pathname}` }),
  });
  const custom = (session: string, minutes: number, action: string, payload: object) => ({ timestamp: at(minutes), action, version: "1", session_id: session, tenant_id: TENANT, domain: DOMAIN, payload: JSON.stringify(payload) });
  return [
    ...["s1", "s2", "s3", "s4"].map((s, i) => hit(s, i, "/")),
    hit("s1", 5, "/blog/launch"), hit("s2", 6, "/blog/launch"),
    custom("s1", 7, "signup", {}), custom("s3", 8, "signup", {}),
    custom("s1", 9, "purchase", { amount: "49.50", currency: "EUR" }),
  ];
}

async function post(server: TestServer, datasource: string, rows: readonly object[]): Promise<void> {
  const res = await fetch(`${server.url}/v0/events?name=${datasource}&wait=true`, { method: "POST", headers: { authorization: `Bearer ${server.adminToken}` }, body: rows.map((r) => JSON.stringify(r)).join("\n") });
  assert.equal(res.status, 200, await res.text());
}

/** The Goals panel as rendered: name → [uniques, total, conversion rate text]. */
async function panel(page: Page): Promise<Record<string, string[]>> {
  const rows = await page.$$eval("[data-testid='goals'] tbody tr", (trs) =>
    trs.map((tr) => [tr.querySelector(".goal-name")?.textContent ?? "", ...[...tr.querySelectorAll("td.num")].slice(0, 3).map((td) => td.textContent ?? "")]),
  );
  return Object.fromEntries(rows.map(([name, ...cells]) => [name!, cells]));
}

describe("dashboard: goals", () => {
  let server: TestServer;
  let browser: Browser;
  const cliJwt = async (...args: string[]) => (await run(process.execPath, ["bin/aviary.js", "token", "jwt", "--tenant", TENANT, "--dashboard", ...args, "--data-dir", server.dataDir])).stdout.trim();

  before(async () => {
    await ensureDashboardBuilt();
    [server, browser] = await Promise.all([startServer({ project: KIT }), launchChromium()]);
    await post(server, "analytics_events", events());
    await post(server, "analytics_goals", [
      { tenant_id: TENANT, domain: DOMAIN, goal_id: "g-signup", name: "Signup", kind: "event", match: "signup" },
      { tenant_id: TENANT, domain: DOMAIN, goal_id: "g-blog", name: "Blog", kind: "page", match: "/blog/*" },
      { tenant_id: "other", domain: DOMAIN, goal_id: "g-other", name: "Not yours", kind: "page", match: "/**" },
    ]);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("a link that can write: the panel's numbers, then add, edit and delete goals", async () => {
    const { page, context, errors } = await openDashboard(browser, `${server.url}/?${VIEW}&token=${await cliJwt("--write")}`);
    await eventually(async () => assert.deepEqual(await panel(page), { Signup: ["2", "2", "50%"], Blog: ["2", "2", "50%"] }));
    await page.getByTestId("edit-goals").click();
    const editor = page.getByTestId("goal-editor");
    const note = editor.locator(".goal-form-actions .note");
    assert.equal(await note.innerText(), "Counts past events too.", "a blank form is not a mistake yet");
    assert.equal(await editor.getByRole("button", { name: "Add goal" }).isDisabled(), true);
    await editor.getByLabel("Event name").fill("purchase");
    assert.equal(await note.innerText(), "Give the goal a name.", "once typed into, what is missing shows");
    await editor.getByLabel("Name", { exact: true }).fill("Purchase");
    await editor.getByLabel("Revenue property (optional)").fill("amount");
    await editor.getByLabel("Currency").fill("eur");
    await editor.getByRole("button", { name: "Add goal" }).click();
    await editor.getByRole("status").filter({ hasText: "Saved “Purchase”." }).waitFor();
    await eventually(async () => assert.deepEqual((await panel(page)).Purchase, ["1", "1", "25%"]));
    assert.match(await page.locator("[data-testid='goals'] tbody tr", { hasText: "Purchase" }).innerText(), /49[.,]50/);

    await editor.getByRole("button", { name: "Edit Blog" }).click();
    await editor.getByLabel("Name", { exact: true }).fill("Any blog page");
    await editor.getByLabel("Path pattern").fill("/blog/**");
    await editor.getByRole("button", { name: "Save changes" }).click();
    await editor.getByRole("status").filter({ hasText: "Saved “Any blog page”." }).waitFor();
    await editor.getByRole("button", { name: "Delete Signup" }).click();
    await editor.getByRole("status").filter({ hasText: "Deleted “Signup”." }).waitFor();
    await screenshot(page, "goal-editor");
    await editor.getByRole("button", { name: "Close" }).click();
    // The edit applies from now on: the blog visits of an hour ago still count, under the new name.
    await eventually(async () => assert.deepEqual(await panel(page), { "Any blog page": ["2", "2", "50%"], Purchase: ["1", "1", "25%"] }));

    const stored = await fetch(`${server.url}/v0/sql`, { method: "POST", headers: { authorization: `Bearer ${server.adminToken}` }, body: "SELECT DISTINCT tenant_id, domain FROM analytics_goals WHERE goal_id != 'g-other' FORMAT JSON" });
    assert.deepEqual(((await stored.json()) as { data: unknown[] }).data, [{ tenant_id: TENANT, domain: DOMAIN }]);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("a site without goals: the panel says so without asking for the report, and shows the first goal added", async () => {
    const quiet = "quiet";
    const at = new Date(Date.now() - 3_600_000).toISOString();
    await post(server, "analytics_events", ["q1", "q2"].map((session) => ({
      timestamp: at, action: "page_hit", version: "1", session_id: session, tenant_id: quiet, domain: DOMAIN,
      payload: JSON.stringify({ "user-agent": CHROME, locale: "en-US", location: "US", referrer: "", pathname: "/pricing", href: `https://${DOMAIN}/pricing` }),
    })));
    const token = (await run(process.execPath, ["bin/aviary.js", "token", "jwt", "--tenant", quiet, "--dashboard", "--write", "--data-dir", server.dataDir])).stdout.trim();
    const { page, context, errors, pipeRequests } = await openDashboard(browser, `${server.url}/?${VIEW}&token=${token}`);
    await page.locator("[data-testid='goals']", { hasText: "No goals yet" }).waitFor();
    assert.ok(pipeRequests.some((r) => r.pipe === "goal_definitions"));
    assert.equal(pipeRequests.filter((r) => r.pipe === "goals").length, 0, "no goals report while there are no goals");

    await page.getByTestId("edit-goals").click();
    const editor = page.getByTestId("goal-editor");
    await editor.getByLabel("Name", { exact: true }).fill("Pricing");
    await editor.getByLabel("Kind").selectOption("page");
    await editor.getByLabel("Path pattern").fill("/pricing");
    await editor.getByRole("button", { name: "Add goal" }).click();
    await editor.getByRole("status").filter({ hasText: "Saved “Pricing”." }).waitFor();
    await editor.getByRole("button", { name: "Close" }).click();
    await eventually(async () => assert.deepEqual(await panel(page), { Pricing: ["2", "2", "100%"] }));
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("a read-only link shows the goals and no editor", async () => {
    const { page, context, errors } = await openDashboard(browser, `${server.url}/?${VIEW}&token=${await cliJwt()}`);
    await eventually(async () => assert.ok(Object.keys(await panel(page)).includes("Purchase")));
    assert.equal(await page.getByTestId("edit-goals").count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("the admin edits the tenant on screen, and shares a link that can edit goals only when asked", async () => {
    const { page, context } = await openDashboard(browser, `${server.url}/?tenant=${TENANT}&${VIEW}&token=${server.adminToken}`);
    await page.getByTestId("edit-goals").waitFor();
    await page.getByTestId("share-button").click();
    const dialog = page.getByTestId("share-dialog");
    const mint = async () => {
      await dialog.getByRole("button", { name: "Create link" }).click();
      const link = await dialog.getByTestId("share-link").inputValue();
      const token = new URL(link).searchParams.get("token")!;
      const scopes = (JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { scopes: { type: string; resource: string; fixed_params?: object }[] }).scopes;
      return scopes.filter((s) => s.type === "DATASOURCES:APPEND");
    };
    assert.deepEqual(await mint(), []);
    await dialog.getByTestId("share-can-edit").check();
    assert.deepEqual(await mint(), [
      { type: "DATASOURCES:APPEND", resource: "analytics_goals", fixed_params: { tenant_id: TENANT } },
      { type: "DATASOURCES:APPEND", resource: "analytics_funnels", fixed_params: { tenant_id: TENANT } },
    ]);
    await context.close();
  });
});
