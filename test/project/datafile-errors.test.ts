/** Malformed datafiles: each case asserts the exact messages and lines a user would see. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { loadDatafiles } from "../../src/project/load-datafiles.ts";
import { parseDatasourceFile, parsePipeFile } from "../../src/project/datafile-parser.ts";
import { formatIssue, ProjectError } from "../../src/project/model.ts";

const EVENTS = `SCHEMA >
    timestamp DateTime \`json:$.timestamp\`,
    tenant_id String \`json:$.tenant_id\`

ENGINE_SORTING_KEY tenant_id, timestamp
`;

/** The formatted issues of loading these files together with a valid `events` datasource. */
function issuesOf(files: Record<string, string>): string[] {
  const inputs = Object.entries({ "events.datasource": EVENTS, ...files }).map(([name, content]) => ({ name, content }));
  try {
    loadDatafiles(inputs, "build");
  } catch (error) {
    if (error instanceof ProjectError) return error.issues.map(formatIssue);
    throw error;
  }
  return [];
}

const endpoint = (sql: string): string => `NODE endpoint\nSQL >\n${sql.split("\n").map((l) => `    ${l}`).join("\n")}\n\nTYPE endpoint\n`;

describe("datasource errors", () => {
  it("unknown column type, with a suggestion", () => {
    assert.deepEqual(issuesOf({ "a.datasource": "SCHEMA >\n    id UInt64,\n    name Strng\n" }), [
      'a.datasource:3: column "name": unknown type "Strng" (did you mean "String"?)',
    ]);
  });

  it("unknown type nested in a wrapper names the whole type", () => {
    assert.deepEqual(issuesOf({ "a.datasource": "SCHEMA >\n    tags Array(LowCardinality(Strin))\n" }), [
      'a.datasource:2: column "tags": unknown type "Strin" (did you mean "String"?) in "Array(LowCardinality(Strin))"',
    ]);
  });

  it("invalid type parameters", () => {
    assert.deepEqual(issuesOf({ "a.datasource": "SCHEMA >\n    at DateTime64(12),\n    tags Nullable(Array(String))\n" }), [
      `a.datasource:2: column "at": invalid type "DateTime64(12)": expected DateTime64(precision 0-9) or DateTime64(precision, 'time zone')`,
      'a.datasource:3: column "tags": invalid type "Nullable(Array(String))": Array can not be inside Nullable; write Array(Nullable(…)) or drop Nullable',
    ]);
  });

  it("missing SCHEMA", () => {
    assert.deepEqual(issuesOf({ "a.datasource": 'ENGINE "MergeTree"\n' }), [
      'a.datasource: missing SCHEMA: a .datasource file needs a "SCHEMA >" block listing its columns',
    ]);
  });

  it("SCHEMA written without >", () => {
    assert.deepEqual(issuesOf({ "a.datasource": "SCHEMA id UInt64\n" }), [
      'a.datasource:1: SCHEMA needs a block: write "SCHEMA >" and list the columns on indented lines below',
    ]);
  });

  it("unknown keyword, and connector settings Tinybird does not have either", () => {
    assert.deepEqual(issuesOf({ "a.datasource": "SCHEMA >\n    id UInt64\n\nENGINE_SORTNG_KEY id\nKAFKA_TOPIC events\nKAFKA_TOPPIC events\nIMPORT_BUCKET_URL s3://b/*.csv\n" }), [
      'a.datasource:4: unknown keyword "ENGINE_SORTNG_KEY" in a .datasource file',
      'a.datasource:6: unknown connector setting "KAFKA_TOPPIC" (did you mean "KAFKA_TOPIC"?)',
      'a.datasource:7: unknown connector setting "IMPORT_BUCKET_URL" (did you mean "IMPORT_BUCKET_URI"?)',
    ]);
  });

  it("duplicate column", () => {
    assert.deepEqual(issuesOf({ "a.datasource": "SCHEMA >\n    id UInt64,\n    name String,\n    `id` String\n" }), [
      'a.datasource:4: column "id" is defined twice (first on line 2)',
    ]);
  });

  it("unknown engine", () => {
    assert.deepEqual(issuesOf({ "a.datasource": 'SCHEMA >\n    id UInt64\n\nENGINE "AgregatingMergeTree"\n' }), [
      'a.datasource:4: unknown engine "AgregatingMergeTree" (did you mean "AggregatingMergeTree"?); expected one of MergeTree, ReplacingMergeTree, SummingMergeTree, AggregatingMergeTree, CollapsingMergeTree, VersionedCollapsingMergeTree, Null',
    ]);
  });

  it("sorting key and ENGINE_VER naming columns that do not exist; expressions are left alone", () => {
    const file = 'SCHEMA >\n    id UInt64,\n    at DateTime\n\nENGINE ReplacingMergeTree\nENGINE_SORTING_KEY "id, toDate(at), tenant"\nENGINE_VER "versoin"\n';
    assert.deepEqual(issuesOf({ "a.datasource": file }), [
      'a.datasource:1: sorting key refers to column "tenant", which is not in the schema',
      'a.datasource:1: ENGINE_VER refers to column "versoin", which is not in the schema',
    ]);
  });

  it("unclosed parenthesis in SCHEMA", () => {
    assert.deepEqual(issuesOf({ "a.datasource": "SCHEMA >\n    id UInt64,\n    tags Array(String,\n    name String\n" }), [
      'a.datasource:3: unclosed ( in SCHEMA',
    ]);
  });

  it("column clauses it does not understand", () => {
    const file = "SCHEMA >\n    id UInt64 `json:$.id` DEFAULT 0 CODEC(Delta, ZSTD(1)) COMMENT 'x',\n    total UInt64 MATERIALIZED id * 2\n";
    assert.deepEqual(issuesOf({ "a.datasource": file }), [
      'a.datasource:2: column "id": unexpected "COMMENT" after the type; expected `json:$.path`, DEFAULT or CODEC(...)',
      'a.datasource:3: column "total": MATERIALIZED columns are not supported; use DEFAULT',
    ]);
  });

  it("tokens: missing or wrong permission, invalid names", () => {
    const file = 'SCHEMA >\n    id UInt64\n\nTOKEN "reader"\nTOKEN writer WRITE\nTOKEN "my token" READ\n';
    assert.deepEqual(issuesOf({ "a.datasource": file }), [
      'a.datasource:1: token name "my token" is invalid: use letters, digits and "_", starting with a letter or "_"',
      'a.datasource:4: TOKEN "reader" needs a permission: READ or APPEND',
      'a.datasource:5: TOKEN "writer": the permission must be READ or APPEND, not "WRITE"',
    ]);
  });

  it("a keyword given twice", () => {
    assert.deepEqual(issuesOf({ "a.datasource": "SCHEMA >\n    id UInt64\nENGINE MergeTree\nENGINE Null\n" }), [
      "a.datasource:4: ENGINE is given twice (first on line 3)",
    ]);
  });

  it("invalid datasource name from the file name", () => {
    assert.deepEqual(issuesOf({ "my-events.datasource": "SCHEMA >\n    id UInt64\n" }), [
      'my-events.datasource:1: datasource name "my-events" is invalid: use letters, digits and "_", starting with a letter or "_"',
    ]);
  });
});

