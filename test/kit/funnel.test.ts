/**
 * `funnel` against the reference (reference-funnel.ts) computed from the very events and
 * goals sent, for step sets chosen for each rule; its 400s; and saved funnels written
 * through the Events API and read back by `funnel_definitions` and `funnel_id`.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { SignJWT } from "jose";
import { assertRows } from "./compare.ts";
import { DOMAIN, TENANT, buildFunnelDataset } from "./funnel-dataset.ts";
import { startKitServer, type KitServer } from "./kit-server.ts";
import { growth, store, type Params } from "./reference.ts";
import { funnelReference, type Goal } from "./reference-funnel.ts";

const dataset = buildFunnelDataset(Date.now());
const stored = store(dataset.events);
const SCOPE = { tenant_id: TENANT, domain: DOMAIN, date_from: dataset.dateFrom, date_to: dataset.dateTo };
const FROM = Date.parse(`${dataset.dateFrom}T00:00:00Z`) / 1000;
const TO = Date.parse(`${dataset.dateTo}T00:00:00Z`) / 1000 + 86_400;

let server: KitServer;

async function append(datasource: string, rows: readonly Record<string, unknown>[], token = server.token): Promise<Response> {
  return fetch(`${server.url}/v0/events?name=${datasource}&wait=true`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/x-ndjson" },
    body: rows.map((r) => JSON.stringify(r)).join("\n"),
  });
}

const stepParams = (steps: readonly string[]) => Object.fromEntries(steps.map((s, i) => [`step${i + 1}`, s]));

async function checkFunnel(steps: readonly string[], extra: Params = {}, windowMinutes = 30): Promise<void> {
  const params = { ...SCOPE, ...stepParams(steps), ...extra };
  const expected = funnelReference(stored, dataset.goals as unknown as Goal[], {
    tenant: TENANT, domain: DOMAIN, steps, windowMinutes, from: FROM, to: TO,
    includeBots: extra.include_bots === "true", browser: extra.browser, perVisitor: extra.per === "visitor",
  });
  assertRows(await server.query("funnel", params), expected, `funnel ${JSON.stringify(params)}`);
}

async function status(params: Params): Promise<[number, string]> {
  const res = await server.fetchPipe("funnel", { ...SCOPE, ...params });
  return [res.status, ((await res.json()) as { error?: string }).error ?? ""];
}

describe("funnel", () => {
  before(async () => {
    server = await startKitServer();
    await server.ingest(dataset.events);
    const res = await append("analytics_goals", dataset.goals);
    assert.equal(res.status, 200, await res.text());
  });
  after(() => server?.stop());

  it("counts sessions through ordered steps, with drop-off, conversion and median times", async () => {
    await checkFunnel(["page:/", "page:/pricing", "event:signup", "page:/checkout/**"]);
    // Exact values once, so a reference that drifted with the kit would still be caught.
    const rows = await server.query("funnel", { ...SCOPE, ...stepParams(["page:/", "page:/pricing", "event:signup"]) });
    assert.deepEqual(rows.map((r) => [r.label, r.visitors, r.dropoff, r.median_seconds_from_previous]), [
      ["/", 9, 0, null],
      ["/pricing", 7, 2, 50],
      ["signup", 7, 0, 150],
    ]);
  });

  it("a step counts only after the step before it", async () => {
    await checkFunnel(["page:/pricing", "page:/"]);
    await checkFunnel(["page:/docs/**", "page:/pricing"]);
  });

  it("the window: the last second is in, the next one out; a new first step restarts it", async () => {
    await checkFunnel(["page:/", "page:/pricing", "event:signup"], { window: "10" }, 10);
    await checkFunnel(["page:/", "event:signup"], { window: "1" }, 1);
  });

  it("events in the same second are taken in step order", async () => {
    await checkFunnel(["page:/checkout/*", "event:purchase"]);
    await checkFunnel(["event:purchase", "page:/checkout/*"]);
  });

  it("page patterns: * within one segment, ** across; regex characters are literal", async () => {
    await checkFunnel(["page:/blog/*", "event:signup"]);
    await checkFunnel(["page:/blog/**", "event:signup"]);
    await checkFunnel(["page:/a.b", "page:/pricing"]);
    await checkFunnel(["page:/**", "page:/**", "page:/**", "page:/**", "page:/**", "page:/**", "page:/**", "page:/**"]);
  });

  it("goal steps use the goal's current definition; a deleted or unknown goal matches nothing", async () => {
    await checkFunnel(["page:/blog/**", "goal:g-docs", "goal:g-signup"]);
    await checkFunnel(["page:/", "goal:g-checkout", "event:purchase"]);
    await checkFunnel(["page:/", "goal:g-gone"]);
    await checkFunnel(["page:/", "goal:no-such-goal"]);
    await checkFunnel(["page:/", "goal:g-pagehit"]);
  });

  it("bots only with include_bots=true; page-view filters keep the sessions with a matching page view", async () => {
    await checkFunnel(["page:/", "page:/pricing", "event:signup"], { include_bots: "true" });
    await checkFunnel(["page:/", "page:/pricing", "event:signup"], { browser: "firefox" });
  });

  it("with the previous period: its sessions counted apart, and the growth per step", async () => {
    const steps = ["page:/", "page:/pricing", "event:signup"];
    const request = { tenant: TENANT, domain: DOMAIN, steps, windowMinutes: 30 };
    const current = funnelReference(stored, [], { ...request, from: FROM, to: TO });
    const previous = funnelReference(stored, [], { ...request, from: FROM - (TO - FROM), to: FROM });
    const expected = current.map((row, i) => {
      const before = previous[i]!;
      return { ...row, previous_visitors: before.visitors, previous_conversion_rate: before.conversion_rate, visitors_growth_percentage: growth(Number(row.visitors), Number(before.visitors)) };
    });
    // The session across the period's start reached step 2 in the previous period.
    assert.deepEqual(previous.map((r) => r.visitors), [1, 1, 0]);
    assertRows(await server.query("funnel", { ...SCOPE, ...stepParams(steps), include_previous_period: "true" }), expected, "funnel with the previous period");
  });

  it("per=visitor follows a visitor across its sessions; an event without a visitor id is its session's", async () => {
    const steps = ["page:/features", "page:/features/*", "event:trial"];
    await checkFunnel(steps, { per: "visitor" });
    await checkFunnel(steps, { per: "visitor", window: "60" }, 60);
    await checkFunnel(steps, { per: "session" });
    await checkFunnel(["page:/", "page:/pricing", "event:signup", "page:/checkout/**"], { per: "visitor" });
    // Exact counts once: vis-a converts only as a visitor; vis-b comes back too late for 30 minutes.
    const counts = async (params: Params) => (await server.query("funnel", { ...SCOPE, ...stepParams(steps), ...params })).map((r) => r.visitors);
    assert.deepEqual(await counts({ per: "visitor" }), [3, 1, 1]);
    assert.deepEqual(await counts({ per: "visitor", window: "60" }), [3, 2, 2]);
    assert.deepEqual(await counts({}), [4, 1, 0]);
  });

  it("answers 400 for steps that cannot make a funnel", async () => {
    assert.deepEqual(await status({ step1: "page:/" }), [400, "a funnel needs at least 2 steps: step1 and step2 (page:/PATH_PATTERN, event:NAME or goal:GOAL_ID), or a funnel_id"]);
    assert.deepEqual(await status({ step1: "page:/", step3: "page:/b", step2: undefined }), [400, "a funnel needs at least 2 steps: step1 and step2 (page:/PATH_PATTERN, event:NAME or goal:GOAL_ID), or a funnel_id"]);
    assert.deepEqual(await status({ step1: "page:/", step2: "page:/a", step4: "page:/b" }), [400, "step4 is given without step3: steps are numbered from step1 without gaps"]);
    assert.deepEqual(await status({ step1: "page:/", step2: "/pricing" }), [400, "step2 must be page:/PATH_PATTERN, event:NAME or goal:GOAL_ID, got /pricing"]);
    assert.deepEqual(await status({ step1: "page:/", step2: "event:" }), [400, "step2 must be page:/PATH_PATTERN, event:NAME or goal:GOAL_ID, got event:"]);
    assert.deepEqual(await status({ step1: "page:/", step2: "event:page_hit" }), [400, "step2: page_hit is not a custom event (use page:/PATH_PATTERN for page views)"]);
    assert.deepEqual(await status({ step1: "page:/", step2: "page:/a", window: "0" }), [400, "window must be between 1 and 1440 minutes, got 0"]);
    assert.deepEqual(await status({ step1: "page:/", step2: "page:/a", window: "1441" }), [400, "window must be between 1 and 1440 minutes, got 1441"]);
    assert.deepEqual(await status({ step1: "page:/", step2: "page:/a", funnel_id: "f" }), [400, "give either funnel_id or step1 … step8, not both"]);
    assert.deepEqual(await status({ step1: "page:/", step2: `page:/${"a".repeat(500)}` }), [400, "step2 is longer than 500 characters"]);
    assert.deepEqual(await status({ step1: "page:/", step2: "page:/a", per: "person" }), [400, "per must be session or visitor, got person"]);
    assert.deepEqual(await status({ ...stepParams(Array.from({ length: 9 }, (_, i) => `page:/${i}`)) }), [400, "a funnel has at most 8 steps: step1 … step8"]);
  });

  it("saved funnels: written through the Events API, listed by funnel_definitions, reported by funnel_id", async () => {
    const saved = { tenant_id: TENANT, domain: DOMAIN, funnel_id: "f-1", name: "Signup", steps: ["page:/", "page:/pricing", "event:signup"], window_minutes: 10 };
    let res = await append("analytics_funnels", [{ ...saved, updated_at: "2026-01-01 00:00:00.000" }, { ...saved, funnel_id: "f-2", name: "Blog" }]);
    assert.equal(res.status, 200, await res.text());
    const definitions = (params: Params = {}) => server.query("funnel_definitions", { tenant_id: TENANT, domain: DOMAIN, ...params });
    assert.deepEqual((await definitions()).map((r) => [r.funnel_id, r.name, r.steps, r.window_minutes, r.versions]), [
      ["f-2", "Blog", ["page:/", "page:/pricing", "event:signup"], 10, 1],
      ["f-1", "Signup", ["page:/", "page:/pricing", "event:signup"], 10, 1],
    ]);
    const expected = funnelReference(stored, [], { tenant: TENANT, domain: DOMAIN, steps: saved.steps, windowMinutes: 10, from: FROM, to: TO });
    assertRows(await server.query("funnel", { ...SCOPE, funnel_id: "f-1" }), expected, "funnel by funnel_id");
    // A request's window overrides the saved one.
    const wide = funnelReference(stored, [], { tenant: TENANT, domain: DOMAIN, steps: saved.steps, windowMinutes: 30, from: FROM, to: TO });
    assertRows(await server.query("funnel", { ...SCOPE, funnel_id: "f-1", window: "30" }), wide, "funnel by funnel_id, window=30");

    // An edit is a new version; a delete hides the funnel everywhere.
    res = await append("analytics_funnels", [{ ...saved, name: "Signup v2", steps: ["page:/pricing", "event:signup"], updated_at: "2026-02-01 00:00:00.000" }, { ...saved, funnel_id: "f-2", name: "Blog", deleted: 1 }]);
    assert.equal(res.status, 200, await res.text());
    assert.deepEqual((await definitions()).map((r) => [r.funnel_id, r.name, r.steps, r.versions]), [["f-1", "Signup v2", ["page:/pricing", "event:signup"], 2]]);
    assert.deepEqual((await server.query("funnel", { ...SCOPE, funnel_id: "f-1" })).map((r) => r.label), ["/pricing", "signup"]);
    assert.deepEqual(await server.query("funnel", { ...SCOPE, funnel_id: "f-2" }), []);
    assert.deepEqual(await server.query("funnel", { ...SCOPE, funnel_id: "no-such-funnel" }), []);
    // Another tenant sees none of them.
    assert.deepEqual(await definitions({ tenant_id: "other" }), []);
  });

  it("a saved funnel keeps whom it follows (per); a request's per overrides it; an unknown value reads as session", async () => {
    const steps = ["page:/features", "page:/features/*", "event:trial"];
    const saved = { tenant_id: TENANT, domain: DOMAIN, name: "Trial", steps, window_minutes: 60 };
    const res = await append("analytics_funnels", [{ ...saved, funnel_id: "f-visitor", per: "visitor" }, { ...saved, funnel_id: "f-odd", per: "household" }, { ...saved, funnel_id: "f-plain" }]);
    assert.equal(res.status, 200, await res.text());
    const pers = (await server.query("funnel_definitions", { tenant_id: TENANT, domain: DOMAIN })).filter((r) => String(r.funnel_id).startsWith("f-") && r.name === "Trial");
    assert.deepEqual(pers.map((r) => [r.funnel_id, r.per]).sort(), [["f-odd", "session"], ["f-plain", "session"], ["f-visitor", "visitor"]]);
    const reference = (perVisitor: boolean) => funnelReference(stored, [], { tenant: TENANT, domain: DOMAIN, steps, windowMinutes: 60, from: FROM, to: TO, perVisitor });
    assertRows(await server.query("funnel", { ...SCOPE, funnel_id: "f-visitor" }), reference(true), "saved per visitor");
    assertRows(await server.query("funnel", { ...SCOPE, funnel_id: "f-visitor", per: "session" }), reference(false), "saved per visitor, asked per session");
    assertRows(await server.query("funnel", { ...SCOPE, funnel_id: "f-plain", per: "visitor" }), reference(true), "saved per session, asked per visitor");
    assertRows(await server.query("funnel", { ...SCOPE, funnel_id: "f-odd" }), reference(false), "saved with an unknown per");
  });

  it("a funnel saved for all domains (domain '') is listed and reported in each domain", async () => {
    const steps = ["page:/", "page:/pricing"];
    const res = await append("analytics_funnels", [{ tenant_id: TENANT, domain: "", funnel_id: "f-all", name: "Everywhere", steps, window_minutes: 30 }]);
    assert.equal(res.status, 200, await res.text());
    const listed = await server.query("funnel_definitions", { tenant_id: TENANT, domain: DOMAIN });
    assert.deepEqual(listed.filter((r) => r.funnel_id === "f-all").map((r) => [r.domain, r.name]), [["", "Everywhere"]]);
    assert.deepEqual(await server.query("funnel_definitions", { tenant_id: TENANT, domain: "elsewhere.example" }).then((rows) => rows.map((r) => r.funnel_id)), ["f-all"]);
    const expected = funnelReference(stored, [], { tenant: TENANT, domain: DOMAIN, steps, windowMinutes: 30, from: FROM, to: TO });
    assertRows(await server.query("funnel", { ...SCOPE, funnel_id: "f-all" }), expected, "an all-domains funnel in one domain");
  });

  it("a token that may only read cannot save a funnel", async () => {
    const reader = await new SignJWT({ exp: Math.floor(Date.now() / 1000) + 600, scopes: [{ type: "PIPES:READ", resource: "funnel_definitions", fixed_params: { tenant_id: TENANT } }] })
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode(server.token));
    const res = await append("analytics_funnels", [{ tenant_id: TENANT, domain: DOMAIN, funnel_id: "f-3", name: "x", steps: ["page:/", "page:/a"] }], reader);
    assert.equal(res.status, 403, await res.text());
  });

  it("a tenant's write token saves funnels for its own tenant only, whatever the row says", async () => {
    const writer = await new SignJWT({
      exp: Math.floor(Date.now() / 1000) + 600,
      scopes: [{ type: "DATASOURCES:APPEND", resource: "analytics_funnels", fixed_params: { tenant_id: "other" } }],
    })
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode(server.token));
    const res = await append("analytics_funnels", [{ tenant_id: TENANT, domain: DOMAIN, funnel_id: "f-intruder", name: "Intruder", steps: ["page:/", "page:/a"] }], writer);
    assert.equal(res.status, 200, await res.text());
    const names = async (tenant: string) => (await server.query("funnel_definitions", { tenant_id: tenant })).map((r) => r.name);
    assert.ok(!(await names(TENANT)).includes("Intruder"));
    assert.deepEqual(await names("other"), ["Intruder"]);
  });
});
