/**
 * The Events tab in headless Chromium against a real server, with custom events sent
 * through the Events API as a tracker sends them: the period picker shows on the tab and
 * its range applies to every table (an event of three weeks ago shows only under "Last 30
 * days"), a click on an event shows its properties and a click on a property its values,
 * each table as its endpoint answers, the values' conversions on a goal, the tracker
 * extensions' events under readable names, CSV of the values, and the latest payloads.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { search, type Params } from "../../dashboard/testing/dashboard-fixture.ts";
import { dayIn, eventually, openDashboard, query, screenshot, waitForIdle } from "../../dashboard/testing/dashboard-page.ts";
import { ensureDashboardBuilt } from "../../dashboard/testing/ensure-built.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { USER_AGENTS } from "../helpers/user-agents.ts";
import { launchChromium } from "./helpers/browser.ts";

const TENANT = "events-test";
const DOMAIN = "events.example";
const TZ = "Europe/Madrid";
const HOUR = 3_600_000;

/** A visit: a page view, then custom events a minute apart, `hoursAgo` hours ago. */
function visit(session: string, hoursAgo: number, events: readonly [string, object][], ua: string = USER_AGENTS.windows): object[] {
  const start = Date.now() - hoursAgo * HOUR;
  const envelope = (i: number) => ({ timestamp: new Date(start + i * 60_000).toISOString(), version: "1", session_id: session, tenant_id: TENANT, domain: DOMAIN });
  const payload = { "user-agent": ua, locale: "en-US", location: "ES", referrer: "", pathname: "/", href: `https://${DOMAIN}/` };
  return [
    { ...envelope(0), action: "page_hit", payload: JSON.stringify(payload) },
    ...events.map(([action, props], i) => ({ ...envelope(i + 1), action, payload: JSON.stringify(props) })),
  ];
}

const GOAL = { tenant_id: TENANT, domain: DOMAIN, goal_id: "g-buy", name: "Purchase", kind: "event", match: "purchase" };

const EVENTS = [
  ...visit("pro-1", 3, [["signup", { plan: "pro", seats: 3 }], ["outbound_click", { url: "https://docs.other.example/", pathname: "/" }], ["purchase", { amount: 30 }]]),
  ...visit("pro-2", 5, [["signup", { plan: "pro" }]]),
  ...visit("free", 7, [["signup", { plan: "free", seats: 1 }], ["file_download", { url: `https://${DOMAIN}/a.pdf`, pathname: "/" }]], USER_AGENTS.iphone),
  // Three weeks ago: outside the default "Last 7 days".
  ...visit("old", 21 * 24, [["signup", { plan: "enterprise", region: "eu" }], ["webinar", { topic: "funnels" }]]),
];

interface RenderedRow {
  readonly name: string | null;
  readonly label: string;
  readonly visitors: number;
  readonly events: number;
}

const readTable = (page: Page, table: string): Promise<RenderedRow[]> =>
  page.$$eval(`[data-table='${table}'] tbody tr`, (rows) =>
    rows.map((r) => ({
      name: r.getAttribute("data-name"),
      label: (r.querySelector("td.dimension") as HTMLElement).innerText,
      visitors: Number(r.querySelector("[data-col='visitors']")?.getAttribute("data-value")),
      events: Number(r.querySelector("[data-col='events']")?.getAttribute("data-value")),
    })),
  );

