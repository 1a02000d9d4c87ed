/**
 * The custom-event reports (top_events, event_properties, top_event_property_values with
 * and without a goal) against the reference computed in TypeScript from the events sent:
 * scopes, periods and the previous one, time zones, paging, page-view and visit filters,
 * bots, payloads that are no object, nested values; once after many small inserts and
 * once after OPTIMIZE … FINAL. Then the required parameters, and a few values pinned by hand.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { checker } from "./check.ts";
import { classifiedHits } from "./classified-hits.ts";
import { GOAL_ROWS, GOALS, buildEventDataset } from "./event-dataset.ts";
import { startKitServer, type KitServer } from "./kit-server.ts";
import * as ref from "./reference.ts";
import * as eref from "./reference-events.ts";
import { type VisitFilter, visitValue, visitsIn } from "./reference-visit-model.ts";
import { addDays, localDate } from "./tz.ts";

const NOW = Date.now();
const events = buildEventDataset(NOW);
const stored = ref.store(events);
// Filled in with the kit's own classifications once the events are in (classified-hits.ts).
let hits = ref.hitsOf(stored);
const today = localDate(Math.floor(NOW / 1000), "UTC");
const day = (offset: number) => addDays(today, offset);

let server: KitServer;
const checkRows = checker(() => server);

function expected(pipe: string, params: ref.Params, now: number): ref.Row[] {
  if (pipe === "top_events") return eref.topEvents(stored, hits, params, now);
  if (pipe === "event_properties") return eref.eventProperties(stored, hits, params, now);
  return eref.topEventPropertyValues(stored, hits, GOALS, params, now);
}

/** Checks and returns how many rows the reference expects. */
async function check(pipe: string, params: ref.Params): Promise<number> {
  await checkRows(pipe, params, (now) => expected(pipe, params, now));
  return expected(pipe, params, Math.floor(Date.now() / 1000)).length;
}

const SCOPES: ref.Params[] = [{}, { tenant_id: "shop" }, { tenant_id: "shop", domain: "shop.example" }, { tenant_id: "customer-1" }, { tenant_id: "customer-2", domain: "customer-2.com" }];

const PERIODS: ref.Params[] = [
  {},
  { date_from: day(-7), date_to: today, include_previous_period: "true" },
  { date_from: day(-2), date_to: day(-1), include_previous_period: "true", compare: "year" },
  // Kathmandu's midnight splits visit "kathmandu" (its page view one day, its signup the next).
  { date_from: day(-2), date_to: day(-2), tz: "Asia/Kathmandu", include_previous_period: "true" },
  { date_from: day(-15), date_to: today, skip: "1", limit: "3" },
  { date_from: day(-15), date_to: today, include_bots: "true" },
];

/** Per event, the properties to break down (generated traffic's and the hand-made ones). */
const BREAKDOWNS: readonly [string, string][] = [
  ["signup", "plan"], ["signup", "seats"], ["signup", "trial"], ["signup", "meta"], ["signup", "tenant_id"], ["signup", "missing"],
  ["click", "element"], ["add_to_cart", "quantity"], ["add_to_cart", "sku"], ["outbound_click", "url"],
];

async function checkReports(): Promise<void> {
  let nonEmpty = 0;
  for (const scope of SCOPES) {
    for (const period of PERIODS) {
      const params = { ...scope, ...period };
      if ((await check("top_events", params)) > 0) nonEmpty++;
      for (const event of ["signup", "click", "add_to_cart", "not_found"]) await check("event_properties", { ...params, event });
      for (const [event, property] of BREAKDOWNS) await check("top_event_property_values", { ...params, event, property });
    }
  }
  assert.ok(nonEmpty >= SCOPES.length * PERIODS.length * 0.7, `the reports have data (${nonEmpty} non-empty)`);
}

/** The most common non-empty value of a visit filter among a tenant's visits of the last 15 days. */
function visitValueOf(key: VisitFilter, tenant: string): string {
  const counts = new Map<string, number>();
  for (const v of visitsIn(hits.filter((h) => h.tenant === tenant), { from: Math.floor(NOW / 1000) - 15 * 86400, to: Infinity })) {
    const value = visitValue(v, key);
    if (value !== "") counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || ref.compare(a[0], b[0]))[0]![0];
}

