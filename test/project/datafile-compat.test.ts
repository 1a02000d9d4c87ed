/** Tinybird datafile constructs beyond the basics, each read into exact model values. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseDatasourceFile, parsePipeFile } from "../../src/project/datafile-parser.ts";
import { loadDatafiles, type DatafileInput } from "../../src/project/load-datafiles.ts";
import { parseTags } from "../../src/project/datafile-common.ts";
import { formatIssue, ProjectError, type ProjectIssue } from "../../src/project/model.ts";

const SCHEMA = "SCHEMA >\n    `id` String,\n    `at` DateTime\n\n";

function datasource(text: string) {
  const { datasource, issues, notes } = parseDatasourceFile(text, "d.datasource");
  assert.deepEqual(issues, []);
  return { ds: datasource!, notes: notes.map(formatIssue) };
}

/** Loads the files and returns [issues, notes], formatted. */
function load(files: Record<string, string>): [string[], string[]] {
  const notes: ProjectIssue[] = [];
  const inputs: DatafileInput[] = Object.entries(files).map(([name, content]) => ({ name, content }));
  try {
    loadDatafiles(inputs, "build", { onNote: (n) => notes.push(n) });
  } catch (error) {
    if (!(error instanceof ProjectError)) throw error;
    return [error.issues.map(formatIssue), notes.map(formatIssue)];
  }
  return [[], notes.map(formatIssue)];
}

describe("TAGS and TOKEN", () => {
  it("reads tags written one per quote, all in one quote or bare; key=value tags are Tinybird's own", () => {
    assert.deepEqual(parseTags('"a", "b"'), ["a", "b"]);
    assert.deepEqual(parseTags('"a, b"'), ["a", "b"]);
    assert.deepEqual(parseTags("a,b, with_staging=true"), ["a", "b"]);
  });

  it("keeps TAGS of a datasource and of a pipe, wherever the pipe writes them", () => {
    assert.deepEqual(datasource(SCHEMA + 'TAGS "web", "raw"\n').ds.tags, ["web", "raw"]);
    const pipe = parsePipeFile("TAGS 'a'\nNODE n\nSQL >\n    SELECT 1\nTAGS \"b, c\"\nTYPE endpoint\n", "p.pipe").pipe!;
    assert.deepEqual(pipe.tags, ["a", "b", "c"]);
  });

  it("token names in single or double quotes; a legacy permission grants READ, with a note saying so", () => {
    const { ds, notes } = datasource(SCHEMA + "TOKEN 'writer' APPEND\nTOKEN \"reader\" READ\nTOKEN app CREATE\n");
    assert.deepEqual(ds.tokens, [
      { name: "writer", permission: "APPEND" },
      { name: "reader", permission: "READ" },
      { name: "app", permission: "READ" },
    ]);
    assert.deepEqual(notes, [`d.datasource:7: TOKEN "app" CREATE: Tinybird's legacy CREATE permission has no counterpart here; in Aviary the token may only read datasource "d"`]);
    const pipe = parsePipeFile("TOKEN 'admin_app' ADMIN\nNODE n\nSQL >\n    SELECT 1\n", "p.pipe");
    assert.deepEqual([pipe.pipe!.tokens, pipe.notes.map(formatIssue)], [
      [{ name: "admin_app", permission: "READ" }],
      [`p.pipe:1: TOKEN "admin_app" ADMIN: Tinybird's legacy ADMIN permission has no counterpart here; in Aviary the token may only read pipe "p"`],
    ]);
  });
});