describe("block and indentation errors", () => {
  it("SQL > followed by a blank line and unindented lines reports once, not once per line", () => {
    assert.deepEqual(issuesOf({ "p.pipe": "NODE endpoint\nSQL >\n\nSELECT *\nFROM events\n\nTYPE endpoint\n" }), [
      'p.pipe:2: "SQL >" is not followed by an indented block; indent the lines that belong to it',
    ]);
  });

  it("SCHEMA > with unindented columns is one issue, not also a missing SCHEMA", () => {
    assert.deepEqual(issuesOf({ "a.datasource": "SCHEMA >\n\nid UInt64\n\nENGINE MergeTree\n" }), [
      'a.datasource:1: "SCHEMA >" is not followed by an indented block; indent the lines that belong to it',
    ]);
  });

  it("indented lines under a keyword that does not open a block", () => {
    assert.deepEqual(issuesOf({ "p.pipe": "NODE endpoint\nSQL\n    SELECT * FROM events\n    LIMIT 1\n" }), [
      'p.pipe:1: node "endpoint" has no SQL; add an "SQL >" block',
      'p.pipe:3: indented line, but "SQL" on line 2 does not open a block; write "SQL >" to start one',
    ]);
  });

  it("an indented first line", () => {
    assert.deepEqual(issuesOf({ "a.datasource": "    SCHEMA >\n        id UInt64\n" }), [
      "a.datasource: missing SCHEMA: a .datasource file needs a \"SCHEMA >\" block listing its columns",
      "a.datasource:1: indented line before any keyword; keywords start at the beginning of a line",
    ]);
  });

  it("text after > on the same line", () => {
    assert.deepEqual(issuesOf({ "p.pipe": "NODE endpoint\nSQL > SELECT 1\n    SELECT * FROM events\n" }), [
      'p.pipe:2: text after "SQL >" on the same line; put the block on the indented lines below',
    ]);
  });
});

