/** How an endpoint declares its result cache, through each front door, into `Pipe.cacheSeconds`. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { defineDatasource, defineEndpoint, engine, node, t } from "aviary/schema";
import { parsePipeFile } from "../../src/project/datafile-pipe.ts";
import { projectFromDefinitions } from "../../src/project/load-definitions.ts";
import { formatIssue } from "../../src/project/model.ts";
import { loadProject } from "../../src/project/load-project.ts";

const endpoint = (extra: string) => `NODE n\nSQL >\n    SELECT 1 AS one\n\nTYPE endpoint\n${extra}`;

describe("endpoint cache declaration", () => {
  test("datafile: CACHE <seconds> after TYPE endpoint (the SDK's generator writes it there); 0 turns it off", () => {
    assert.equal(parsePipeFile(endpoint("CACHE 10\n"), "a.pipe").pipe?.cacheSeconds, 10);
    assert.equal(parsePipeFile(endpoint(""), "a.pipe").pipe?.cacheSeconds, undefined);
    assert.equal(parsePipeFile(endpoint("CACHE 0\n"), "a.pipe").pipe?.cacheSeconds, undefined);
    assert.deepEqual(parsePipeFile(endpoint("CACHE 10\n"), "a.pipe").notes, []);
  });

  test("datafile: a CACHE that is no number of seconds, or on another TYPE, is an issue", () => {
    assert.deepEqual(parsePipeFile(endpoint("CACHE soon\n"), "a.pipe").issues.map(formatIssue), ['a.pipe:6: CACHE must be a whole number of seconds, not "soon"']);
    const copy = "NODE n\nSQL >\n    SELECT 1 AS one\n\nTYPE copy\nTARGET_DATASOURCE x\nCACHE 10\n";
    assert.deepEqual(parsePipeFile(copy, "b.pipe").issues.map(formatIssue), ["b.pipe:7: CACHE only applies to TYPE endpoint"]);
  });

  test("TypeScript: the SDK's endpoint cache option, 60 s when enabled without a ttl as the SDK's generator writes", () => {
    const events = defineDatasource("events", { schema: { n: t.uint32() }, engine: engine.mergeTree({ sortingKey: ["n"] }) });
    const pipe = (name: string, cache?: { enabled: boolean; ttl?: number }) =>
      defineEndpoint(name, { nodes: [node({ sql: "SELECT sum(n) AS total FROM events" })], output: { total: t.uint64() }, ...(cache && { cache }) });
    const project = projectFromDefinitions({ events, a: pipe("a", { enabled: true, ttl: 10 }), b: pipe("b", { enabled: true }), c: pipe("c", { enabled: false, ttl: 10 }), d: pipe("d") }, "defs.ts");
    assert.deepEqual(["a", "b", "c", "d"].map((name) => project.pipes.get(name)?.cacheSeconds), [10, 60, undefined, undefined]);
  });

  test("the kit caches its live panel only", async () => {
    const project = await loadProject("kit/index.ts");
    assert.deepEqual([...project.pipes.values()].filter((p) => p.cacheSeconds !== undefined).map((p) => [p.name, p.cacheSeconds]), [["realtime", 10]]);
  });
});
