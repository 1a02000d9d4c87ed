/**
 * The statement shape a restricted token's SQL is judged by (src/engine/sql-guard.ts), read
 * from chdb itself: every name ClickHouse resolves a function by gets the same verdict as the
 * function (aliases and other casings are listed in `system.functions`, so a chdb upgrade that
 * adds one fails here), and every form of `WITH name AS …` yields its name.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ChdbEngine } from "../../src/engine/chdb-engine.ts";
import { quoteIdent } from "../../src/engine/ddl.ts";
import { queryRows } from "../../src/engine/engine.ts";
import { outsideFunctions, unboundedFunctions } from "../../src/engine/sql-functions.ts";
import { inspectStatement } from "../../src/engine/sql-guard.ts";

let engine: ChdbEngine;
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "aviary-sql-guard-"));
  engine = await ChdbEngine.open(dir, "guard");
});
after(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

describe("functions are judged by the function ClickHouse runs", () => {
  const verdicts = new Map<string, Promise<string>>();
  /** Every check that looks at a function's name, with the function called in a lambda on a pattern taken from data. */
  const verdict = (name: string): Promise<string> => {
    let got = verdicts.get(name);
    if (!got) {
      got = inspectStatement(engine, `SELECT arrayMap(x -> ${quoteIdent(name)}(c, x), c) FROM t`).then((shape) =>
        JSON.stringify({ outside: outsideFunctions(shape).length, unbounded: unboundedFunctions(shape).length, pattern: shape.dataPatterns.length, walk: shape.nestedArrayWalks.length }),
      );
      verdicts.set(name, got);
    }
    return got;
  };

  test("every alias in system.functions gets the verdict of the function it names", async () => {
    const aliases = await queryRows<{ name: string; alias_to: string }>(engine, "SELECT name, alias_to FROM system.functions WHERE alias_to != '' ORDER BY name");
    assert.ok(aliases.length > 200, `${aliases.length} aliases`);
    for (const { name, alias_to } of aliases) assert.equal(await verdict(name), await verdict(alias_to), `${name} is an alias of ${alias_to}`);
  });

  test("a case-insensitive function gets its verdict in any casing", async () => {
    const names = await queryRows<{ name: string }>(engine, "SELECT name FROM system.functions WHERE case_insensitive ORDER BY name");
    for (const { name } of names) {
      assert.equal(await verdict(name.toUpperCase()), await verdict(name), name);
      assert.equal(await verdict(name.toLowerCase()), await verdict(name), name);
    }
  });

  test("server facts found by the attacker pass are refused under every name, as written", async () => {
    const written = ["user", "authUser", "authenticatedUser", "session_user", "CURRENT_USER", "fullHostName", "currentQueryID", "current_query_id", "initial_query_id", "initialQueryID", "connection_id", "showCertificate"];
    const shape = await inspectStatement(engine, `SELECT ${written.map((f) => `${f}()`).join(", ")}`);
    assert.deepEqual(outsideFunctions(shape), written);
  });

  test("a pattern from data is found under an alias (REGEXP_REPLACE is replaceRegexpAll)", async () => {
    const shape = await inspectStatement(engine, "SELECT regexp_replace(payload, payload, ''), REGEXP_EXTRACT(payload, 'a(b)', 1) FROM t");
    assert.deepEqual(shape.dataPatterns, ["regexp_replace"]);
  });

  test("functions nobody blocked stay allowed", async () => {
    const shape = await inspectStatement(engine, "SELECT ucase(domain), lower(domain), substr(domain, 1, 2), today(), currentDatabase() FROM t");
    assert.deepEqual([outsideFunctions(shape), unboundedFunctions(shape), shape.dataPatterns], [[], [], []]);
  });
});

describe("WITH names are found in every form ClickHouse accepts", () => {
  const cases: [string, string[]][] = [
    ["WITH ds AS (SELECT 1) SELECT * FROM ds", ["ds"]],
    ["WITH ds AS MATERIALIZED (SELECT 1) SELECT * FROM ds", ["ds"]],
    ["WITH `ds` /* a */ AS -- b\n\tMATERIALIZED\n(SELECT 1) SELECT * FROM ds", ["ds"]],
    ['WITH "ds" AS MATERIALIZED (SELECT 1) SELECT * FROM ds', ["ds"]],
    ["WITH ds(a, `b c`) AS (SELECT 1, 2) SELECT * FROM ds", ["ds"]],
    ["WITH ds (a) AS MATERIALIZED (SELECT 1) SELECT * FROM ds", ["ds"]],
    ["WITH RECURSIVE ds AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM ds WHERE n < 3) SELECT * FROM ds", ["ds"]],
    ["WITH x AS (SELECT 1), `as` AS MATERIALIZED (SELECT 2), 3 AS y SELECT * FROM x, `as`", ["x", "as"]],
    ["SELECT * FROM (WITH ds AS MATERIALIZED (SELECT 1) SELECT * FROM ds) WHERE 1 IN (WITH e(z) AS (SELECT 1) SELECT * FROM e)", ["ds", "e"]],
    // A named window reads like a CTE; the parser counts it too.
    ["SELECT count() OVER w FROM numbers(3) WINDOW w AS (ORDER BY number), v AS (w ROWS 1 PRECEDING)", ["w", "v"]],
    ["WITH (SELECT 1) AS s, 2 AS t SELECT s, t", []],
  ];
  for (const [sql, names] of cases) {
    test(sql, async () => {
      const shape = await inspectStatement(engine, sql);
      assert.deepEqual([shape.cteNames, shape.parsedDefinitions], [names, names.length]);
    });
  }

  test("NOT MATERIALIZED is no ClickHouse syntax: a syntax error, before any check", async () => {
    await assert.rejects(inspectStatement(engine, "WITH ds AS NOT MATERIALIZED (SELECT 1) SELECT * FROM ds"), /Syntax error: failed at position 16 \(MATERIALIZED\)/);
  });
});