describe("pipe errors", () => {
  it("unknown keyword in a pipe", () => {
    assert.deepEqual(issuesOf({ "p.pipe": endpoint("SELECT * FROM events") + "LIMIT 10\n" }), ['p.pipe:6: unknown keyword "LIMIT" in a .pipe file']);
  });

  it("node reading a table that does not exist (the line of the FROM)", () => {
    const sql = "SELECT count() AS hits\nFROM analytics_evnts\nWHERE 1";
    assert.deepEqual(issuesOf({ "kit/x.pipe": endpoint(sql) }), [
      'kit/x.pipe:4: node "endpoint" reads from "analytics_evnts", which is neither a datasource, a pipe nor an earlier node',
    ]);
  });

  it("node reading a later node", () => {
    const file = "NODE first\nSQL >\n    SELECT * FROM second\n\nNODE second\nSQL >\n    SELECT * FROM events\n";
    assert.deepEqual(issuesOf({ "p.pipe": file }), [
      'p.pipe:3: node "first" reads from "second", which is not defined above it; a node can only read from earlier nodes',
    ]);
  });

  it("names that are fine: CTEs, table functions, system tables, subqueries, quarantine, templated names", () => {
    const sql = [
      "%",
      "WITH recent AS (SELECT * FROM events WHERE timestamp > now() - 60)",
      "SELECT EXTRACT(DAY FROM timestamp) AS d, trim(BOTH ' ' FROM tenant_id) AS t -- FROM nowhere",
      "FROM recent",
      "JOIN (SELECT number FROM numbers(10)) AS n ON 1",
      "LEFT JOIN system.one ON 1",
      "ARRAY JOIN [1, 2] AS a",
      "WHERE 'FROM nowhere' != '' AND tenant_id IN (SELECT tenant_id FROM events_quarantine)",
      "/* FROM nowhere */",
      "{% if defined(x) %} UNION ALL SELECT * FROM {{ TABLE(x) }} {% end %}",
    ].join("\n");
    assert.deepEqual(issuesOf({ "p.pipe": endpoint(sql) }), []);
  });

  it("parameters named q or format, with the line inside the SQL as Tinybird gives it", () => {
    const sql = "%\nSELECT * FROM events\nWHERE tenant_id = {{ String(q) }}\n{% if defined(format) %} LIMIT 1 {% end %}\n{{ String(tenant, format='x') }}";
    assert.deepEqual(issuesOf({ "p.pipe": endpoint(sql) }), [
      'p.pipe:5: node "endpoint": "q" can not be used as a variable name, line 3',
      'p.pipe:6: node "endpoint": "format" can not be used as a variable name, line 4',
    ]);
  });

  it("materialized pipe without DATASOURCE, and with a missing target", () => {
    const mv = (extra: string) => `NODE mv\nSQL >\n    SELECT tenant_id FROM events\n\nTYPE MATERIALIZED\n${extra}`;
    assert.deepEqual(issuesOf({ "a.pipe": mv(""), "b.pipe": mv("DATASOURCE events_by_tenant\n") }), [
      'a.pipe:1: materialized pipe "a" has no DATASOURCE; name the datasource it writes into',
      'b.pipe:1: materialized pipe "b" writes into "events_by_tenant", which is not a datasource of this project',
    ]);
  });

  it("copy pipe without TARGET_DATASOURCE, with a missing target, with a bad COPY_MODE", () => {
    const copy = (extra: string) => `NODE c\nSQL >\n    SELECT tenant_id FROM events\n\nTYPE copy\n${extra}`;
    assert.deepEqual(issuesOf({ "a.pipe": copy(""), "b.pipe": copy("TARGET_DATASOURCE evnts\nCOPY_MODE overwrite\n") }), [
      'a.pipe:1: copy pipe "a" has no TARGET_DATASOURCE; name the datasource it writes into',
      'b.pipe:1: copy pipe "b" writes into "evnts", which is not a datasource of this project (did you mean "events"?)',
      'b.pipe:7: COPY_MODE must be append or replace, not "overwrite"',
    ]);
  });

  it("settings that do not match the TYPE", () => {
    const file = "NODE n\nSQL >\n    SELECT 1\nDATASOURCE events\nTARGET_DATASOURCE events\n";
    assert.deepEqual(issuesOf({ "p.pipe": file }), [
      "p.pipe:4: DATASOURCE only applies to TYPE materialized",
      "p.pipe:5: TARGET_DATASOURCE only applies to TYPE copy",
    ]);
  });

  it("unknown TYPE, and export settings on a pipe that is no sink", () => {
    const b = 'NODE n\nSQL >\n    SELECT 1\nTYPE endpoint\nEXPORT_BUCKET_URI "s3://b/x"\nEXPORT_BUKET_URI "s3://b/x"\n';
    assert.deepEqual(issuesOf({ "a.pipe": "NODE n\nSQL >\n    SELECT 1\nTYPE api\nDATASOURCE events\n", "b.pipe": b }), [
      'a.pipe:4: unknown TYPE "api"; expected endpoint, materialized, copy or sink',
      "b.pipe:5: EXPORT_BUCKET_URI only applies to TYPE sink",
      'b.pipe:6: unknown connector setting "EXPORT_BUKET_URI" (did you mean "EXPORT_BUCKET_URI"?)',
    ]);
  });

  it("TYPE inside a node that is not the last", () => {
    const file = "NODE a\nSQL >\n    SELECT 1\nTYPE endpoint\n\nNODE b\nSQL >\n    SELECT * FROM a\n";
    assert.deepEqual(issuesOf({ "p.pipe": file }), [
      'p.pipe:4: TYPE is set in node "a", but node "b" comes after it; the last node is the pipe\'s output, so move TYPE there',
    ]);
  });

  it("pipe with no nodes, SQL outside a node, duplicate node names", () => {
    assert.deepEqual(issuesOf({ "a.pipe": "DESCRIPTION nothing here\n", "b.pipe": "SQL >\n    SELECT 1\n", "c.pipe": "NODE n\nSQL >\n    SELECT 1\n\nNODE n\nSQL >\n    SELECT 2\n" }), [
      'a.pipe:1: pipe "a" has no nodes; add one with "NODE <name>" and an "SQL >" block',
      'b.pipe:1: SQL before any NODE; start the node with "NODE <name>"',
      'b.pipe:1: pipe "b" has no nodes; add one with "NODE <name>" and an "SQL >" block',
      'c.pipe:5: node "n" is defined twice (first on line 1)',
    ]);
  });

  it("a pipe token with APPEND", () => {
    assert.deepEqual(issuesOf({ "p.pipe": 'TOKEN "dash" APPEND\n' + endpoint("SELECT 1") }), [
      'p.pipe:1: TOKEN "dash": the permission must be READ, not "APPEND"',
    ]);
  });

  it("an endpoint named like a datasource", () => {
    assert.deepEqual(issuesOf({ "events.pipe": endpoint("SELECT 1") }), [
      'events.pipe:1: pipe "events" has the same name as the datasource in events.datasource; rename one of them',
    ]);
  });

  it("two files defining the same datasource", () => {
    assert.deepEqual(issuesOf({ "more/events.datasource": EVENTS }), ['more/events.datasource:1: datasource "events" is already defined in events.datasource']);
  });
});

