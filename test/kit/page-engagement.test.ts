/**
 * page_engagement against the reference computed in TypeScript from the events sent
 * (reference-engagement.ts): scopes, periods and the previous one, a time zone, paging,
 * page-view filters, bots, a tag without data-domain, hostile payloads; once after small
 * inserts and once after OPTIMIZE … FINAL. Then a few values pinned by hand.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { checker } from "./check.ts";
import { buildEngagementDataset } from "./engagement-dataset.ts";
import { startKitServer, type KitServer } from "./kit-server.ts";
import * as ref from "./reference.ts";
import { pageEngagement } from "./reference-engagement.ts";
import { addDays, localDate } from "./tz.ts";

const NOW = Date.now();
const events = buildEngagementDataset(NOW);
const stored = ref.store(events);
const hits = ref.hitsOf(stored);
const today = localDate(Math.floor(NOW / 1000), "UTC");
const day = (offset: number) => addDays(today, offset);

let server: KitServer;
const checkRows = checker(() => server);

async function check(params: ref.Params): Promise<number> {
  await checkRows("page_engagement", params, (now) => pageEngagement(stored, hits, params, now));
  return pageEngagement(stored, hits, params, Math.floor(Date.now() / 1000)).length;
}

const SCOPES: ref.Params[] = [{}, { tenant_id: "shop" }, { tenant_id: "shop", domain: "shop.example" }, { tenant_id: "blog", domain: "blog.example" }];

const PERIODS: ref.Params[] = [
  {},
  { date_from: day(-7), date_to: today, include_previous_period: "true" },
  { date_from: day(-3), date_to: day(-1), include_previous_period: "true", compare: "year" },
  { date_from: day(-1), date_to: day(-1), tz: "Asia/Kathmandu", include_previous_period: "true" },
  { date_from: day(-9), date_to: today, skip: "1", limit: "2" },
  { date_from: day(-9), date_to: today, include_bots: "true" },
];

const FILTERS: ref.Params[] = [{ pathname: "/pricing" }, { pathname: "/docs", include_previous_period: "true" }, { device: "mobile-ios" }, { browser: "chrome" }, { location: "US" }, { device: "bot", include_bots: "true" }];

async function checkAll(): Promise<void> {
  let nonEmpty = 0;
  for (const scope of SCOPES) for (const period of PERIODS) if ((await check({ ...scope, ...period })) > 0) nonEmpty++;
  assert.ok(nonEmpty >= SCOPES.length * PERIODS.length * 0.6, `the report has data (${nonEmpty} non-empty)`);
  for (const filter of FILTERS) assert.ok((await check({ tenant_id: "shop", date_from: day(-9), date_to: today, ...filter })) > 0, JSON.stringify(filter));
}

describe("page_engagement", () => {
  before(async () => {
    server = await startKitServer();
    for (let i = 0; i < events.length; i += 7) await server.ingest(events.slice(i, i + 7));
  });
  after(() => server?.stop());

  it("matches the reference after many small inserts", checkAll);

  it("matches the reference after OPTIMIZE … FINAL", async () => {
    await server.optimize();
    await checkAll();
  });

  it("bounds hostile values, drops what measured nothing, and counts only views in scope", async () => {
    const rows = await server.query("page_engagement", { tenant_id: "shop", date_from: day(-2), date_to: day(-1) });
    const byPath = new Map(rows.map((r) => [String(r.pathname).slice(0, 12), r]));
    // 150 → 100 and 1e300 ms → 30 min; -5 and -20 → 0; 1,800,001 ms → 30 min; text, booleans, arrays and 1e400 dropped.
    assert.deepEqual(byPath.get("/hostile"), { pathname: "/hostile", visitors: 1, scroll_depth: 33.3, time_on_page: 1200 });
    // Cut at 2,048 characters, as the kit cuts URLs.
    const long = rows.find((r) => String(r.pathname).startsWith("/é"));
    assert.equal([...String(long?.pathname)].length, 2048);
    // reader and phone; the crawler is a bot, "no-view" has no page view.
    assert.deepEqual(byPath.get("/pricing"), { pathname: "/pricing", visitors: 2, scroll_depth: 60.3, time_on_page: 16.3 });
    // reader's view of the shop, and its engagement sent under another domain (no domain asked for).
    assert.deepEqual(byPath.get("/docs"), { pathname: "/docs", visitors: 1, scroll_depth: 60, time_on_page: 2 });
    const shopOnly = await server.query("page_engagement", { tenant_id: "shop", domain: "shop.example", date_from: day(-1), date_to: day(-1), pathname: "/docs" });
    assert.deepEqual(shopOnly, [{ pathname: "/docs", visitors: 1, scroll_depth: 100, time_on_page: 3 }]);
    // A tag without data-domain: its session's page views name the domain.
    const root = await server.query("page_engagement", { tenant_id: "shop", domain: "shop.example", date_from: day(-1), date_to: day(-1), pathname: "/" });
    assert.deepEqual(root, [{ pathname: "/", visitors: 1, scroll_depth: 55, time_on_page: 7 }]);
  });
});
