import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseDatasourceFile, parsePipeFile } from "../../src/project/datafile-parser.ts";
import { loadDatafileFolder } from "../../src/project/load-datafiles.ts";
import type { Datasource, Pipe } from "../../src/project/model.ts";

const VALID = fileURLToPath(new URL("../fixtures/datafiles/valid/", import.meta.url));
const read = (path: string): string => readFileSync(VALID + path, "utf8");

function datasource(path: string): Datasource {
  const result = parseDatasourceFile(read(path), path);
  assert.deepEqual(result.issues, []);
  assert.ok(result.datasource);
  return result.datasource;
}

function pipe(path: string): Pipe {
  const result = parsePipeFile(read(path), path);
  assert.deepEqual(result.issues, []);
  assert.ok(result.pipe);
  return result.pipe;
}

describe("parseDatasourceFile on the fixture project", () => {
  it("reads the landing datasource: json paths, defaults, codec, multi-line description, token", () => {
    const file = "datasources/analytics_events.datasource";
    const col = (name: string, type: string, line: number, extra: object = {}) => ({ name, type, ...extra, loc: { file, line } });
    assert.deepEqual(datasource(file), {
      kind: "datasource",
      name: "analytics_events",
      description: "Raw events sent by the tracker.\nOne row per event.",
      columns: [
        col("timestamp", "DateTime", 9, { jsonPath: "$.timestamp" }),
        col("session_id", "Nullable(String)", 10, { jsonPath: "$.session_id" }),
        col("action", "LowCardinality(String)", 11, { jsonPath: "$.action" }),
        col("version", "LowCardinality(String)", 12, { jsonPath: "$.version" }),
        col("payload", "String", 13, { jsonPath: "$.payload", codec: "ZSTD(1)" }),
        col("tenant_id", "String", 14, { jsonPath: "$.tenant_id", defaultExpr: "''" }),
        col("domain", "String", 15, { jsonPath: "$.domain", defaultExpr: "''" }),
        col("tags", "Map(String, Array(Nullable(String)))", 16, { jsonPath: "$.tags", defaultExpr: "map()" }),
        col("received_at", "DateTime64(3, 'UTC')", 17, { defaultExpr: "now64(3, 'UTC')" }),
      ],
      engine: {
        type: "MergeTree",
        partitionKey: "toYYYYMM(timestamp)",
        sortingKey: "tenant_id, domain, timestamp",
        ttl: "timestamp + toIntervalDay(365)",
        settings: "index_granularity=8192",
      },
      tokens: [{ name: "tracker", permission: "APPEND" }],
      loc: { file, line: 1 },
    });
  });

  it("reads the AggregatingMergeTree target with bare (unquoted) engine values", () => {
    const file = "datasources/analytics_pages_mv.datasource";
    const col = (name: string, type: string, line: number) => ({ name, type, loc: { file, line } });
    assert.deepEqual(datasource(file), {
      kind: "datasource",
      name: "analytics_pages_mv",
      description: "Page views per day, pre-aggregated.",
      columns: [
        col("date", "Date", 4),
        col("tenant_id", "String", 5),
        col("domain", "String", 6),
        col("pathname", "String", 7),
        col("visits", "AggregateFunction(uniq, String)", 8),
        col("hits", "AggregateFunction(count)", 9),
        col("last_seen", "SimpleAggregateFunction(max, DateTime)", 10),
      ],
      engine: { type: "AggregatingMergeTree", partitionKey: "toYYYYMM(date)", sortingKey: "tenant_id, domain, date, pathname" },
      tokens: [],
      loc: { file, line: 1 },
    });
  });

  it("reads ENGINE_VER of a ReplacingMergeTree", () => {
    const ds = datasource("datasources/pages_daily_snapshot.datasource");
    assert.deepEqual(ds.engine, { type: "ReplacingMergeTree", sortingKey: "snapshot_date, tenant_id", ver: "pageviews" });
    assert.deepEqual(ds.columns.map((c) => `${c.name} ${c.type}`), ["snapshot_date Date", "tenant_id String", "pageviews UInt64"]);
  });
});

