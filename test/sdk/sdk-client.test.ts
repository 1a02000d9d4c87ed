/**
 * The official `@tinybirdco/sdk` client against Aviary, with nothing but `baseUrl` and
 * `token` changed (and `devMode: false`, which stops it looking for Tinybird branches):
 * every kit endpoint, `ingest` / `ingestBatch`, `sql`, and `tokens.createJWT` for tenant
 * tokens whose `fixed_params` restrict every endpoint.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { isDatasourceDefinition, isPipeDefinition, Tinybird, TinybirdError, type DatasourceDefinition, type PipeDefinition, type QueryResult } from "@tinybirdco/sdk";
import { createAnalyticsClient, KIT_ENDPOINTS, type KitEndpointName } from "aviary/client";
import * as kit from "../../kit/index.ts";
import { api } from "../helpers/server.ts";
import { postEvents, tokenNamed } from "../ingest/events-client.ts";
import { JANUARY, kitParams, NOW_RELATIVE, startSeededKit, TENANTS, undated, type SeededKit } from "../client/helpers/seeded-kit.ts";

const datasources = { analyticsEvents: kit.analyticsEvents };
const pipes = {
  actions: kit.actions,
  analyticsHits: kit.analyticsHits,
  currentVisitors: kit.currentVisitors,
  domain: kit.domain,
  domains: kit.domains,
  eventProperties: kit.eventProperties,
  funnel: kit.funnel,
  funnelDefinitions: kit.funnelDefinitions,
  goalDefinitions: kit.goalDefinitions,
  goals: kit.goals,
  kpis: kit.kpis,
  pageEngagement: kit.pageEngagement,
  realtime: kit.realtime,
  topBrowsers: kit.topBrowsers,
  topChannels: kit.topChannels,
  topCities: kit.topCities,
  topDevices: kit.topDevices,
  topEntryPages: kit.topEntryPages,
  topEventPropertyValues: kit.topEventPropertyValues,
  topEvents: kit.topEvents,
  topExitPages: kit.topExitPages,
  topLanguages: kit.topLanguages,
  topLocations: kit.topLocations,
  topOs: kit.topOs,
  topOsVersions: kit.topOsVersions,
  topPages: kit.topPages,
  topRegions: kit.topRegions,
  topScreens: kit.topScreens,
  topSources: kit.topSources,
  topUtmCampaigns: kit.topUtmCampaigns,
  topUtmContents: kit.topUtmContents,
  topUtmMediums: kit.topUtmMediums,
  topUtmSources: kit.topUtmSources,
  topUtmTerms: kit.topUtmTerms,
  trafficByHour: kit.trafficByHour,
  trend: kit.trend,
  webVitalsCurrent: kit.webVitalsCurrent,
  webVitalsDistribution: kit.webVitalsDistribution,
  webVitalsEvents: kit.webVitalsEvents,
  webVitalsRoutes: kit.webVitalsRoutes,
  webVitalsTimeseries: kit.webVitalsTimeseries,
};

const sdkClient = (baseUrl: string, token: string) => new Tinybird({ datasources, pipes, baseUrl, token, devMode: false });
type SdkClient = ReturnType<typeof sdkClient>;

function query(client: SdkClient, name: KitEndpointName, params: object): Promise<QueryResult<unknown>> {
  const accessor = (client as unknown as Record<string, { query(params: object): Promise<QueryResult<unknown>> }>)[KIT_ENDPOINTS[name]];
  return accessor!.query(params);
}


// The generator is not among the package's exports; load the files by path.
const generatorUrl = (file: string): string => new URL(`../../node_modules/@tinybirdco/sdk/dist/generator/${file}`, import.meta.url).href;
const { generateDatasource } = (await import(generatorUrl("datasource.js"))) as { generateDatasource: (d: DatasourceDefinition) => { name: string; content: string } };
const { generatePipe } = (await import(generatorUrl("pipe.js"))) as { generatePipe: (p: PipeDefinition) => { name: string; content: string } };

/** The kit as `tinybird build` sends it: every datasource and pipe through the SDK's own generator. */
function kitAsBuildForm(): FormData {
  const form = new FormData();
  for (const definition of Object.values(kit) as unknown[]) {
    const file = isDatasourceDefinition(definition) ? { ...generateDatasource(definition), ext: "datasource" } : isPipeDefinition(definition) ? { ...generatePipe(definition), ext: "pipe" } : undefined;
    if (file) form.append("data_project://", new Blob([file.content]), `${file.name}.${file.ext}`);
  }
  return form;
}

