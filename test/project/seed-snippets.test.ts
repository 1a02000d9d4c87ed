/**
 * The seed's TypeScript snippets load exactly as written and deploy: the landing table
 * with its engine and sorting key, current_visitors without output or node names, and
 * analytics_pages_mv whose schema comes from the view that fills it.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { loadProject } from "../../src/project/load-project.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";

const PROJECT = "test/fixtures/seed-project/index.ts";

describe("seed snippets", () => {
  test("load into the project model", async () => {
    const project = await loadProject(PROJECT);
    const events = project.datasources.get("analytics_events")!;
    assert.deepEqual(
      events.columns.map((c) => [c.name, c.type, c.jsonPath, c.defaultExpr]),
      [
        ["timestamp", "DateTime", "$.timestamp", undefined],
        ["session_id", "Nullable(String)", "$.session_id", undefined],
        ["action", "LowCardinality(String)", "$.action", undefined],
        ["version", "LowCardinality(String)", "$.version", undefined],
        ["payload", "String", "$.payload", undefined],
        ["tenant_id", "String", "$.tenant_id", "''"],
        ["domain", "String", "$.domain", "''"],
      ],
    );
    assert.deepEqual(events.engine, { type: "MergeTree", partitionKey: "toYYYYMM(timestamp)", sortingKey: "tenant_id, domain, timestamp", primaryKey: undefined, ttl: undefined, settings: undefined, ver: undefined, isDeleted: undefined, sign: undefined, version: undefined, summingColumns: undefined });
    const visitors = project.pipes.get("current_visitors")!;
    assert.equal(visitors.type, "endpoint");
    assert.equal(visitors.output, undefined);
    assert.deepEqual(visitors.nodes.map((n) => n.name), ["current_visitors"]);
    assert.deepEqual(visitors.params.map((p) => [p.name, p.type, p.required, p.description]), [
      ["tenant_id", "String", false, "Filter by tenant ID"],
      ["domain", "String", false, "Filter by domain"],
    ]);
    assert.equal(visitors.loc.file, PROJECT);
    assert.ok(visitors.loc.line !== undefined && visitors.loc.line > 1);
    assert.deepEqual(project.datasources.get("analytics_pages_mv")!.columns, []);
  });

  describe("deployed", () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ project: PROJECT });
    });
    after(() => server.stop());

    test("current_visitors counts recent sessions per tenant", async () => {
      const now = new Date().toISOString().slice(0, 19).replace("T", " ");
      const rows = [
        { timestamp: now, session_id: "s1", action: "page_hit", version: "1", payload: '{"pathname":"/"}', tenant_id: "customer-123", domain: "app.customer.com" },
        { timestamp: now, session_id: "s2", action: "page_hit", version: "1", payload: '{"pathname":"/a"}', tenant_id: "customer-123", domain: "app.customer.com" },
        { timestamp: now, session_id: "s3", action: "page_hit", version: "1", payload: '{"pathname":"/"}', tenant_id: "other", domain: "other.com" },
        { timestamp: now, session_id: null, action: "page_hit", version: "1", payload: "{}" },
      ];
      const append = await api(server, "/v0/datasources?name=analytics_events&mode=append&format=ndjson", {
        method: "POST",
        body: rows.map((r) => JSON.stringify(r)).join("\n"),
        headers: { "content-type": "application/x-ndjson" },
      });
      assert.equal(append.status, 200, await append.text());
      const all = (await (await api(server, "/v0/pipes/current_visitors.json")).json()) as { data: unknown[] };
      assert.deepEqual(all.data, [{ visits: 4 }]);
      const tenant = (await (await api(server, "/v0/pipes/current_visitors.json?tenant_id=customer-123&domain=app.customer.com")).json()) as { data: unknown[] };
      assert.deepEqual(tenant.data, [{ visits: 2 }]);
    });

    test("analytics_pages_mv takes its columns from the view and is filled on insert", async () => {
      const describe = await api(server, `/v0/sql?q=${encodeURIComponent("DESCRIBE analytics_pages_mv FORMAT JSONEachRow")}`);
      const columns = (await describe.text()).trim().split("\n").map((l) => JSON.parse(l) as { name: string; type: string });
      assert.deepEqual(columns.map((c) => `${c.name} ${c.type}`), [
        "tenant_id String",
        "domain String",
        "date Date",
        "device String",
        "browser String",
        "location String",
        "pathname String",
        "visits AggregateFunction(uniq, String)",
        "hits AggregateFunction(count)",
      ]);
      const pages = await api(server, `/v0/sql?q=${encodeURIComponent("SELECT tenant_id, countMerge(hits) AS hits FROM analytics_pages_mv GROUP BY tenant_id ORDER BY tenant_id FORMAT JSONEachRow")}`);
      assert.equal(await pages.text(), '{"tenant_id":"","hits":1}\n{"tenant_id":"customer-123","hits":2}\n{"tenant_id":"other","hits":1}\n');
    });
  });
});
