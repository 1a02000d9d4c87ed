/**
 * `goals` and `goal_definitions` against the reference (reference-goals.ts) computed from
 * the very events and goal versions sent: versions (the first applies to all history, an
 * edit only from its write on, a deleted goal leaves every period), event and page goals
 * (`*` within a segment, `**` across, regex characters literal), revenue by currency,
 * tenant/domain scoping, filters, bots, periods and the previous one. And, without the
 * reference: an edit made now leaves earlier counts as they were.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { FlockEvent } from "../../src/seed/generate.ts";
import { checker } from "./check.ts";
import { buildDataset } from "./dataset.ts";
import { startKitServer, type KitServer } from "./kit-server.ts";
import * as ref from "./reference.ts";
import { goalDefinitions, goals, type GoalRow } from "./reference-goals.ts";
import { addDays, localDate } from "./tz.ts";

const NOW = Date.now();
const DAY = 86_400_000;
const today = localDate(Math.floor(NOW / 1000), "UTC");
const day = (offset: number) => addDays(today, offset);

const base = buildDataset(NOW).events;
const baseHits = ref.hitsOf(ref.store(base));

/** Custom events in real visits of customer-1.com: purchases with amounts and currencies, a bot's, one naming no domain. */
function extraEvents(): FlockEvent[] {
  const humans = baseHits.filter((h) => h.tenant === "customer-1" && h.domain === "customer-1.com" && h.device !== "bot" && h.ts * 1000 > NOW - 30 * DAY);
  const bot = baseHits.find((h) => h.tenant === "customer-1" && h.domain === "customer-1.com" && h.device === "bot" && h.ts * 1000 > NOW - 5 * DAY);
  const sessions = [...new Map(humans.map((h) => [h.session, h])).values()].filter((_, i) => i % 5 === 0);
  const amounts: Record<string, unknown>[] = [{ amount: 19.99, currency: "EUR" }, { amount: "5.01" }, { amount: "12", currency: "usd" }, { amount: "abc" }, { amount: 7, currency: "eur" }, { amount: "-2.5" }];
  const event = (h: ref.Hit, action: string, payload: Record<string, unknown>, domain = "customer-1.com"): FlockEvent => ({
    timestamp: new Date((h.ts + 1) * 1000).toISOString(), action, version: "1", session_id: h.session, tenant_id: h.tenant, domain, payload: JSON.stringify(payload),
  });
  const purchases = sessions.map((h, i) => event(h, "purchase", amounts[i % amounts.length]!));
  const noDomain = sessions.slice(0, 3).map((h) => event(h, "signup", { plan: "pro" }, ""));
  // Two segments deep: `/blog/*` does not match these, `/blog/**` does.
  const deep = sessions.slice(3).filter((_, i) => i % 2 === 0).map((h) => {
    const payload = { ...(JSON.parse(h.payloadText) as Record<string, unknown>), pathname: "/blog/archive/2024", href: "https://customer-1.com/blog/archive/2024" };
    return { ...event(h, "page_hit", payload), domain: "" };
  });
  // A session with no page view is no visit: its conversion does not count.
  const pageless = { ...event(sessions[0]!, "signup", {}), session_id: "no-page-views" };
  return [...purchases, ...noDomain, ...deep, pageless, ...(bot ? [event(bot, "purchase", { amount: 1000 }), event(bot, "signup", {})] : [])];
}

const events = [...base, ...extraEvents()];
const stored = ref.store(events);
const hits = ref.hitsOf(stored);

function row(tenant: string, domain: string, goalId: string, daysAgo: number, fields: Partial<GoalRow>): GoalRow {
  return { tenant_id: tenant, domain, goal_id: goalId, name: goalId, kind: "event", match: "", revenue_property: "", currency: "", deleted: 0, updated_at: NOW - daysAgo * DAY, ...fields };
}

const GOALS: GoalRow[] = [
  row("customer-1", "customer-1.com", "g-signup", 40, { name: "Signup", match: "signup" }),
  row("customer-1", "customer-1.com", "g-blog", 30, { name: "Blog post", kind: "page", match: "/blog/*" }),
  row("customer-1", "customer-1.com", "g-blog", 8, { name: "Blog (all)", kind: "page", match: "/blog/**" }),
  row("customer-1", "customer-1.com", "g-docs-group", 30, { kind: "page", match: "/docs/guide-(1)" }),
  row("customer-1", "customer-1.com", "g-docs-1", 30, { kind: "page", match: "/docs/guide-1*" }),
  row("customer-1", "customer-1.com", "g-purchase", 30, { name: "Purchase", match: "purchase", revenue_property: "amount", currency: "eur" }),
  row("customer-1", "customer-1.com", "g-pricing", 20, { kind: "page", match: "/pricing" }),
  row("customer-1", "customer-1.com", "g-pricing", 2, { kind: "page", match: "/pricing", deleted: 1 }),
  row("customer-1", "customer-1.com", "g-edited", 25, { match: "click" }),
  row("customer-1", "customer-1.com", "g-edited", 6, { match: "download" }),
  row("customer-1", "customer-1.com", "g-edited", 3, { name: "Downloads", match: "download" }),
  row("customer-1", "customer-1.com", "g-builtin", 30, { match: "page_hit" }),
  row("customer-1", "customer-1.com", "g-unknown-kind", 30, { kind: "funnel", match: "/" }),
  row("customer-1", "app.customer-1.com", "g-signup", 30, { name: "Any page", kind: "page", match: "/**" }),
  row("customer-2", "customer-2.com", "g-signup", 30, { name: "Signup", match: "signup" }),
  row("customer-2", "customer-2.com", "g-home", 30, { name: "Home", kind: "page", match: "/" }),
  // A page goal with a revenue property: customer-2's page goals read raw page hits (their payload holds the amount).
  row("customer-2", "customer-2.com", "g-wide", 30, { name: "Screen widths", kind: "page", match: "/**", revenue_property: "screen_width" }),
];