describe("@tinybirdco/sdk against Aviary", () => {
  let kitServer: SeededKit;
  let admin: SdkClient;
  before(async () => {
    kitServer = await startSeededKit();
    admin = sdkClient(kitServer.server.url, kitServer.server.adminToken);
  });
  after(() => kitServer?.stop());

  test("typed queries: tinybird.kpis.query(...) resolves to {data, meta, rows, statistics}", async () => {
    const result = await admin.kpis.query({ ...JANUARY, tenant_id: TENANTS[0] });
    assert.deepEqual(Object.keys(result).sort(), ["data", "meta", "rows", "statistics"]);
    assert.equal(result.rows, 31);
    const day: { date: string; visits: number } = result.data[0]!;
    assert.match(day.date, /^2024-01-01$/);
    const domains = await admin.domains.query({ tenant_id: TENANTS[0] });
    assert.ok(domains.data.length > 0);
  });

  test("every kit endpoint answers the SDK as it answers createAnalyticsClient", async () => {
    const ours = createAnalyticsClient({ token: kitServer.server.adminToken, baseUrl: kitServer.server.url });
    for (const name of Object.keys(KIT_ENDPOINTS) as KitEndpointName[]) {
      const params = kitParams(name, { tenant_id: TENANTS[1] });
      const [sdk, mine] = await Promise.all([query(admin, name, params), (ours.query.raw[name] as (p: object) => Promise<QueryResult<unknown>>)(params)]);
      assert.deepEqual({ meta: sdk.meta, data: sdk.data, rows: sdk.rows }, { meta: mine.meta, data: mine.data, rows: mine.rows }, name);
      assert.equal(typeof sdk.statistics.elapsed, "number");
    }
  });

  test("tokens.createJWT: a tenant JWT sees only its tenant on every endpoint", async () => {
    const tenant = TENANTS[0];
    const { token } = await admin.tokens.createJWT({
      name: `tenant-${tenant}`,
      expiresAt: new Date(Date.now() + 3600_000),
      scopes: [{ type: "PIPES:READ", resource: "*", fixed_params: { tenant_id: tenant } }],
    });
    assert.ok(!token.startsWith("p."));
    const jwt = sdkClient(kitServer.server.url, token);
    for (const name of Object.keys(KIT_ENDPOINTS) as KitEndpointName[]) {
      const expected = await query(admin, name, kitParams(name, { tenant_id: tenant }));
      const got = await query(jwt, name, kitParams(name, { tenant_id: TENANTS[2] }));
      assert.deepEqual(undated(got.data), undated(expected.data), name);
    }
  });

  test("a JWT for one endpoint: the others answer 403 as a TinybirdError", async () => {
    const { token } = await admin.tokens.createJWT({
      name: "kpis-only",
      expiresAt: Math.floor(Date.now() / 1000) + 600,
      scopes: [{ type: "PIPES:READ", resource: "kpis", fixed_params: { tenant_id: TENANTS[1] } }],
      limits: { rps: 100 },
    });
    const jwt = sdkClient(kitServer.server.url, token);
    assert.equal((await jwt.kpis.query(JANUARY)).rows, 31);
    await assert.rejects(jwt.topPages.query(JANUARY), (err: unknown) => {
      assert.ok(err instanceof TinybirdError);
      assert.equal(err.statusCode, 403);
      assert.equal(err.response?.error, "The token you have provided doesn't have access to this resource");
      return true;
    });
  });

  test("ingest and ingestBatch go through the Events API; sql reads them back", async () => {
    const row = { timestamp: "2024-03-01 10:00:00", session_id: "sdk-s1", action: "page_hit", version: "1", payload: "{}", tenant_id: "sdk-tenant", domain: "sdk.example", visitor_id: "" };
    assert.deepEqual(await admin.analyticsEvents.ingest(row), { successful_rows: 1, quarantined_rows: 0 });
    const batch = [2, 3, 4].map((i) => ({ ...row, session_id: `sdk-s${i}`, timestamp: `2024-03-01 10:0${i}:00` }));
    assert.deepEqual(await admin.analyticsEvents.ingestBatch(batch), { successful_rows: 3, quarantined_rows: 0 });
    const counted = await admin.sql<{ n: number }>("SELECT count() AS n FROM analytics_events WHERE tenant_id = 'sdk-tenant' FORMAT JSON");
    assert.deepEqual(counted.data, [{ n: 4 }]);
    assert.deepEqual(counted.meta, [{ name: "n", type: "UInt64" }]);
  });

  test("sql without FORMAT (as the SDK's README writes it) answers JSON", async () => {
    const counted = await admin.sql<{ n: number }>("SELECT count() AS n FROM analytics_events WHERE tenant_id = 'nobody'");
    assert.deepEqual(counted.data, [{ n: 0 }]);
  });

  // Last: it redeploys the kit. Node SQL that began with its own `%` line got a second one
  // from the generator, and ClickHouse refused the `%` the build then reached it with.
  test("the kit as the SDK renders it (what `tinybird build` sends) deploys over the running kit; every endpoint answers as before", async () => {
    const answers = async () => {
      const out: Record<string, unknown> = {};
      for (const name of Object.keys(KIT_ENDPOINTS) as KitEndpointName[]) {
        const rows = undated((await query(admin, name, kitParams(name, { tenant_id: TENANTS[1] }))).data);
        // Those reading the clock answer for another minute once one has passed: they must answer, not match.
        out[name] = NOW_RELATIVE.has(name) ? "answers" : rows;
      }
      return out;
    };
    const before = await answers();
    const res = await api(kitServer.server, "/v1/build", { method: "POST", body: kitAsBuildForm() });
    const body = (await res.json()) as { result: string; build?: { new_datasource_names: string[]; deleted_pipe_names: string[]; feedback: { resource: string; message: string }[] } };
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.result, "success");
    assert.deepEqual([body.build?.new_datasource_names, body.build?.deleted_pipe_names], [[], []]);
    assert.deepEqual(await answers(), before);
    // The generator drops Aviary's own options; the deployed ones are kept, and the build says so.
    const kept = body.build!.feedback.filter((f) => f.message.startsWith("keeps ")).map((f) => [f.resource, f.message.split(" from ")[0]]);
    assert.deepEqual(kept, [["analytics_events.datasource", "keeps ipGeolocation, visitorId"], ["analytics_funnels.datasource", "keeps writeTime"], ["analytics_goals.datasource", "keeps writeTime"]]);
    // So a page still cannot name its own place: the lookup (none for 127.0.0.1) replaces it.
    const tracker = await tokenNamed(kitServer.server, "tracker");
    // Nor its own visitor id: the server's replaces it.
    const hit = { timestamp: "2024-03-02 10:00:00", session_id: "sdk-geo", action: "page_hit", version: "1", tenant_id: "sdk-geo", domain: "geo.example", payload: JSON.stringify({ pathname: "/", country: "FR", city: "Paris" }), visitor_id: "mine" };
    assert.equal((await postEvents(kitServer.server, "analytics_events", JSON.stringify(hit), { wait: true, token: tracker })).status, 200);
    const stored = await admin.sql<{ payload: string; visitor_id: string }>("SELECT payload, visitor_id FROM analytics_events WHERE session_id = 'sdk-geo' FORMAT JSON");
    assert.deepEqual(stored.data.map((r) => JSON.parse(r.payload) as unknown), [{ pathname: "/" }]);
    assert.match(stored.data[0]!.visitor_id, /^[0-9a-f]{16}$/);
  });
});