describe("parsePipeFile on the fixture project", () => {
  it("reads the intermediate endpoint: pipe and node descriptions, the % line, template blocks", () => {
    const file = "pipes/analytics_hits.pipe";
    assert.deepEqual(pipe(file), {
      kind: "pipe",
      name: "analytics_hits",
      description: "Parsed page views.",
      nodes: [
        {
          name: "parsed_hits",
          description: "Page hits with their payload fields extracted.",
          sql: [
            "%",
            "SELECT",
            "    timestamp,",
            "    tenant_id,",
            "    domain,",
            "    coalesce(session_id, '0') AS session_id,",
            "    JSONExtractString(payload, 'pathname') AS pathname",
            "FROM analytics_events",
            "WHERE action = 'page_hit'",
            "{% if defined(tenant_id) %} AND tenant_id = {{ String(tenant_id) }} {% end %}",
          ].join("\n"),
          loc: { file, line: 6 },
          sqlLine: 10,
        },
      ],
      type: "endpoint",
      tokens: [{ name: "dashboard", permission: "READ" }],
      params: [],
      loc: { file, line: 1 },
    });
  });

  it("reads the materialized pipe whose TYPE and DATASOURCE follow its node", () => {
    const file = "materializations/analytics_pages.pipe";
    assert.deepEqual(pipe(file), {
      kind: "pipe",
      name: "analytics_pages",
      nodes: [
        {
          name: "analytics_pages_1",
          sql: [
            "SELECT",
            "    toDate(timestamp) AS date,",
            "    tenant_id,",
            "    domain,",
            "    pathname,",
            "    uniqState(session_id) AS visits,",
            "    countState() AS hits,",
            "    maxSimpleState(timestamp) AS last_seen",
            "FROM analytics_hits",
            "GROUP BY date, tenant_id, domain, pathname",
          ].join("\n"),
          loc: { file, line: 1 },
          sqlLine: 3,
        },
      ],
      type: "materialized",
      targetDatasource: "analytics_pages_mv",
      tokens: [],
      params: [],
      loc: { file, line: 1 },
    });
  });

  it("reads the two-node endpoint with template params and TYPE inside the last node", () => {
    const file = "endpoints/top_pages.pipe";
    assert.deepEqual(pipe(file), {
      kind: "pipe",
      name: "top_pages",
      nodes: [
        {
          name: "filtered",
          sql: [
            "%",
            "SELECT pathname, uniqMerge(visits) AS visits, countMerge(hits) AS hits",
            "FROM analytics_pages_mv",
            "WHERE date >= {{ Date(date_from, '2024-01-01') }}",
            "  AND date <= {{ Date(date_to, '2024-12-31') }}",
            "  {% if defined(tenant_id) %} AND tenant_id = {{ String(tenant_id) }} {% end %}",
            "GROUP BY pathname",
          ].join("\n"),
          loc: { file, line: 3 },
          sqlLine: 5,
        },
        {
          name: "endpoint",
          description: "Most visited pages",
          sql: ["%", "SELECT pathname, visits, hits", "FROM filtered", "ORDER BY visits DESC", "LIMIT {{ Int32(skip, 0) }}, {{ Int32(limit, 50) }}"].join("\n"),
          loc: { file, line: 13 },
          sqlLine: 16,
        },
      ],
      type: "endpoint",
      tokens: [{ name: "dashboard", permission: "READ" }],
      params: [],
      loc: { file, line: 1 },
    });
  });

  it("reads the copy pipe: TARGET_DATASOURCE, COPY_MODE, quoted COPY_SCHEDULE", () => {
    const file = "copies/snapshot_pages.pipe";
    assert.deepEqual(pipe(file), {
      kind: "pipe",
      name: "snapshot_pages",
      nodes: [
        {
          name: "snapshot",
          sql: "SELECT today() AS snapshot_date, tenant_id, countMerge(hits) AS pageviews\nFROM analytics_pages_mv\nGROUP BY tenant_id",
          loc: { file, line: 1 },
          sqlLine: 3,
        },
      ],
      type: "copy",
      targetDatasource: "pages_daily_snapshot",
      copyMode: "replace",
      copySchedule: "0 * * * *",
      tokens: [],
      params: [],
      loc: { file, line: 1 },
    });
  });
});

describe("loadDatafileFolder on the fixture project", () => {
  it("finds every datafile in subfolders, skips dot-folders, and validates cleanly", async () => {
    const project = await loadDatafileFolder(VALID);
    assert.deepEqual([...project.datasources.keys()], ["analytics_events", "analytics_pages_mv", "pages_daily_snapshot"]);
    assert.deepEqual([...project.pipes.keys()], ["snapshot_pages", "top_pages", "analytics_pages", "analytics_hits"]);
    assert.equal(project.source, VALID);
    assert.equal(project.pipes.get("top_pages")!.nodes[1]!.loc.file, `${VALID}endpoints/top_pages.pipe`);
  });
});
