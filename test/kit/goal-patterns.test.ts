/**
 * Goal path patterns as ClickHouse runs them (kit/sql/goals.ts pathRegexSql): `*` stays
 * within one path segment, `**` crosses segments, every other character is itself (regex
 * metacharacters included), and the pattern matches the whole pathname. Also checked
 * against the reference's own translation (reference-goals.ts) on every pair.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathRegexSql } from "../../kit/sql/goals.ts";
import { sqlString } from "../../kit/sql/literal.ts";
import { ChdbEngine } from "../../src/engine/chdb-engine.ts";
import { queryRows, type Engine } from "../../src/engine/engine.ts";
import { patternRegExp } from "./reference-goals.ts";

/** [pattern, pathname, matches] */
const CASES: readonly [string, string, boolean][] = [
  ["/blog/*", "/blog/a", true],
  ["/blog/*", "/blog/", true],
  ["/blog/*", "/blog/a/b", false],
  ["/blog/*", "/blog", false],
  ["/blog/*", "/x/blog/a", false],
  ["/checkout/**", "/checkout/a", true],
  ["/checkout/**", "/checkout/a/b/c", true],
  ["/checkout/**", "/checkout", false],
  ["/**", "/", true],
  ["/**", "/any/depth/at/all", true],
  ["/*/settings", "/team-1/settings", true],
  ["/*/settings", "/a/b/settings", false],
  ["/**/settings", "/a/b/settings", true],
  ["/docs/*.html", "/docs/intro.html", true],
  ["/docs/*.html", "/docs/introxhtml", false],
  ["/a.b", "/a.b", true],
  ["/a.b", "/axb", false],
  ["/p/(1)", "/p/(1)", true],
  ["/p/(1)", "/p/1", false],
  ["/a+b", "/a+b", true],
  ["/a+b", "/aab", false],
  ["/q?x=1", "/q?x=1", true],
  ["/q?x=1", "/qx=1", false],
  ["/[ab]", "/[ab]", true],
  ["/[ab]", "/a", false],
  ["/{2}", "/{2}", true],
  ["/x|y", "/x|y", true],
  ["/x|y", "/x", false],
  ["/^$", "/^$", true],
  ["/back\\slash", "/back\\slash", true],
  ["/back\\slash", "/backslash", false],
  ["/exact", "/exact/", false],
  ["/exact", "/exactly", false],
  ["/café/*", "/café/menu", true],
  ["/a***b", "/a/x/yb", true],
  ["/a***b", "/a/x/y/b", true],
  ["/a***b", "/ab", true],
  ["/nul\0*", "/nul\0x", true],
  ["/nul\0*", "/nulxx", false],
  ["", "", true],
  ["", "/", false],
];

describe("goal path patterns", () => {
  let dir: string;
  let engine: Engine;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "aviary-goal-patterns-"));
    engine = await ChdbEngine.open(dir, "aviary");
  });
  after(async () => {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("match whole pathnames, * within a segment, ** across, metacharacters literal", async () => {
    const values = CASES.map(([pattern, path], i) => `(${i}, ${sqlString(pattern)}, ${sqlString(path)})`).join(", ");
    const rows = await queryRows<{ i: number; matches: number }>(
      engine,
      `SELECT i, match(path, ${pathRegexSql("pattern")}) AS matches FROM (SELECT tupleElement(c, 1) AS i, tupleElement(c, 2) AS pattern, tupleElement(c, 3) AS path FROM (SELECT arrayJoin([${values}]) AS c)) ORDER BY i`,
    );
    const got = rows.map((r) => [CASES[Number(r.i)]![0], CASES[Number(r.i)]![1], Number(r.matches) === 1]);
    assert.deepEqual(got, CASES);
  });

  it("the reference translates the same way", () => {
    assert.deepEqual(CASES.map(([pattern, path]) => [pattern, path, patternRegExp(pattern).test(path)]), CASES);
  });
});
