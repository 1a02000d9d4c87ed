/**
 * What the client puts on the wire and how it reads answers, against a fake fetch:
 * URLs, parameters, headers, bodies, and the errors it throws.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AviaryError, createAnalyticsClient, createClient, DEFAULT_BASE_URL, type FetchLike } from "aviary/client";

interface Sent {
  readonly url: URL;
  readonly init: RequestInit;
}

function fakeFetch(answer: (sent: Sent) => Response = () => Response.json({ meta: [], data: [{ a: 1 }], rows: 1, statistics: { elapsed: 0, rows_read: 0, bytes_read: 0 } })) {
  const sent: Sent[] = [];
  const fetch: FetchLike = async (input, init = {}) => {
    const entry = { url: new URL(input), init };
    sent.push(entry);
    return answer(entry);
  };
  return { fetch, sent };
}

describe("client wire format", () => {
  test("a query is GET /v0/pipes/<name>.json with a Bearer token, on 127.0.0.1:7181 by default", async () => {
    const { fetch, sent } = fakeFetch();
    const client = createAnalyticsClient({ token: "tok", fetch });
    assert.deepEqual(await client.query.top_pages({ date_from: "2024-01-01", tenant_id: "t 1", limit: 5, include_previous_period: true }), [{ a: 1 }]);
    assert.equal(DEFAULT_BASE_URL, "http://127.0.0.1:7181");
    const [request] = sent;
    assert.equal(request?.url.origin + request!.url.pathname, "http://127.0.0.1:7181/v0/pipes/top_pages.json");
    assert.deepEqual([...request!.url.searchParams], [["date_from", "2024-01-01"], ["tenant_id", "t 1"], ["limit", "5"], ["include_previous_period", "true"]]);
    assert.equal(request!.init.method, "GET");
    assert.equal(new Headers(request!.init.headers).get("authorization"), "Bearer tok");
  });

  test("arrays are comma-joined, absent values left out, a trailing slash on baseUrl ignored", async () => {
    const { fetch, sent } = fakeFetch();
    const client = createClient<{ e: { params: { ids?: number[]; tags?: string[]; skip?: string }; row: { a: number } } }>({ token: "t", baseUrl: "https://a.example/x/", fetch, endpoints: ["e"] });
    await client.query.e({ ids: [1, 2, 3], tags: ["a", "b"], skip: undefined });
    assert.equal(sent[0]?.url.href, "https://a.example/x/v0/pipes/e.json?ids=1%2C2%2C3&tags=a%2Cb");
  });

  test("full and raw resolve to the whole response; a per-call token wins", async () => {
    const { fetch, sent } = fakeFetch();
    const client = createAnalyticsClient({ token: "tok", fetch });
    const full = await client.query.kpis({}, { full: true, token: "other" });
    const raw = await client.query.raw.kpis();
    for (const response of [full, raw]) assert.deepEqual(Object.keys(response), ["meta", "data", "rows", "statistics"]);
    assert.equal(new Headers(sent[0]?.init.headers).get("authorization"), "Bearer other");
    assert.equal(new Headers(sent[1]?.init.headers).get("authorization"), "Bearer tok");
  });

  test("a query method exists for every kit endpoint, and nothing else but raw", () => {
    const client = createAnalyticsClient({ token: "t", fetch: fakeFetch().fetch });
    assert.deepEqual(Object.keys(client.query).sort(), [
      "actions", "analytics_hits", "current_visitors", "domain", "domains", "event_properties", "funnel", "funnel_definitions", "goal_definitions", "goals", "kpis", "page_engagement", "raw", "realtime", "top_browsers", "top_channels", "top_cities",
      "top_devices", "top_entry_pages", "top_event_property_values", "top_events", "top_exit_pages", "top_languages", "top_locations", "top_os", "top_os_versions", "top_pages",
      "top_regions", "top_screens", "top_sources", "top_utm_campaigns", "top_utm_contents", "top_utm_mediums", "top_utm_sources",
      "top_utm_terms", "traffic_by_hour", "trend", "web_vitals_current", "web_vitals_distribution", "web_vitals_events",
      "web_vitals_routes", "web_vitals_timeseries",
    ]);
  });

  test("errors: status and the server's `error`, documentation kept; text bodies too", async () => {
    const body = { error: "invalid authentication token", documentation: "https://docs.tinybird.co/api-reference/overview#authentication" };
    const client = createAnalyticsClient({ token: "t", fetch: fakeFetch(() => Response.json(body, { status: 403 })).fetch });
    await assert.rejects(client.query.kpis(), (err: unknown) => {
      assert.ok(err instanceof AviaryError);
      assert.equal(err.name, "AviaryError");
      assert.equal(err.status, 403);
      assert.equal(err.message, "invalid authentication token");
      assert.equal(err.documentation, body.documentation);
      assert.deepEqual(err.body, body);
      return true;
    });
    const proxy = createAnalyticsClient({ token: "t", fetch: fakeFetch(() => new Response("Bad Gateway", { status: 502 })).fetch });
    await assert.rejects(proxy.query.kpis(), { name: "AviaryError", status: 502, message: "Bad Gateway" });
    const down = createAnalyticsClient({ token: "t", fetch: async () => { throw new TypeError("fetch failed"); } });
    await assert.rejects(down.query.kpis(), { name: "AviaryError", status: 0, message: "could not reach Aviary at http://127.0.0.1:7181: fetch failed" });
    assert.throws(() => createAnalyticsClient({ token: "" }), { name: "AviaryError" });
  });

  test("an aborted call rejects with the abort, not as a server error", async () => {
    const client = createAnalyticsClient({ token: "t", fetch: (_url, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason))) });
    const controller = new AbortController();
    const pending = client.query.kpis({}, { signal: controller.signal });
    controller.abort();
    await assert.rejects(pending, { name: "AbortError" });
  });

  test("track: one NDJSON event to /v0/events?name=analytics_events&wait=true in the tracker's format", async () => {
    const { fetch, sent } = fakeFetch(() => Response.json({ successful_rows: 1, quarantined_rows: 0 }));
    const client = createAnalyticsClient({ token: "tracker", fetch });
    const at = new Date("2024-01-05T10:00:00.000Z");
    assert.deepEqual(await client.track("signup", { plan: "pro" }, { tenantId: "c1", domain: "app.c1.com", sessionId: "s1", timestamp: at }), { successful_rows: 1, quarantined_rows: 0 });
    const [request] = sent;
    assert.equal(request?.url.pathname, "/v0/events");
    assert.deepEqual([...request!.url.searchParams], [["name", "analytics_events"], ["wait", "true"]]);
    assert.equal(request!.init.method, "POST");
    assert.equal(new Headers(request!.init.headers).get("content-type"), "application/x-ndjson");
    assert.deepEqual(JSON.parse(String(request!.init.body)), {
      timestamp: "2024-01-05T10:00:00.000Z", action: "signup", version: "1", payload: '{"plan":"pro"}', session_id: "s1", tenant_id: "c1", domain: "app.c1.com",
    });
  });

  test("ingest: one line per row; wait=false leaves wait out; no rows, no request", async () => {
    const { fetch, sent } = fakeFetch(() => new Response("", { status: 202 }));
    const client = createAnalyticsClient({ token: "tracker", fetch });
    const rows = [1, 2].map((i) => ({ timestamp: "2024-01-01 00:00:00", action: "page_hit", version: "1", payload: `{"i":${i}}` }));
    assert.deepEqual(await client.ingest(rows, { wait: false }), { successful_rows: 2, quarantined_rows: 0 });
    assert.equal(sent[0]?.url.search, "?name=analytics_events");
    assert.deepEqual(String(sent[0]?.init.body).split("\n").map((line) => JSON.parse(line) as unknown), rows);
    assert.deepEqual(await client.ingest([]), { successful_rows: 0, quarantined_rows: 0 });
    assert.equal(sent.length, 1);
  });
});
