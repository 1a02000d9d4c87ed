/** `--retention-days`: the project transform that gives time-partitioned datasources a TTL. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadProject } from "../../src/project/load-project.ts";
import { makeProject, type Column, type Datasource, type EngineSpec } from "../../src/project/model.ts";
import { applyRetention } from "../../src/project/retention.ts";

function datasource(name: string, engine: Partial<EngineSpec>, columns: readonly Column[] = [{ name: "ts", type: "DateTime" }, { name: "tenant_id", type: "String" }]): Datasource {
  return { kind: "datasource", name, columns, engine: { type: "MergeTree", sortingKey: "tenant_id", ...engine }, tokens: [], loc: { file: "test" } };
}

describe("retention transform", () => {
  test("a tenant's days add a rule of their own, with or without the server's, to every datasource with a tenant_id", () => {
    const project = makeProject("test", [datasource("events", { partitionKey: "toYYYYMM(ts)" }), datasource("no_tenant", { partitionKey: "toDate(ts)" }, [{ name: "ts", type: "DateTime" }])], []);
    const ttl = (days: number, tenants: Record<string, number>) => Object.fromEntries([...applyRetention(project, days, tenants).project.datasources.values()].map((ds) => [ds.name, ds.engine.ttl]));
    assert.deepEqual(ttl(90, { "o'brien": 7, acme: 30 }), {
      events: "ts + INTERVAL 90 DAY, ts + INTERVAL 30 DAY DELETE WHERE tenant_id = 'acme', ts + INTERVAL 7 DAY DELETE WHERE tenant_id = 'o\\'brien'",
      no_tenant: "ts + INTERVAL 90 DAY",
    });
    assert.deepEqual(ttl(0, { acme: 30 }), { events: "ts + INTERVAL 30 DAY DELETE WHERE tenant_id = 'acme'", no_tenant: undefined });
    assert.deepEqual(ttl(0, { acme: 0 }), { events: undefined, no_tenant: undefined });
  });

  test("the kit: the landing table by timestamp, the views by their bucket or last_seen", async () => {
    const kit = await loadProject("kit/index.ts");
    const { project, report } = applyRetention(kit, 30);
    const ttls = Object.fromEntries([...project.datasources.values()].map((ds) => [ds.name, ds.engine.ttl]));
    assert.deepEqual(ttls, {
      analytics_events: "timestamp + INTERVAL 30 DAY",
      analytics_pages_mv: "date + INTERVAL 30 DAY",
      analytics_sessions_mv: "date + INTERVAL 30 DAY",
      analytics_sources_mv: "date + INTERVAL 30 DAY",
      analytics_visits_mv: "date + INTERVAL 30 DAY",
      analytics_custom_events_mv: "timestamp + INTERVAL 30 DAY",
      analytics_page_views_mv: "timestamp + INTERVAL 30 DAY",
      tenant_actions_mv: "last_seen + INTERVAL 30 DAY",
      tenant_domains_mv: "last_seen + INTERVAL 30 DAY",
      // Definitions, not events: a goal or funnel must outlive the events it counts.
      analytics_goals: undefined,
      analytics_funnels: undefined,
    });
    assert.deepEqual(report.skipped, [
      { datasource: "analytics_funnels", reason: "it has no partition key" },
      { datasource: "analytics_goals", reason: "it has no partition key" },
    ]);
    assert.equal(report.applied.length, 9);
    assert.deepEqual([...project.pipes.keys()], [...kit.pipes.keys()]);
    // The loaded project is left as it was.
    assert.equal(kit.datasources.get("analytics_events")?.engine.ttl, undefined);
  });

  test("0 days is off: the very same project", async () => {
    const kit = await loadProject("kit/index.ts");
    const { project, report } = applyRetention(kit, 0);
    assert.equal(project, kit);
    assert.deepEqual(report, { applied: [], skipped: [] });
  });

  test("finds the time column in any time bucket of the key, and skips, saying why, what it cannot expire", () => {
    const project = makeProject("test", [
      datasource("monthly", { partitionKey: "toYYYYMM(ts)" }),
      datasource("weekly_in_tuple", { partitionKey: "(tenant_id, toStartOfWeek(`ts`, 1))" }),
      datasource("by_day", { partitionKey: "toDate(ts, 'UTC')" }),
      datasource("bare_date", { partitionKey: "day" }, [{ name: "day", type: "Date" }]),
      datasource("view_target", { type: "AggregatingMergeTree", partitionKey: "toStartOfMonth(bucket)" }, []),
      datasource("own_ttl", { partitionKey: "toYYYYMM(ts)", ttl: "ts + INTERVAL 1 YEAR" }),
      datasource("by_tenant", { partitionKey: "tenant_id" }),
      datasource("unpartitioned", {}),
      datasource("nullable_time", { partitionKey: "toYYYYMM(ts)" }, [{ name: "ts", type: "Nullable(DateTime)" }]),
      datasource("missing_column", { partitionKey: "toYYYYMM(created)" }),
      datasource("null_engine", { type: "Null" }),
    ], []);
    const { project: out, report } = applyRetention(project, 7);
    assert.deepEqual(report.applied, [
      { datasource: "monthly", ttl: "ts + INTERVAL 7 DAY" },
      { datasource: "weekly_in_tuple", ttl: "ts + INTERVAL 7 DAY" },
      { datasource: "by_day", ttl: "ts + INTERVAL 7 DAY" },
      { datasource: "bare_date", ttl: "day + INTERVAL 7 DAY" },
      { datasource: "view_target", ttl: "bucket + INTERVAL 7 DAY" },
    ]);
    assert.deepEqual(report.skipped, [
      { datasource: "own_ttl", reason: "it keeps its own TTL (ts + INTERVAL 1 YEAR)" },
      { datasource: "by_tenant", reason: "its partition key (tenant_id) uses tenant_id, a String, not a Date or DateTime" },
      { datasource: "unpartitioned", reason: "it has no partition key" },
      { datasource: "nullable_time", reason: "its partition key (toYYYYMM(ts)) uses ts, a Nullable(DateTime), not a Date or DateTime" },
      { datasource: "missing_column", reason: "its partition key (toYYYYMM(created)) uses created, which is not one of its columns" },
    ]);
    assert.equal(out.datasources.get("own_ttl")?.engine.ttl, "ts + INTERVAL 1 YEAR");
    assert.equal(out.datasources.get("by_tenant")?.engine.ttl, undefined);
    assert.equal(out.datasources.get("null_engine")?.engine.ttl, undefined);
  });
});