describe("bad input never escapes as anything but a ProjectError", () => {
  const datafileText = fc.array(
    fc.oneof(
      fc.constantFrom("SCHEMA >", "SQL >", "NODE n", "TYPE endpoint", "TYPE materialized", "DATASOURCE x", "ENGINE x", "TOKEN", "    ", ">", "#", "`", "(", "'", "{{", "{%", "%"),
      fc.string({ maxLength: 20 }),
    ),
    { maxLength: 25 },
  );

  it("the parsers return issues for any text", () => {
    fc.assert(
      fc.property(datafileText, fc.constantFrom("\n", " ", "\n    "), (parts, separator) => {
        const text = parts.join(separator);
        parseDatasourceFile(text, "f.datasource");
        parsePipeFile(text, "f.pipe");
      }),
      { numRuns: 300 },
    );
  });

  it("loadDatafiles either returns a project or throws a ProjectError", () => {
    fc.assert(
      fc.property(datafileText, datafileText, (a, b) => {
        try {
          loadDatafiles([{ name: "a.datasource", content: a.join("\n") }, { name: "b.pipe", content: b.join("\n    ") }], "fuzz");
        } catch (error) {
          if (!(error instanceof ProjectError)) throw error;
        }
      }),
      { numRuns: 300 },
    );
  });
});