describe("engine keys, indexes and inactive keywords", () => {
  it("reads INDEXES, ENGINE_SAMPLING_KEY, ENGINE_IS_DELETED and ENGINE_COLUMNS", () => {
    const text = `${SCHEMA}INDEXES >\n    id_set id TYPE set(100) GRANULARITY 2,\n    at_minmax toDate(at) TYPE minmax\n\nENGINE ReplacingMergeTree\nENGINE_SORTING_KEY "id, intHash32(toUInt32(at))"\nENGINE_SAMPLING_KEY "intHash32(toUInt32(at))"\nENGINE_VER at\nENGINE_IS_DELETED deleted\nENGINE_COLUMNS "x"\n`;
    const { ds } = datasource(text);
    assert.deepEqual(ds.indexes, [
      { name: "id_set", expr: "id", type: "set(100)", granularity: 2 },
      { name: "at_minmax", expr: "toDate(at)", type: "minmax" },
    ]);
    assert.deepEqual(ds.engine, {
      type: "ReplacingMergeTree",
      sortingKey: "id, intHash32(toUInt32(at))",
      samplingKey: "intHash32(toUInt32(at))",
      ver: "at",
      isDeleted: "deleted",
      summingColumns: "x",
    });
  });

  it("reads the older un-prefixed engine keys; KEY with a note", () => {
    const { ds, notes } = datasource(`${SCHEMA}SORTING_KEY id\nPARTITION_KEY "toYYYYMM(at)"\nPRIMARY_KEY id\nSAMPLING_KEY "cityHash64(id)"\nTTL "at + toIntervalDay(1)"\n`);
    assert.deepEqual(ds.engine, { type: "MergeTree", sortingKey: "id", partitionKey: "toYYYYMM(at)", primaryKey: "id", samplingKey: "cityHash64(id)", ttl: "at + toIntervalDay(1)" });
    assert.deepEqual(notes, []);
    const key = datasource(`${SCHEMA}KEY "id, at"\n`);
    assert.deepEqual([key.ds.engine.sortingKey, key.notes], ["id, at", ["d.datasource:5: KEY is read as ENGINE_SORTING_KEY"]]);
    const twice = parseDatasourceFile(`${SCHEMA}SORTING_KEY id\nENGINE_SORTING_KEY at\n`, "d.datasource");
    assert.deepEqual(twice.issues.map(formatIssue), ["d.datasource:6: ENGINE_SORTING_KEY is given twice (first on line 5)"]);
  });

  it("accepts FORWARD_QUERY, SHARED_WITH, VERSION and BACKFILL with a note each", () => {
    const { notes } = datasource(`${SCHEMA}FORWARD_QUERY >\n    SELECT id, at\nSHARED_WITH >\n    other_workspace\nVERSION 2\nBACKFILL skip\n`);
    assert.deepEqual(notes, [
      "d.datasource:5: FORWARD_QUERY is ignored: Aviary creates tables from SCHEMA and does not migrate existing rows",
      "d.datasource:7: SHARED_WITH is ignored: Aviary serves a single workspace, so there is no other workspace to share with",
      "d.datasource:9: VERSION is ignored: Aviary keeps one version of each resource (Tinybird has deprecated it too)",
      "d.datasource:10: BACKFILL is ignored",
    ]);
  });

  it("INDEXES lines it can not read, and an index given twice, point at their line", () => {
    const result = parseDatasourceFile(`${SCHEMA}INDEXES >\n    broken id minmax\n    a id TYPE minmax\n    a at TYPE minmax\n`, "d.datasource");
    assert.deepEqual(result.issues.map(formatIssue), [
      'd.datasource:6: INDEXES: expected "name expression TYPE type GRANULARITY n", found "broken id minmax"',
      'd.datasource:8: INDEXES: index "a" is defined twice',
    ]);
  });
});

