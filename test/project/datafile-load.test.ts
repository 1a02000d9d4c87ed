import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDatafileFolder, loadDatafiles } from "../../src/project/load-datafiles.ts";
import { formatIssue, ProjectError, type ProjectIssue } from "../../src/project/model.ts";

async function issuesOf(load: () => Promise<unknown> | unknown): Promise<string[]> {
  try {
    await load();
  } catch (error) {
    if (error instanceof ProjectError) return error.issues.map(formatIssue);
    throw error;
  }
  return [];
}

const EVENTS = "SCHEMA >\n    id UInt64\n";

describe("loadDatafileFolder", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "aviary-datafiles-"));
    await mkdir(join(dir, "datasources"));
    await mkdir(join(dir, "node_modules", "pkg"), { recursive: true });
    await mkdir(join(dir, ".git"));
    await mkdir(join(dir, "vendor", "other_ws", "datasources"), { recursive: true });
    await writeFile(join(dir, "vendor", "other_ws", "datasources", "events.datasource"), "garbage");
    await mkdir(join(dir, "empty"));
    await writeFile(join(dir, "datasources", "events.datasource"), EVENTS);
    await writeFile(join(dir, "count.pipe"), "NODE n\nSQL >\n    SELECT count() FROM events\nTYPE endpoint\n");
    await writeFile(join(dir, "README.md"), "not a datafile");
    await writeFile(join(dir, "node_modules", "pkg", "broken.pipe"), "garbage");
    await writeFile(join(dir, ".git", "broken.datasource"), "garbage");
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("reads datafiles recursively and skips node_modules, dot-folders and vendor (other workspaces' datasources)", async () => {
    const project = await loadDatafileFolder(dir);
    assert.deepEqual([...project.datasources.keys()], ["events"]);
    assert.deepEqual([...project.pipes.keys()], ["count"]);
    assert.equal(project.datasources.get("events")!.loc.file, join(dir, "datasources", "events.datasource"));
  });

  it("a missing folder is a ProjectError, not an ENOENT stack", async () => {
    assert.deepEqual(await issuesOf(() => loadDatafileFolder(join(dir, "nope"))), [`${join(dir, "nope")}: folder not found`]);
  });

  it("a folder without datafiles is an error", async () => {
    assert.deepEqual(await issuesOf(() => loadDatafileFolder(join(dir, "empty"))), [`${join(dir, "empty")}: no .datasource or .pipe files found`]);
  });
});

describe("loadDatafiles", () => {
  it("names resources after the file's base name, whatever folder the name carries", () => {
    const project = loadDatafiles([{ name: "datasources/analytics_events.datasource", content: EVENTS }], "build");
    assert.equal(project.source, "build");
    assert.equal(project.datasources.get("analytics_events")!.loc.file, "datasources/analytics_events.datasource");
  });

  it("collects every issue of every file, sorted by file and line", async () => {
    const files = [
      { name: "b.pipe", content: "NODE n\nSQL >\n    SELECT * FROM nowhere\nTYPE endpoint\nBOGUS 1\n" },
      { name: "a.datasource", content: "SCHEMA >\n    id Strng,\n    id UInt64\n" },
    ];
    assert.deepEqual(await issuesOf(() => loadDatafiles(files, "build")), [
      'a.datasource:2: column "id": unknown type "Strng" (did you mean "String"?)',
      'a.datasource:3: column "id" is defined twice (first on line 2)',
      'b.pipe:3: node "n" reads from "nowhere", which is neither a datasource, a pipe nor an earlier node',
      'b.pipe:5: unknown keyword "BOGUS" in a .pipe file',
    ]);
  });

  it("the error message lists every issue, one per line", () => {
    const files = [{ name: "a.datasource", content: "SCHEMA >\n    a Strng,\n    b Flaot64\n" }];
    assert.throws(() => loadDatafiles(files, "build"), {
      name: "ProjectError",
      message: 'a.datasource:2: column "a": unknown type "Strng" (did you mean "String"?)\na.datasource:3: column "b": unknown type "Flaot64" (did you mean "Float64"?)',
    });
  });

  it("reports ignored keywords and files as notes, not failures; INDEXES are read", () => {
    const notes: ProjectIssue[] = [];
    const files = [
      { name: "events.datasource", content: EVENTS + "\nFORWARD_QUERY >\n    SELECT id\nINDEXES >\n    i id TYPE minmax GRANULARITY 1\n" },
      { name: "count.pipe", content: "NODE n\nSQL >\n    SELECT count() FROM events\nTYPE endpoint\nCACHE 60\n" },
      { name: "mv.pipe", content: "NODE n\nSQL >\n    SELECT id FROM events\nTYPE materialized\nDATASOURCE events\nENGINE_SORTING_KEY id\n" },
      { name: "kafka.connection", content: "TYPE kafka\n" },
    ];
    loadDatafiles(files, "build", { onNote: (note) => notes.push(note) });
    assert.deepEqual(notes.map(formatIssue), [
      "events.datasource:4: FORWARD_QUERY is ignored: Aviary creates tables from SCHEMA and does not migrate existing rows",
      "mv.pipe:6: ENGINE_SORTING_KEY is ignored in a pipe: the target datasource's engine is used",
      "kafka.connection: inactive: Aviary connects to no external service; the datasources and sinks using this connection are ordinary tables and pipes",
    ]);
  });
});
