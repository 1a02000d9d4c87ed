/** The build intake alone: which uploaded parts become datafiles, and what a build changes. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildFeedbackOf, buildIssuesOf, hasChanges, intakeBuildParts, projectChanges } from "../../src/project/build-intake.ts";
import { loadDatafiles } from "../../src/project/load-datafiles.ts";

const part = (filename: string, content = "") => ({ fieldname: "data_project://", filename, content });
const DS = "SCHEMA >\n    `a` String\n\nENGINE \"MergeTree\"\nENGINE_SORTING_KEY \"a\"\n";
const PIPE = (sql: string) => `NODE n\nSQL >\n    ${sql}\n\nTYPE endpoint\n`;

test("datafiles, includes and connections pass; other files, odd names and repeats are refused by name", () => {
  const intake = intakeBuildParts([part("t.datasource", DS), part("e.pipe", "x"), part("s.incl"), part("k.connection"), part("../x.pipe"), part("notes.md"), part("t.datasource", DS)]);
  assert.deepEqual(intake.files.map((f) => f.name), ["t.datasource", "e.pipe", "s.incl", "k.connection"]);
  assert.deepEqual(
    intake.issues.map((i) => `${i.filename}: ${i.error.split(":")[0]}`),
    ["../x.pipe: not a datafile", "notes.md: not a datafile", "t.datasource: sent twice in one build"],
  );
  assert.deepEqual(intakeBuildParts([]).issues, [{ error: "the build has no files: send the project's .datasource and .pipe files as multipart parts" }]);
});

test("project issues keep their file, with the line in the message", () => {
  assert.deepEqual(buildIssuesOf([{ loc: { file: "a.pipe", line: 3 }, message: "bad" }, { loc: { file: "b.pipe" }, message: "worse" }]), [
    { filename: "a.pipe", error: "line 3: bad" },
    { filename: "b.pipe", error: "worse" },
  ]);
});

test("notes become the build's feedback: warnings naming their file, or no resource for the whole build", () => {
  assert.deepEqual(buildFeedbackOf([{ loc: { file: "a.pipe", line: 3 }, message: "ignored" }, { loc: { file: "POST /v1/build" }, message: "inactive" }], "POST /v1/build"), [
    { resource: "a.pipe", level: "WARNING", message: "line 3: ignored" },
    { resource: null, level: "WARNING", message: "inactive" },
  ]);
});

test("changes are by definition, not by where it was read from", () => {
  const before = loadDatafiles([{ name: "folder/t.datasource", content: DS }, { name: "folder/e.pipe", content: PIPE("SELECT a FROM t") }, { name: "gone.pipe", content: PIPE("SELECT 1 AS x") }], "disk");
  const after = loadDatafiles([{ name: "t.datasource", content: DS }, { name: "e.pipe", content: PIPE("SELECT a, 1 AS b FROM t") }, { name: "new.pipe", content: PIPE("SELECT 2 AS y") }], "build");
  const changes = projectChanges(before, after);
  assert.deepEqual(changes, {
    new_datasource_names: [],
    changed_datasource_names: [],
    deleted_datasource_names: [],
    new_pipe_names: ["new"],
    changed_pipe_names: ["e"],
    deleted_pipe_names: ["gone"],
  });
  assert.equal(hasChanges(changes), true);
  assert.equal(hasChanges(projectChanges(before, before)), false);
});