describe("connectors", () => {
  it("a Kafka datasource gets Tinybird's meta columns after its own, __headers when it stores headers", () => {
    const { ds } = datasource(`${SCHEMA}KAFKA_CONNECTION_NAME 'k'\nKAFKA_TOPIC t\nKAFKA_STORE_HEADERS 'True'\n`);
    assert.deepEqual(ds.connector, { service: "kafka", connection: "k" });
    assert.deepEqual(
      ds.columns.slice(2).map((c) => `${c.name} ${c.type} DEFAULT ${c.defaultExpr}`),
      [
        "__topic LowCardinality(String) DEFAULT ''",
        "__partition Int16 DEFAULT 0",
        "__offset Int64 DEFAULT 0",
        "__timestamp DateTime DEFAULT now()",
        "__key String DEFAULT ''",
        "__value String DEFAULT ''",
        "__headers Map(String, String) DEFAULT map()",
      ],
    );
    const declared = datasource("SCHEMA >\n    `__value` String\n\nKAFKA_TOPIC t\n").ds;
    assert.deepEqual(declared.columns.map((c) => c.name), ["__value", "__topic", "__partition", "__offset", "__timestamp", "__key"]);
  });

  it("a DynamoDB datasource gets _event_name, _timestamp, _record and _is_deleted", () => {
    const { ds } = datasource(`${SCHEMA}IMPORT_CONNECTION_NAME ddb\nIMPORT_TABLE_ARN arn:aws:dynamodb:eu-west-1:1:table/t\n`);
    assert.deepEqual(ds.connector, { service: "dynamodb", connection: "ddb" });
    assert.deepEqual(ds.columns.slice(2).map((c) => `${c.name} ${c.type}`), ["_event_name LowCardinality(String)", "_timestamp DateTime64(3)", "_record String", "_is_deleted UInt8"]);
  });

  it("tells the import service from IMPORT_SERVICE or the bucket", () => {
    const service = (settings: string) => datasource(SCHEMA + settings).ds.connector?.service;
    assert.equal(service("IMPORT_BUCKET_URI s3://b/*.csv\n"), "s3");
    assert.equal(service("IMPORT_BUCKET_URI gs://b/*.csv\n"), "gcs");
    assert.equal(service("IMPORT_SERVICE 'BigQuery'\nIMPORT_QUERY >\n    SELECT 1\n"), "bigquery");
    assert.equal(service("IMPORT_SCHEDULE @on-demand\n"), "import");
  });

  it("TYPE sink is a pipe of its own type, with where it would export", () => {
    const file = 'NODE n\nSQL >\n    SELECT 1\nTYPE sink\nEXPORT_CONNECTION_NAME "gcs_out"\nEXPORT_BUCKET_URI gs://out/x\nEXPORT_SCHEDULE "@on-demand"\n';
    const { pipe, issues } = parsePipeFile(file, "s.pipe");
    assert.deepEqual(issues, []);
    assert.deepEqual([pipe!.type, pipe!.sink], ["sink", { service: "gcs", connection: "gcs_out" }]);
    assert.deepEqual(parsePipeFile("NODE n\nSQL >\n    SELECT 1\nTYPE SINK\nEXPORT_KAFKA_TOPIC t\n", "k.pipe").pipe!.sink, { service: "kafka" });
  });

  it("one note names every inactive connector of a project", () => {
    const [issues, notes] = load({
      "clicks.datasource": `${SCHEMA}KAFKA_CONNECTION_NAME kafka_main\n`,
      "orders.datasource": `${SCHEMA}IMPORT_BUCKET_URI s3://o/*.csv\n`,
      "out.pipe": "NODE n\nSQL >\n    SELECT 1\nTYPE sink\nEXPORT_SERVICE s3\n",
    });
    assert.deepEqual(issues, []);
    assert.deepEqual(notes, [
      'build: connectors are inactive in Aviary: datasource "clicks" (kafka, connection "kafka_main"), datasource "orders" (s3), sink "out" (s3). ' +
        "Their datasources are ordinary tables: send rows with the Events API (POST /v0/events) or the Data Sources API; sinks are ordinary pipes and export nothing",
    ]);
  });
});

describe("INCLUDE", () => {
  const node = "NODE shared\nDESCRIPTION >\n    costs $$1 on ${SITE}\nSQL >\n    SELECT * FROM events WHERE site = '$SITE' AND path = '$PATH_X'\n";

  it("replaces the line by the .incl file, relative to the including file, with the variables of the INCLUDE line", () => {
    const notes: ProjectIssue[] = [];
    const project = loadDatafiles(
      [
        { name: "p/events.datasource", content: "SCHEMA >\n    `site` String,\n    `path` String\n" },
        { name: "p/includes/shared.incl", content: node },
        { name: "p/pipes/top.pipe", content: 'INCLUDE "../includes/shared.incl" "SITE=a.example" SITE_X=no\n\nNODE endpoint\nSQL >\n    SELECT count() FROM shared\nTYPE endpoint\n' },
      ],
      "build",
      { onNote: (n) => notes.push(n) },
    );
    const [shared, endpoint] = project.pipes.get("top")!.nodes;
    assert.deepEqual(shared, {
      name: "shared",
      description: "costs $1 on a.example",
      sql: "SELECT * FROM events WHERE site = 'a.example' AND path = '$PATH_X'",
      loc: { file: "p/includes/shared.incl", line: 1 },
      sqlLine: 5,
    });
    assert.deepEqual([endpoint!.loc, endpoint!.sqlLine], [{ file: "p/pipes/top.pipe", line: 3 }, 5]);
    assert.deepEqual(notes, []);
  });

  it("includes settings into a datasource, nested includes too; a build's flat file names are found by base name", () => {
    const [issues] = load({
      "k.datasource": `${SCHEMA}INCLUDE "connections/kafka.incl" GROUP=g1\n`,
      "kafka.incl": "KAFKA_CONNECTION_NAME main\nINCLUDE topic.incl\n",
      "topic.incl": "KAFKA_TOPIC events\nKAFKA_GROUP_ID $GROUP\n",
    });
    assert.deepEqual(issues, []);
  });

  it("a missing file, an include cycle, and an issue inside the .incl point where they are", () => {
    const [issues] = load({
      "a.pipe": 'INCLUDE "nowhere.incl"\nINCLUDE "../includes/kafka_$TB_ENV.incl"\nINCLUDE "loop.incl"\nNODE n\nSQL >\n    SELECT 1\n',
      "loop.incl": "INCLUDE loop.incl\n",
      "bad.pipe": 'NODE n\nSQL >\n    SELECT 1\nINCLUDE "bad.incl"\n',
      "bad.incl": "TYPE endpoint\nBOGUS 1\n",
    });
    assert.deepEqual(issues, [
      "a.pipe:1: INCLUDE \"nowhere.incl\": no such .incl file next to a.pipe",
      "a.pipe:2: INCLUDE \"../includes/kafka_$TB_ENV.incl\": no such .incl file next to a.pipe; Aviary does not put environment variables into include paths",
      "bad.incl:2: unknown keyword \"BOGUS\" in a .pipe file",
      "loop.incl:1: INCLUDE \"loop.incl\": loop.incl is already being included (an include cycle)",
    ]);
  });
});

