/**
 * A goal's pattern and a saved funnel's steps are stored as sent (the Events API checks
 * types, not meaning), and each becomes a regular expression run on every page view of the
 * period: the kit leaves out a goal version whose match is over 500 characters and gives
 * no steps to a saved funnel with a longer step, and reads at most 200 goals of a tenant, so
 * one tenant's definitions cannot hold the engine for everyone (adversarial passes of issue
 * 15). 500 characters still count.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startKitServer, type KitServer } from "./kit-server.ts";

const TENANT = "bounds";
const DOMAIN = "bounds.example";
// A pattern whose regular expression is costly: `*` and `**` between single letters.
const costly = (length: number) => `/${"**a".repeat(Math.ceil(length / 3))}`.slice(0, length);

describe("stored goal patterns and funnel steps are bounded", () => {
  let server: KitServer;
  const append = async (datasource: string, rows: readonly object[]) => {
    const res = await fetch(`${server.url}/v0/events?name=${datasource}&wait=true`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.token}` },
      body: rows.map((r) => JSON.stringify({ tenant_id: TENANT, domain: DOMAIN, ...r })).join("\n"),
    });
    assert.deepEqual(await res.json(), { successful_rows: rows.length, quarantined_rows: 0 });
  };
  const scope = { tenant_id: TENANT, domain: DOMAIN };

  before(async () => {
    server = await startKitServer();
    const now = Date.now();
    await server.ingest(
      ["/", "/aaa", `/${"a".repeat(600)}`].map((pathname, i) => ({
        timestamp: new Date(now - 60_000 + i * 1000).toISOString(),
        action: "page_hit",
        version: "1",
        session_id: "s-1",
        tenant_id: TENANT,
        domain: DOMAIN,
        payload: JSON.stringify({ "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0", pathname, href: `https://${DOMAIN}${pathname}` }),
      })),
    );
  });
  after(() => server?.stop());

  test("a goal version matching over 500 characters is left out; one of 500 counts", async () => {
    await append("analytics_goals", [
      { goal_id: "long", name: "long", kind: "page", match: costly(501) },
      { goal_id: "edge", name: "edge", kind: "page", match: costly(500) },
      { goal_id: "any", name: "any", kind: "page", match: "/**" },
    ]);
    assert.deepEqual((await server.query("goal_definitions", scope)).map((g) => g.goal_id), ["any", "edge"]);
    const goals = await server.query("goals", scope);
    // `edge` needs 166 a's after the slash: only the 600-character page has them.
    assert.deepEqual(goals.map((g) => [g.goal_id, Number(g.total)]).sort(), [["any", 3], ["edge", 1]]);
  });

  test("an edit over the bound is left out: the goal keeps its previous version", async () => {
    await append("analytics_goals", [{ goal_id: "kept", name: "kept", kind: "page", match: "/aaa" }]);
    await append("analytics_goals", [{ goal_id: "kept", name: "kept (edited)", kind: "page", match: costly(700) }]);
    const kept = (await server.query("goal_definitions", scope)).find((g) => g.goal_id === "kept");
    assert.equal(kept?.match, "/aaa");
  });

  test("the reports read a tenant's first 200 goals, the first created first", async () => {
    const many = { tenant_id: "many-goals", domain: DOMAIN };
    const goals = Array.from({ length: 205 }, (_, i) => ({ ...many, goal_id: `g${String(i).padStart(3, "0")}`, name: `g${i}`, kind: "event", match: `e${i}`, updated_at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString() }));
    await append("analytics_goals", goals.reverse());
    const listed = (await server.query("goal_definitions", many)).map((g) => String(g.goal_id)).sort();
    assert.deepEqual(listed, goals.map((g) => g.goal_id).sort().slice(0, 200));
  });

  test("a saved funnel with a step over 500 characters has no rows; within the bound it answers", async () => {
    await append("analytics_funnels", [
      { funnel_id: "long", name: "long", steps: ["page:/", `page:${costly(600)}`], window_minutes: 30 },
      { funnel_id: "short", name: "short", steps: ["page:/", "page:/aaa"], window_minutes: 30 },
    ]);
    assert.deepEqual(await server.query("funnel", { ...scope, funnel_id: "long" }), []);
    assert.deepEqual((await server.query("funnel", { ...scope, funnel_id: "short" })).map((r) => Number(r.visitors)), [1, 1]);
  });
});