describe("dashboard custom events tab", () => {
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    await ensureDashboardBuilt();
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    const res = await api(server, "/v0/events?name=analytics_events&wait=true", { method: "POST", body: EVENTS.map((e) => JSON.stringify(e)).join("\n") });
    assert.equal(res.status, 200, await res.text());
    const goal = await api(server, "/v0/events?name=analytics_goals&wait=true", { method: "POST", body: JSON.stringify(GOAL) });
    assert.equal(goal.status, 200, await goal.text());
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function pipe(name: string, params: Params): Promise<Record<string, string | number>[]> {
    const res = await api(server, `/v0/pipes/${name}.json?${search({ tenant_id: TENANT, tz: TZ, include_previous_period: true, skip: 0, limit: 100, ...params })}`);
    assert.equal(res.status, 200, await res.clone().text());
    return ((await res.json()) as { data: Record<string, string | number>[] }).data;
  }

  /** The table shows exactly the endpoint's rows, in order. */
  async function assertTable(page: Page, table: string, endpoint: string, column: string, params: Params): Promise<Record<string, string | number>[]> {
    const expected = await pipe(endpoint, params);
    await eventually(async () => assert.deepEqual((await readTable(page, table)).map((r) => [r.name, r.visitors, r.events]), expected.map((r) => [String(r[column]), Number(r.visitors), Number(r.events)]), `${endpoint} rows`));
    return expected;
  }

  it("follows the period, drills from events to properties to values, and keeps the latest payloads", async () => {
    const { page, context, errors, pipeRequests } = await openDashboard(browser, `${server.url}/?tenant=${TENANT}&tab=events&token=${encodeURIComponent(server.adminToken)}`);
    await waitForIdle(page);
    const week = { date_from: dayIn(TZ, -6), date_to: dayIn(TZ, 0) };
    assert.equal(await page.getByRole("group", { name: "Period" }).isVisible(), true, "the period picker shows on the Events tab");

    const events = await assertTable(page, "events", "top_events", "action", week);
    assert.deepEqual(events.map((r) => r.action), ["signup", "file_download", "outbound_click", "purchase"]);
    assert.deepEqual((await readTable(page, "events")).map((r) => r.label), ["signup", "File downloadfile_download", "Outbound link clickoutbound_click", "purchase"]);
    // The first event is chosen until the user picks another: its properties, then its first property's values.
    await assertTable(page, "properties", "event_properties", "property", { ...week, event: "signup" });
    assert.deepEqual((await assertTable(page, "values", "top_event_property_values", "value", { ...week, event: "signup", property: "plan" })).map((r) => [r.value, r.visitors]), [["pro", 2], ["free", 1]]);
    // Measured against a goal: each value's visitors who also purchased.
    await page.getByTestId("event-goal").selectOption({ label: "Purchase (events.example)" });
    const converted = await assertTable(page, "values", "top_event_property_values", "value", { ...week, event: "signup", property: "plan", goal: "g-buy" });
    const conversions = (c: string) => page.$$eval(`[data-table='values'] tbody tr [data-col='${c}']`, (cells) => cells.map((td) => Number(td.getAttribute("data-value"))));
    assert.deepEqual(await conversions("conversions"), [1, 0]);
    assert.deepEqual(await conversions("conversion_rate"), converted.map((r) => Number(r.conversion_rate)));
    await page.getByTestId("event-goal").selectOption({ label: "no goal" });

    await page.locator("[data-table='properties'] tr[data-name='seats'] .row-filter").click();
    await assertTable(page, "values", "top_event_property_values", "value", { ...week, event: "signup", property: "seats" });
    await page.locator("[data-table='events'] tr[data-name='outbound_click'] .row-filter").click();
    assert.deepEqual((await assertTable(page, "properties", "event_properties", "property", { ...week, event: "outbound_click" })).map((r) => r.property), ["pathname", "url"]);
    await assertTable(page, "values", "top_event_property_values", "value", { ...week, event: "outbound_click", property: "pathname" });
    await page.locator("[data-table='properties'] tr[data-name='url'] .row-filter").click();
    await assertTable(page, "values", "top_event_property_values", "value", { ...week, event: "outbound_click", property: "url" });
    assert.equal(await page.getByRole("heading", { name: "Outbound link click: url" }).count(), 1);
    // The choice is in the URL: a reload (or a shared link) shows the same breakdown.
    assert.deepEqual([query(page).get("event"), query(page).get("property")], ["outbound_click", "url"]);
    await page.reload();
    await assertTable(page, "values", "top_event_property_values", "value", { ...week, event: "outbound_click", property: "url" });
    await waitForIdle(page);
    await screenshot(page, "custom-events");

    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("[data-testid='event-property-values']").getByRole("button", { name: /CSV/ }).click()]);
    assert.equal(download.suggestedFilename(), `top_event_property_values-outbound_click-url-${week.date_from}-${week.date_to}.csv`);
    const csv = await readFile((await download.path())!, "utf8");
    assert.equal(csv.split("\n")[1], `"https://docs.other.example/",1,1,0,0,100,100`);

    // The period applies: three weeks back, the old visit's events and values appear.
    await page.getByRole("group", { name: "Period" }).getByRole("button", { name: "Last 30 days" }).click();
    assert.equal(query(page).get("range"), "30d");
    const month = { date_from: dayIn(TZ, -29), date_to: dayIn(TZ, 0) };
    const monthEvents = await assertTable(page, "events", "top_events", "action", month);
    assert.ok(monthEvents.some((r) => r.action === "webinar"), "an event of three weeks ago shows in the last 30 days");
    await page.locator("[data-table='events'] tr[data-name='signup'] .row-filter").click();
    const plans = await assertTable(page, "values", "top_event_property_values", "value", { ...month, event: "signup", property: "plan" });
    assert.deepEqual(plans.map((r) => r.value), ["pro", "enterprise", "free"]);
    await waitForIdle(page);
    for (const r of pipeRequests.filter((q) => ["top_events", "event_properties", "top_event_property_values"].includes(q.pipe))) {
      assert.ok([week.date_from, month.date_from].includes(r.params.date_from!), `${r.pipe} asks for the period on screen`);
    }

    // The latest payload of each event, all time, as before.
    assert.ok((await page.locator("[data-testid='events-table'] tr[data-action='webinar']").count()) === 1, "latest payloads list every custom event");
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("applies the filters and the comparison in the URL to every table", async () => {
    const { page, context, errors, pipeRequests } = await openDashboard(browser, `${server.url}/?tenant=${TENANT}&tab=events&device=mobile-ios&compare=off&token=${encodeURIComponent(server.adminToken)}`);
    await waitForIdle(page);
    const week = { date_from: dayIn(TZ, -6), date_to: dayIn(TZ, 0), device: "mobile-ios", include_previous_period: false };
    assert.deepEqual((await assertTable(page, "events", "top_events", "action", week)).map((r) => r.action), ["file_download", "signup"]);
    assert.deepEqual((await assertTable(page, "values", "top_event_property_values", "value", { ...week, event: "file_download", property: "pathname" })).map((r) => r.value), ["/"]);
    assert.equal(await page.locator("[data-table='events'] th.delta").count(), 0, "no change column without a comparison");
    for (const r of pipeRequests.filter((q) => ["top_events", "event_properties", "top_event_property_values"].includes(q.pipe))) {
      assert.equal(r.params.device, "mobile-ios", `${r.pipe} gets the filter`);
      assert.equal(r.params.include_previous_period, undefined, `${r.pipe} asks for no comparison`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
});
