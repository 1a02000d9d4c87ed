/**
 * `kpis` for a single day on which the clocks go back (25 hours) against the day before
 * (24 hours): each hour is compared with the same hour of the previous day, and the 25th
 * with none. It once showed the current day's first hour as the previous day's 25th.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FlockEvent } from "../../src/seed/generate.ts";
import { USER_AGENTS } from "../helpers/user-agents.ts";
import { assertRows } from "./compare.ts";
import { startKitServer, type KitServer } from "./kit-server.ts";
import { hitsOf, kpis, store, type Row } from "./reference.ts";

function view(at: string, session: string): FlockEvent {
  const payload = { "user-agent": USER_AGENTS.windows, locale: "en-US", location: "US", referrer: "", pathname: "/", href: "https://clock.example/" };
  return { timestamp: at, action: "page_hit", version: "1", session_id: session, tenant_id: "clock", domain: "clock.example", payload: JSON.stringify(payload) };
}

// New York left daylight saving time at 2025-11-02 02:00 (-04:00 → -05:00).
const EVENTS = [
  view("2025-11-01T04:30:00.000Z", "before-1"), // Nov 1, 00:30 local
  view("2025-11-01T04:40:00.000Z", "before-1"),
  view("2025-11-02T04:30:00.000Z", "first-hour"), // Nov 2, 00:30 local
  view("2025-11-03T04:30:00.000Z", "last-hour"), // Nov 2, 23:30 local, the day's 25th hour
];
const PARAMS = { tenant_id: "clock", date_from: "2025-11-02", date_to: "2025-11-02", tz: "America/New_York", include_previous_period: "true" };

describe("kpis on a day the clocks go back", () => {
  let server: KitServer;
  before(async () => {
    server = await startKitServer();
    await server.ingest(EVENTS);
  });
  after(() => server.stop());

  test("25 hours, each compared with the same hour of the day before, the last with none", async () => {
    const rows: Row[] = await server.query("kpis", PARAMS);
    assert.equal(rows.length, 25);
    assert.deepEqual([rows[0]!.visits, rows[0]!.previous_visits, rows[0]!.previous_pageviews], [1, 1, 2]);
    assert.deepEqual([rows[24]!.visits, rows[24]!.previous_visits, rows[24]!.previous_pageviews], [1, 0, 0]);
    assertRows(rows, kpis(hitsOf(store(EVENTS)), PARAMS, Date.now() / 1000), "kpis");
  });
});