describe("classic-format projects and names Aviary can not provide", () => {
  const events = "SCHEMA >\n    `site` String\n";
  const mv = "SCHEMA >\n    `site` String,\n    `n` AggregateFunction(count)\n\nENGINE AggregatingMergeTree\nENGINE_SORTING_KEY site\n";

  it("with no TYPE endpoint anywhere, each untyped pipe serves its last node; DATASOURCE alone makes a materialization", () => {
    const notes: ProjectIssue[] = [];
    const files = {
      "events.datasource": events,
      "per_site.datasource": mv,
      "to_per_site.pipe": "NODE m\nSQL >\n    SELECT site, countState() AS n FROM events GROUP BY site\nDATASOURCE per_site\n",
      "sites.pipe": "NODE endpoint\nSQL >\n    SELECT site FROM events\n",
    };
    const project = loadDatafiles(Object.entries(files).map(([name, content]) => ({ name, content })), "build", { onNote: (n) => notes.push(n) });
    assert.deepEqual([...project.pipes.values()].map((p) => [p.name, p.type, p.targetDatasource]), [["to_per_site", "materialized", "per_site"], ["sites", "endpoint", undefined]]);
    assert.deepEqual(notes.map(formatIssue), ["build: classic-format project: no pipe declares TYPE endpoint, so each pipe without a TYPE serves its last node as an endpoint, as Tinybird Classic published them: sites"]);
  });

  it("once one pipe declares TYPE endpoint, untyped pipes stay unpublished", () => {
    const files = [
      { name: "events.datasource", content: events },
      { name: "a.pipe", content: "NODE n\nSQL >\n    SELECT site FROM events\nTYPE endpoint\n" },
      { name: "b.pipe", content: "NODE n\nSQL >\n    SELECT site FROM events\n" },
    ];
    assert.deepEqual([...loadDatafiles(files, "build").pipes.values()].map((p) => p.type), ["endpoint", "default"]);
  });

  it("another workspace's datasource, a release's resource and Tinybird's service datasources are refused with why", () => {
    const sql = "SELECT * FROM analytics_ws.events\n    JOIN v1_0_2.events USING site\n    JOIN tinybird.pipe_stats_rt ON 1\n    JOIN system.one ON 1";
    const [issues] = load({ "events.datasource": events, "p.pipe": `NODE n\nSQL >\n    ${sql}\nTYPE endpoint\n` });
    assert.deepEqual(issues, [
      'p.pipe:3: node "n" reads from "analytics_ws.events" is datasource "events" shared from workspace "analytics_ws": Aviary serves a single workspace, so add "events" to this project and read it as "events"',
      'p.pipe:4: node "n" reads from "v1_0_2.events" is a resource of Tinybird release 1.0.2: Aviary keeps no releases, read "events" instead',
      "p.pipe:5: node \"n\" reads from \"tinybird.pipe_stats_rt\" is one of Tinybird's service datasources, which Aviary does not have",
    ]);
  });

  it("ENGINE_IS_DELETED without ENGINE_VER", () => {
    const [issues] = load({ "d.datasource": "SCHEMA >\n    `id` String,\n    `gone` UInt8\n\nENGINE ReplacingMergeTree\nENGINE_SORTING_KEY id\nENGINE_IS_DELETED gone\n" });
    assert.deepEqual(issues, ["d.datasource:1: ENGINE_IS_DELETED needs ENGINE_VER: ClickHouse reads the deleted flag only next to a version column"]);
  });
});