let server: KitServer;
const check = checker(() => server);

async function writeGoals(rows: readonly GoalRow[]): Promise<void> {
  const body = rows.map((r) => JSON.stringify({ ...r, updated_at: new Date(r.updated_at).toISOString() })).join("\n");
  const res = await fetch(`${server.url}/v0/events?name=analytics_goals&wait=true`, { method: "POST", headers: { authorization: `Bearer ${server.token}` }, body });
  assert.equal(res.status, 200, await res.text());
}

const SCOPES: ref.Params[] = [{ tenant_id: "customer-1" }, { tenant_id: "customer-1", domain: "customer-1.com" }, { tenant_id: "customer-2" }, { domain: "customer-1.com" }];
const PERIODS: ref.Params[] = [
  {},
  { date_from: day(-20), date_to: day(0), include_previous_period: "true" },
  { date_from: day(-10), date_to: day(-4), include_previous_period: "true" },
  { date_from: day(-9), date_to: day(-1), tz: "Asia/Kolkata" },
  { date_from: day(-34), date_to: day(-31) },
  { date_from: day(-6), date_to: day(0), include_previous_period: "true", compare: "year" },
];
const FILTERS: ref.Params[] = [{ pathname: "/pricing" }, { device: "mobile-ios" }, { browser: "chrome" }, { entry_page: "/" }, { include_bots: "true" }, { skip: "1", limit: "3" }];

describe("goals against the reference", () => {
  before(async () => {
    server = await startKitServer();
    await server.ingest(events);
    await writeGoals(GOALS);
  });
  after(() => server.stop());

  it("goal_definitions: current versions only, deleted and unknown kinds left out", async () => {
    for (const scope of [{}, ...SCOPES]) await check("goal_definitions", scope, () => goalDefinitions(GOALS, scope));
    const names = (await server.query("goal_definitions", { tenant_id: "customer-1", domain: "customer-1.com" })).map((r) => `${r.goal_id}:${r.name}:${r.versions}`);
    assert.deepEqual(names, ["g-blog:Blog (all):2", "g-edited:Downloads:3", "g-purchase:Purchase:1", "g-signup:Signup:1", "g-builtin:g-builtin:1", "g-docs-1:g-docs-1:1", "g-docs-group:g-docs-group:1"]);
  });

  it("goals: every scope and period", async () => {
    for (const scope of SCOPES) for (const period of PERIODS) await check("goals", { ...scope, ...period }, (now) => goals(stored, hits, GOALS, { ...scope, ...period }, now));
  });

  it("goals: filters, bots and paging", async () => {
    for (const filter of FILTERS) {
      for (const period of [PERIODS[1]!, PERIODS[3]!]) {
        const params = { tenant_id: "customer-1", ...period, ...filter };
        await check("goals", params, (now) => goals(stored, hits, GOALS, params, now));
      }
    }
  });

  it("the data makes the comparisons mean something", () => {
    const month = goals(stored, hits, GOALS, { tenant_id: "customer-1", date_from: day(-29), date_to: day(0), include_bots: "true" }, NOW / 1000);
    const by = (id: string, domain = "customer-1.com") => month.find((r) => r.goal_id === id && r.domain === domain)!;
    assert.ok(Number(by("g-blog").uniques) > 0 && Number(by("g-docs-1").uniques) > 0 && Number(by("g-signup").uniques) > 0);
    assert.equal(by("g-docs-group").uniques, 0, "regex characters in a pattern are literal");
    assert.equal(by("g-builtin").uniques, 0, "an event goal never matches page hits");
    assert.ok(Number(by("g-purchase").revenue) > 0 && Number(by("g-edited").total) > 0);
    assert.equal(by("g-pricing"), undefined);
    const priced = goals(stored, hits, GOALS, { tenant_id: "customer-2", date_from: day(-29), date_to: day(0) }, NOW / 1000);
    assert.ok(Number(priced.find((r) => r.goal_id === "g-wide")?.revenue) > 0, "a page goal's revenue comes from its page hits' payload");
    const early = goals(stored, hits, GOALS, { tenant_id: "customer-1", date_from: day(-34), date_to: day(-31) }, NOW / 1000);
    assert.ok(Number(early.find((r) => r.goal_id === "g-blog")?.uniques) > 0, "a goal's first version counts earlier events");
  });

  it("an edit made now leaves earlier counts as they were; a delete removes the goal", async () => {
    const params = { tenant_id: "customer-1", domain: "customer-1.com", date_from: day(-20), date_to: day(-1) };
    const before = await server.query("goals", params);
    const blog = before.find((r) => r.goal_id === "g-blog")!;
    assert.ok(Number(blog.uniques) > 0);
    await writeGoals([row("customer-1", "customer-1.com", "g-blog", 0, { name: "Nothing", kind: "page", match: "/nowhere" })]);
    const after = await server.query("goals", params);
    assert.deepEqual(after.find((r) => r.goal_id === "g-blog"), { ...blog, name: "Nothing", match: "/nowhere" });
    await writeGoals([row("customer-1", "customer-1.com", "g-blog", -0.0001, { name: "Nothing", kind: "page", match: "/nowhere", deleted: 1 })]);
    const deleted = await server.query("goals", params);
    assert.deepEqual(deleted.map((r) => r.goal_id).sort(), before.map((r) => r.goal_id).filter((id) => id !== "g-blog").sort());
  });
});