async function checkFilters(): Promise<void> {
  const wide = { date_from: day(-15), date_to: today, include_previous_period: "true" };
  const runs: [ref.Params, ref.Params[]][] = [
    [{ tenant_id: "shop" }, [{ pathname: "/pricing" }, { device: "mobile-ios" }, { browser: "chrome" }, { location: "US" }, { referrer: "" }, { device: "bot", include_bots: "true" }, { pathname: "/pricing", tz: "Asia/Kathmandu" }]],
    [{ tenant_id: "customer-1" }, [
      { referrer: visitValueOf("referrer", "customer-1") }, { channel: visitValueOf("channel", "customer-1") }, { os: visitValueOf("os", "customer-1") },
      { entry_page: visitValueOf("entry_page", "customer-1") }, { device: "desktop", screen: visitValueOf("screen", "customer-1") },
    ]],
  ];
  let nonEmpty = 0;
  for (const [scope, filters] of runs) {
    for (const filter of filters) {
      const params = { ...scope, ...wide, ...filter };
      if ((await check("top_events", params)) > 0) nonEmpty++;
      await check("event_properties", { ...params, event: "signup" });
      await check("top_event_property_values", { ...params, event: "signup", property: "plan" });
      await check("top_event_property_values", { ...params, event: "click", property: "element" });
    }
  }
  assert.ok(nonEmpty >= 9, `the filters select data (${nonEmpty} non-empty)`);
}

async function checkGoals(): Promise<void> {
  for (const goal of ["g-purchase", "g-thanks", "no-such-goal"]) {
    for (const params of [{ tenant_id: "shop" }, { tenant_id: "shop", domain: "shop.example", date_from: day(-9), date_to: today, include_previous_period: "true" }, { tenant_id: "shop", pathname: "/pricing" }, { tenant_id: "shop", include_bots: "true" }]) {
      await check("top_event_property_values", { ...params, event: "signup", property: "plan", goal });
    }
  }
}

describe("custom event reports", () => {
  before(async () => {
    server = await startKitServer();
    let i = 0;
    let size = 1;
    while (i < events.length) {
      await server.ingest(events.slice(i, i + size));
      i += size;
      size = (size * 5 + 11) % 300 + 1;
    }
    const res = await fetch(`${server.url}/v0/events?name=analytics_goals&wait=true`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.token}` },
      body: GOAL_ROWS.map((g) => JSON.stringify(g)).join("\n"),
    });
    assert.equal(res.status, 200, await res.text());
    hits = await classifiedHits(server, hits);
  });
  after(() => server?.stop());

  it("match the reference after many small inserts", async () => {
    await checkReports();
    await checkFilters();
    await checkGoals();
  });

  it("match the reference after OPTIMIZE … FINAL", async () => {
    await server.optimize();
    await checkReports();
    await checkFilters();
    await checkGoals();
  });

  it("read values as written, count no built-in action, and leave a bot's events out", async () => {
    const shop = { tenant_id: "shop", date_from: day(-15), date_to: today };
    const actions = (await server.query("top_events", shop)).map((r) => r.action);
    assert.deepEqual([...actions].sort(), ["file_download", "not_found", "outbound_click", "purchase", "signup"]);
    const plans = await server.query("top_event_property_values", { ...shop, event: "signup", property: "plan" });
    assert.deepEqual(plans.map((r) => [r.value, r.visitors, r.events]), [
      ["pro", 3, 3], ["free", 1, 2], ["-2", 1, 1], ['["a",1,null]', 1, 1], ["api", 1, 1], ["null", 1, 1], ["team", 1, 1], ['{"nested":{"deep":true}}', 1, 1], ['é "quoted" 😀', 1, 1],
    ]);
    const withBots = await server.query("top_event_property_values", { ...shop, event: "signup", property: "plan", include_bots: "true" });
    assert.ok(withBots.some((r) => r.value === "bot"));
    const converted = await server.query("top_event_property_values", { ...shop, event: "signup", property: "plan", goal: "g-purchase", limit: "2" });
    assert.deepEqual(converted.map((r) => [r.value, r.conversions, r.conversion_rate]), [["pro", 2, 2 / 3], ["free", 0, 0]]);
  });

  it("refuses a request without its event or property (400, naming them)", async () => {
    const missing = (names: string) => `Template Syntax Error: Required parameter is not defined. Check the parameters ${names}. Please provide a value or set a default value in the pipe code.`;
    for (const [pipe, params, names] of [
      ["event_properties", {}, "event"],
      ["top_event_property_values", { property: "plan" }, "event"],
      ["top_event_property_values", { event: "signup" }, "property"],
    ] as const) {
      const res = await server.fetchPipe(pipe, params);
      assert.equal(res.status, 400, `${pipe} ${JSON.stringify(params)}`);
      assert.equal(((await res.json()) as { error: string }).error, missing(names));
    }
  });
});
