/**
 * The hand-made visits of visit-dataset.ts, read with values worked out by hand: exit and
 * bounce rates, visits across a period's start in UTC, Kathmandu and Kolkata, campaign
 * values decoded, places from the address lookup, one session id in two tenants, and bots
 * left out unless asked for. Source names are the kit's (taken from its classification).
 */
import assert from "node:assert/strict";
import { assertRanked, assertRows } from "./compare.ts";
import type { KitServer } from "./kit-server.ts";
import type { Hit, Params, Row } from "./reference.ts";
import { addDays, localDate } from "./tz.ts";

const entry = (entry_page: string, visits: number, hits: number, bounce_rate: number) => ({ entry_page, visits, hits, bounce_rate });
const exit = (exit_page: string, visits: number, hits: number, exit_rate: number) => ({ exit_page, visits, hits, exit_rate });

export async function checkHandMade(server: KitServer, hits: readonly Hit[]): Promise<void> {
  const day = (offset: number) => addDays(localDate(Math.floor(Date.now() / 1000), "UTC"), offset);
  const on = (offset: number, extra: Params = {}) => ({ date_from: day(offset), date_to: day(offset), ...extra });
  const expect = async (pipe: string, params: Params, rows: Row[]) => {
    const what = `${pipe} ${JSON.stringify(params)}`;
    (pipe === "top_cities" ? assertRanked : assertRows)(await server.query(pipe, params), rows, what);
  };
  const tiny = { tenant_id: "tiny", ...on(-1) };
  // t1 /a→/b→/c, t2 /a, t3 /b→/a, t4 /a→/b; the bot t5 /c.
  await expect("top_exit_pages", tiny, [exit("/a", 2, 4, 0.5), exit("/b", 1, 3, 1 / 3), exit("/c", 1, 1, 1)]);
  await expect("top_exit_pages", { ...tiny, include_bots: "true" }, [exit("/a", 2, 4, 0.5), exit("/c", 2, 2, 1), exit("/b", 1, 3, 1 / 3)]);
  await expect("top_entry_pages", tiny, [entry("/a", 3, 6, 1 / 3), entry("/b", 1, 2, 0)]);
  await expect("top_entry_pages", { ...tiny, include_bots: "true" }, [entry("/a", 3, 6, 1 / 3), entry("/b", 1, 2, 0), entry("/c", 1, 1, 1)]);
  await expect("top_pages", { ...tiny, exit_page: "/a" }, [{ pathname: "/a", visits: 2, hits: 2 }, { pathname: "/b", visits: 1, hits: 1 }]);
  await expect("top_devices", { ...tiny, include_bots: "true", device: "bot" }, [{ device: "bot", visits: 1, hits: 1 }]);
  await expect("top_devices", { ...tiny, device: "bot" }, []);
  await expect("top_devices", { ...tiny, device: "bot", include_bots: "1" }, []);

  const acme = { tenant_id: "acme" };
  // hm-cross-utc: /features at 23:50, then /pricing and /bye after midnight.
  await expect("top_entry_pages", { ...acme, ...on(-2) }, [entry("/", 1, 3, 0), entry("/pricing", 1, 2, 0)]);
  await expect("top_entry_pages", { ...acme, date_from: day(-3), date_to: day(-2) }, [entry("/", 1, 3, 0), entry("/features", 1, 3, 0)]);
  await expect("top_exit_pages", { ...acme, ...on(-2) }, [exit("/blog/post-1", 1, 1, 1), exit("/bye", 1, 1, 1)]);
  for (const [pipe, column, value] of [["top_utm_sources", "utm_source", "newsletter"], ["top_utm_mediums", "utm_medium", "email"], ["top_utm_campaigns", "utm_campaign", "Spring Sale"], ["top_utm_terms", "utm_term", "web analytics"], ["top_utm_contents", "utm_content", "cta-button"]] as const) {
    await expect(pipe, { ...acme, ...on(-2) }, [{ [column]: value, visits: 1, hits: 3 }]);
  }
  // Yesterday: hm-google (3 views), two Londons, hm-tz-only, hm-bad-country, hm-shared's acme view; the bot hm-bot.
  await expect("top_entry_pages", { ...acme, ...on(-1) }, [entry("/pricing", 3, 5, 2 / 3), entry("/es", 1, 2, 0), entry("/landing-a", 1, 1, 1), entry("/pt", 1, 1, 1)]);
  await expect("top_entry_pages", { ...acme, ...on(-1), include_bots: "true" }, [entry("/pricing", 4, 7, 0.5), entry("/es", 1, 2, 0), entry("/landing-a", 1, 1, 1), entry("/pt", 1, 1, 1)]);
  await expect("top_exit_pages", { ...acme, ...on(-1) }, [exit("/pricing", 2, 3, 2 / 3), exit("/es/precios", 1, 1, 1), exit("/landing-a", 1, 1, 1), exit("/pt", 1, 1, 1), exit("/signup", 1, 1, 1)]);
  const region = (name: string, hitCount: number, location: string) => ({ region: name, visits: 1, hits: hitCount, location });
  await expect("top_regions", { ...acme, ...on(-1) }, [region("Bavaria", 3, "DE"), region("California", 1, "US"), region("England", 1, "GB"), region("Ontario", 1, "CA")]);
  const city = (name: string, hitCount: number, regionName: string, location: string) => ({ city: name, visits: 1, hits: hitCount, region: regionName, location });
  await expect("top_cities", { ...acme, ...on(-1) }, [city("Munich", 3, "Bavaria", "DE"), city("London", 1, "England", "GB"), city("London", 1, "Ontario", "CA"), city("San Francisco", 1, "California", "US")]);
  const country = (location: string, visits: number, hitCount: number) => ({ location, visits, hits: hitCount });
  await expect("top_locations", { ...acme, ...on(-1) }, [country("DE", 1, 3), country("ES", 1, 2), country("BR", 1, 1), country("CA", 1, 1), country("GB", 1, 1), country("US", 1, 1)]);
  // One session id in two tenants: each sees its own first page view.
  await expect("top_entry_pages", { tenant_id: "other", ...on(-1) }, [entry("/landing-b", 1, 1, 1), entry("/pricing", 1, 1, 1)]);

  // The source of the bot's visit (tagged utm_source=spam) shows only with include_bots=true.
  const sourceOf = (session: string) => hits.find((h) => h.session === session)!.source;
  const sources = await server.query("top_sources", { ...acme, ...on(-1) });
  const withBots = await server.query("top_sources", { ...acme, ...on(-1), include_bots: "true" });
  assert.deepEqual(sources.find((r) => r.referrer === sourceOf("hm-google")), { referrer: sourceOf("hm-google"), visits: 1, hits: 3 });
  assert.ok(!sources.some((r) => r.referrer === sourceOf("hm-bot")) && withBots.some((r) => r.referrer === sourceOf("hm-bot")), "the bot's source only with include_bots");
  const total = (rows: Row[]) => rows.reduce((a, r) => a + Number(r.visits), 0);
  assert.equal(total(withBots), total(sources) + 1, "one bot visit yesterday");

  // Kathmandu's day starts at 18:15 UTC: hm-cross-kathmandu lands on /login at 23:50 local, then /home after midnight.
  const shop = { tenant_id: "acme", domain: "shop.acme.example", tz: "Asia/Kathmandu" };
  await expect("top_entry_pages", { ...shop, ...on(-4) }, [entry("/login", 1, 1, 1)]);
  await expect("top_entry_pages", { ...shop, ...on(-3) }, [entry("/home", 1, 2, 0)]);
  await expect("top_utm_sources", { ...shop, date_from: day(-4), date_to: day(-3) }, [{ utm_source: "partner-7", visits: 1, hits: 3 }]);
  await expect("top_utm_sources", { ...shop, ...on(-3) }, []);
  // Kolkata's at 18:30 UTC: hm-cross-kolkata's /x is the day before, /y the day itself.
  const growth = { previous_visits: 0, previous_hits: 0, visits_growth_percentage: 100, hits_growth_percentage: 100 };
  await expect("top_entry_pages", { tenant_id: "other", tz: "Asia/Kolkata", ...on(-4), include_previous_period: "true" }, [{ ...entry("/y", 1, 1, 1), ...growth }]);
}

/** Paging one row at a time through a report whose rows tie on visits, hits and name (London, GB and London, CA) gives every row once. */
export async function checkPagingThroughTies(server: KitServer): Promise<void> {
  const yesterday = addDays(localDate(Math.floor(Date.now() / 1000), "UTC"), -1);
  const params = { tenant_id: "acme", date_from: yesterday, date_to: yesterday };
  const all = await server.query("top_cities", params);
  const paged: Row[] = [];
  for (let skip = 0; skip < all.length; skip++) paged.push(...(await server.query("top_cities", { ...params, skip: String(skip), limit: "1" })));
  const key = (r: Row) => `${String(r.city)}/${String(r.region)}/${String(r.location)}`;
  assert.deepEqual(paged.map(key).sort(), all.map(key).sort(), "each row on exactly one page");
}
