/**
 * validateProject on projects built directly (as the TypeScript front door does): no
 * SQL line numbers, so node issues point at the node.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { validateProject } from "../../src/project/validate.ts";
import { formatIssue, makeProject, type Datasource, type EngineType, type Pipe, type PipeNode } from "../../src/project/model.ts";

const ds = (name: string, columns: [string, string][], extra: Partial<Datasource> = {}): Datasource => ({
  kind: "datasource",
  name,
  columns: columns.map(([n, type], i) => ({ name: n, type, loc: { file: `kit/${name}.ts`, line: 3 + i } })),
  engine: { type: "MergeTree" },
  tokens: [],
  loc: { file: `kit/${name}.ts`, line: 1 },
  ...extra,
});

const node = (name: string, sql: string, line: number): PipeNode => ({ name, sql, loc: { file: "kit/p.ts", line } });

const pipe = (name: string, nodes: PipeNode[], extra: Partial<Pipe> = {}): Pipe => ({
  kind: "pipe",
  name,
  nodes,
  type: "endpoint",
  tokens: [],
  params: [],
  loc: { file: "kit/p.ts", line: 1 },
  ...extra,
});

const check = (datasources: Datasource[], pipes: Pipe[]): string[] => validateProject(makeProject("kit", datasources, pipes)).map(formatIssue);

describe("validateProject", () => {
  const events = ds("events", [["timestamp", "DateTime"], ["tenant_id", "String"]], { engine: { type: "MergeTree", sortingKey: "(tenant_id, timestamp)" } });

  it("refuses datasources and pipes named like Aviary's own tables (_aviary…), in any case", () => {
    const state = ds("_aviary_state", [["key", "String"]]);
    const builds = ds("_Aviary_Builds", [["id", "String"]]);
    const view = pipe("_aviary_resources", [node("n", "SELECT key FROM _aviary_state", 2)]);
    assert.deepEqual(check([state, builds], [view]), [
      'kit/_aviary_state.ts:1: datasource name "_aviary_state" is reserved: names starting with "_aviary" are Aviary\'s own tables',
      'kit/_Aviary_Builds.ts:1: datasource name "_Aviary_Builds" is reserved: names starting with "_aviary" are Aviary\'s own tables',
      'kit/p.ts:1: pipe name "_aviary_resources" is reserved: names starting with "_aviary" are Aviary\'s own tables',
    ]);
    assert.deepEqual(check([ds("aviary_state", [["key", "String"]])], []), []);
  });

  it("accepts a consistent project", () => {
    const hits = pipe("hits", [node("base", "SELECT * FROM events", 2), node("endpoint", "SELECT * FROM base", 5)]);
    const mv = pipe("mv", [node("m", "SELECT tenant_id FROM hits", 9)], { type: "materialized", targetDatasource: "events" });
    assert.deepEqual(check([events], [hits, mv]), []);
  });

  it("points node issues at the node when there are no SQL lines", () => {
    assert.deepEqual(check([events], [pipe("hits", [node("endpoint", "SELECT 1\nFROM evnts", 4)])]), [
      'kit/p.ts:4: node "endpoint" reads from "evnts", which is neither a datasource, a pipe nor an earlier node',
    ]);
  });

  it("reports an engine type outside the model's list, a missing sorting column and an invalid token name", () => {
    const bad = ds("bad", [["a", "String"]], {
      engine: { type: "Log" as EngineType, sortingKey: "tuple(a, b)" },
      tokens: [{ name: "read-all", permission: "READ" }],
    });
    assert.deepEqual(check([bad], []), [
      'kit/bad.ts:1: unknown engine "Log"; expected one of MergeTree, ReplacingMergeTree, SummingMergeTree, AggregatingMergeTree, CollapsingMergeTree, VersionedCollapsingMergeTree, Null',
      'kit/bad.ts:1: sorting key refers to column "b", which is not in the schema (did you mean "a"?)',
      'kit/bad.ts:1: token name "read-all" is invalid: use letters, digits and "_", starting with a letter or "_"',
    ]);
  });

  it("does not check keys of a datasource whose columns come from its materialized view", () => {
    assert.deepEqual(check([ds("mv_target", [], { engine: { type: "AggregatingMergeTree", sortingKey: "tenant_id" } })], []), []);
  });

  it("reports invalid pipe and node names", () => {
    assert.deepEqual(check([events], [pipe("top-pages", [node("my node", "SELECT 1", 2)])]), [
      'kit/p.ts:2: node name "my node" is invalid: use letters, digits and "_", starting with a letter or "_"',
      'kit/p.ts:1: pipe name "top-pages" is invalid: use letters, digits and "_", starting with a letter or "_"',
    ].reverse());
  });
});
