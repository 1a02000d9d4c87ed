/**
 * Request values holding `%`: a percent-encoded path (every non-ASCII URL), an event named
 * `50%off`, a property key with `%`. Tinybird's `String()` writes `%` as `\%` for LIKE, which
 * ClickHouse keeps as two characters, so the kit compares with `sql_unescape(…, '%')`:
 * without it these filters matched nothing.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FlockEvent } from "../../src/seed/generate.ts";
import { startKitServer, type KitServer } from "./kit-server.ts";

const TENANT = "percent%tenant";
const NOW = Date.now();
const today = new Date(NOW).toISOString().slice(0, 10);
let n = 0;

function event(action: string, session: string, payload: Record<string, unknown>): FlockEvent {
  n++;
  return { timestamp: new Date(NOW - (100 - n) * 1000).toISOString(), action, version: "1", session_id: session, tenant_id: TENANT, domain: "pct.example", payload: JSON.stringify(payload) };
}

const page = (session: string, pathname: string) =>
  event("page_hit", session, { "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/125.0", locale: "en-US", referrer: "", pathname, href: `https://pct.example${pathname}` });

const EVENTS: FlockEvent[] = [
  page("s1", "/caf%C3%A9"),
  page("s1", "/pricing"),
  event("50%off", "s1", { "plan%": "pro" }),
  page("s2", "/caf%C3%A9"),
  page("s3", "/other"),
  event("50off", "s3", { "plan%": "free" }),
];

describe("request values holding %", () => {
  let server: KitServer;
  before(async () => {
    server = await startKitServer();
    await server.ingest(EVENTS);
  });
  after(() => server?.stop());

  const query = (pipe: string, params: Record<string, string>) => server.query(pipe, { tenant_id: TENANT, date_from: today, date_to: today, ...params });

  test("a tenant id with % still finds its rows", async () => {
    assert.equal((await query("kpis", {})).reduce((sum, r) => sum + Number(r.pageviews), 0), 4);
  });

  test("a percent-encoded pathname filters pages and KPIs", async () => {
    assert.deepEqual((await query("top_pages", { pathname: "/caf%C3%A9" })).map((r) => [r.pathname, r.hits]), [["/caf%C3%A9", 2]]);
    assert.equal((await query("kpis", { pathname: "/caf%C3%A9" })).reduce((sum, r) => sum + Number(r.visits), 0), 2);
  });

  test("an event and a property key with % are found by name", async () => {
    assert.deepEqual((await query("event_properties", { event: "50%off" })).map((r) => r.property), ["plan%"]);
    assert.deepEqual((await query("top_event_property_values", { event: "50%off", property: "plan%" })).map((r) => [r.value, r.events]), [["pro", 1]]);
  });

  test("funnel steps with % match, and are labelled as written", async () => {
    const steps = await query("funnel", { step1: "page:/caf%C3%A9", step2: "event:50%off" });
    assert.deepEqual(steps.map((r) => [r.label, r.visitors]), [["/caf%C3%A9", 2], ["50%off", 1]]);
  });
});
