/**
 * Every kit endpoint through `createAnalyticsClient`, against a spawned server with a
 * month of generated traffic: with the admin token, and with tenant JWTs whose
 * `fixed_params` must restrict every result to the tenant whatever the caller sends.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { AviaryError, createAnalyticsClient, KIT_ENDPOINTS, type AnalyticsClient, type KitEndpointName } from "aviary/client";
import { JANUARY, kitParams, startSeededKit, tenantJwt, TENANTS, type SeededKit } from "./helpers/seeded-kit.ts";

type AnyQuery = (params?: object, options?: object) => Promise<object[]>;

/** January, except web_vitals_timeseries: it has points only for this hour's measurements (sent in before()). */
const paramsFor = (name: KitEndpointName, extra: object = {}) => kitParams(name, extra, name === "web_vitals_timeseries" ? { date_from: TODAY, date_to: TODAY } : JANUARY);

const TODAY = new Date().toISOString().slice(0, 10);

const call = (client: AnalyticsClient, name: KitEndpointName, params: object) => (client.query[name] as unknown as AnyQuery)(params);

describe("createAnalyticsClient against the kit", () => {
  let kitServer: SeededKit;
  let admin: AnalyticsClient;
  before(async () => {
    kitServer = await startSeededKit();
    admin = createAnalyticsClient({ token: kitServer.server.adminToken, baseUrl: kitServer.server.url });
    // A visit right now per tenant, so the real-time endpoints (current_visitors, trend, domain) have data too.
    for (const tenant of TENANTS) {
      const domain = `${tenant}.com`;
      const result = await admin.track("page_hit", { pathname: "/now", href: `https://${domain}/now`, "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0", location: "ES" }, { tenantId: tenant, domain, sessionId: `now-${tenant}` });
      assert.deepEqual(result, { successful_rows: 1, quarantined_rows: 0 });
      // And enough LCP measurements this hour for web_vitals_timeseries (5 an hour) and web_vitals_current.
      const vitals = [1200, 1800, 2600, 3100, 4500, 900].map((value, i) => ({
        timestamp: new Date(),
        action: "web_vital",
        version: "1",
        session_id: `now-${tenant}`,
        tenant_id: tenant,
        domain,
        payload: JSON.stringify({ name: "LCP", value, delta: value, rating: "good", id: `v-${i}`, navigationType: "navigate", pathname: "/now", href: `https://${domain}/now` }),
      }));
      assert.deepEqual(await admin.ingest(vitals), { successful_rows: 6, quarantined_rows: 0 });
    }
  });
  after(() => kitServer?.stop());

  test("the seeded month is there", async () => {
    const kpis = await admin.query.kpis(JANUARY);
    assert.equal(kpis.length, 31);
    assert.ok(kpis.reduce((sum, day) => sum + day.pageviews, 0) > 1000, JSON.stringify(kpis.slice(0, 3)));
    const [first] = await admin.query.domains({ tenant_id: TENANTS[0] });
    assert.match(first?.first_seen ?? "", /^2024-01-\d\d \d\d:\d\d:\d\d$/);
  });

  // analytics_hits orders its rows only when asked for a page (`limit`); compare it as a set.
  // realtime's `current` row is dated at the request's second, which two requests may not share.
  const inOrder = (name: string, rows: unknown[]) =>
    name === "analytics_hits"
      ? rows.map((r) => JSON.stringify(r)).sort()
      : name === "realtime"
        ? rows.map((r) => ((r as { section?: string }).section === "current" ? { ...(r as object), time: "(now)" } : r))
        : rows;

  for (const name of Object.keys(KIT_ENDPOINTS) as KitEndpointName[]) {
    test(`${name}: a tenant JWT sees exactly what the admin sees for that tenant`, async () => {
      for (const tenant of TENANTS.slice(0, 2)) {
        const jwt = createAnalyticsClient({ token: await tenantJwt(kitServer.server, tenant), baseUrl: kitServer.server.url });
        const expected = inOrder(name, await call(admin, name, paramsFor(name, { tenant_id: tenant })));
        assert.ok(expected.length > 0, `${name} has no rows for ${tenant}`);
        assert.deepEqual(inOrder(name, await call(jwt, name, paramsFor(name))), expected);
        // The fixed parameter wins over the one the caller sends.
        assert.deepEqual(inOrder(name, await call(jwt, name, paramsFor(name, { tenant_id: TENANTS[2] }))), expected);
      }
    });
  }

  test("results differ between tenants (so the comparisons above mean something)", async () => {
    const [a, b] = await Promise.all(TENANTS.slice(0, 2).map((tenant) => admin.query.top_pages({ ...JANUARY, tenant_id: tenant, limit: 5 })));
    assert.ok(a && a.length > 0 && b && b.length > 0);
    assert.notDeepEqual(a, b);
    const domains = await admin.query.domains({ tenant_id: TENANTS[1] });
    assert.ok(domains.every((d) => d.domain.endsWith("customer-2.com")), JSON.stringify(domains));
  });

  test("the full response: meta, data, rows, statistics", async () => {
    const full = await admin.query.kpis(JANUARY, { full: true });
    const raw = await admin.query.raw.kpis(JANUARY);
    for (const response of [full, raw]) {
      assert.deepEqual(response.meta.slice(0, 2), [{ name: "date", type: "Date" }, { name: "visits", type: "UInt64" }]);
      assert.equal(response.rows, 31);
      assert.equal(response.data.length, 31);
      // The admin's answers carry statistics; other tokens' do not (see README, Security model).
      assert.equal(typeof response.statistics?.elapsed, "number");
      assert.equal(typeof response.statistics?.rows_read, "number");
    }
  });

  test("arrays and booleans go over the wire as the templates read them", async () => {
    const withPrevious = await admin.query.kpis({ ...JANUARY, tenant_id: TENANTS[0], include_previous_period: true });
    assert.ok(withPrevious.every((row) => "previous_visits" in row && "visits_growth_percentage" in row));
    const without = await admin.query.kpis({ ...JANUARY, tenant_id: TENANTS[0], include_previous_period: false });
    assert.ok(without.every((row) => !("previous_visits" in row)));
  });

  test("errors carry the status and the server's message", async () => {
    const onlyKpis = createAnalyticsClient({ token: await tenantJwt(kitServer.server, TENANTS[0], "kpis"), baseUrl: kitServer.server.url });
    await onlyKpis.query.kpis(JANUARY);
    await assert.rejects(onlyKpis.query.top_pages(JANUARY), (err: unknown) => {
      assert.ok(err instanceof AviaryError);
      assert.equal(err.status, 403);
      assert.equal(err.message, "The token you have provided doesn't have access to this resource");
      return true;
    });
    await assert.rejects(admin.query.top_pages({ ...JANUARY, limit: "x" as unknown as number }), (err: unknown) => {
      assert.ok(err instanceof AviaryError);
      assert.equal(err.status, 400);
      assert.match(err.message, /Error validating 'x' to type Int32/);
      return true;
    });
    const bad = createAnalyticsClient({ token: "not-a-token", baseUrl: kitServer.server.url });
    await assert.rejects(bad.query.kpis(), (err: unknown) => err instanceof AviaryError && err.status === 403 && err.message.startsWith("invalid authentication token"));
    const nowhere = createAnalyticsClient({ token: "x", baseUrl: "http://127.0.0.1:9" });
    await assert.rejects(nowhere.query.kpis(), (err: unknown) => err instanceof AviaryError && err.status === 0);
  });
});
