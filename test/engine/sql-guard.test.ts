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
import { MAX_GATHERED_VALUES, outsideFunctions, unboundedAggregates, unboundedFunctions } from "../../src/engine/sql-functions.ts";
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
        JSON.stringify({
          outside: outsideFunctions(shape).length,
          unbounded: unboundedFunctions(shape).length,
          gathering: unboundedAggregates(shape).length,
          pattern: shape.dataPatterns.length,
          walk: shape.nestedWalks.length,
        }),
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

describe("aggregates that gather many rows into one value need a size", () => {
  const refusals = async (sql: string) => unboundedAggregates(await inspectStatement(engine, sql));
  const tooLarge = (written: string, example: string) =>
    `${written} without a size of at most ${MAX_GATHERED_VALUES} (write it as in ${example}: a value gathered from many rows needs a bound)`;

  test("groupArray and its kin without a size, or with one that is too large or not a literal, are refused under every name", async () => {
    const cases: [string, string][] = [
      ["SELECT arraySort(groupArray(s)) FROM t", "groupArray"],
      ["SELECT array_agg(s) FROM t", "array_agg"],
      ["SELECT array_aggIf(s, s != '') FROM t", "array_aggIf"],
      ["SELECT groupArrayOrNull(s) FROM t", "groupArrayOrNull"],
      ["SELECT groupArrayArray(c) FROM t", "groupArrayArray"],
      ["SELECT array_concat_agg(c) FROM t", "array_concat_agg"],
      ["SELECT groupArrayForEach(c) FROM t", "groupArrayForEach"],
      ["SELECT groupArrayDistinct(s) FROM t", "groupArrayDistinct"],
      ["SELECT groupArray(10001)(s) FROM t", "groupArray"],
      ["SELECT groupArray(1 + 1)(s) FROM t", "groupArray"],
      ["SELECT groupArray(-1)(s) FROM t", "groupArray"],
      ["SELECT groupArray(s) OVER () FROM t", "groupArray"],
      ["SELECT (SELECT groupArray(number) FROM numbers(10)) AS c", "groupArray"],
    ];
    for (const [sql, written] of cases) assert.deepEqual(await refusals(sql), [tooLarge(written, "groupArray(10000)(x)")], sql);
    assert.deepEqual(await refusals("SELECT groupUniqArray(s), group_concat(s), groupConcat(',')(s), topK(1000000)(s) FROM t"), [
      tooLarge("groupUniqArray", "groupUniqArray(10000)(x)"),
      tooLarge("group_concat", "groupConcat(',', 10000)(x)"),
      tooLarge("groupConcat", "groupConcat(',', 10000)(x)"),
      tooLarge("topK", "topK(100)(x)"),
    ]);
  });

  test("combinators and aggregates whose result grows with the rows and takes no size are refused", async () => {
    assert.deepEqual(await refusals("SELECT uniqExactState(s), uniqMergeState(v), sumMap(m), countResample(0, 10, 1)(x, y), groupArrayMovingSum(x), flameGraph(c) FROM t"), [
      "The state combinator of uniqExactState (its result grows with every row it reads; read the aggregate's own result)",
      "The state combinator of uniqMergeState (its result grows with every row it reads; read the aggregate's own result)",
      "The map combinator of sumMap (its result grows with every row it reads; read the aggregate's own result)",
      "The resample combinator of countResample (its result grows with every row it reads; read the aggregate's own result)",
      "The aggregate groupArrayMovingSum (its result grows with every row it reads)",
      "The aggregate flameGraph (its result grows with every row it reads)",
    ]);
  });

  test("exact quantiles take at most 10 levels, also named by string; an aggregate named by string gathers one row's values only, so needs no size", async () => {
    const levels = (n: number) => Array.from({ length: n }, (_, i) => (i + 1) / 100).join(", ");
    const shape = await inspectStatement(engine, `SELECT quantilesExact(${levels(10)})(x), quantilesExactLow(${levels(11)})(x), quantiles(${levels(99)})(x), arrayReduce('quantilesExact(${levels(11)})', c), arrayReduce('groupArray', c), arrayReduce('max', c), arrayReduce('groupArray(10)', c), initializeAggregation('countState', 1), initializeAggregation('it\\'s', x) FROM t`);
    assert.deepEqual(unboundedAggregates(shape), [
      "quantilesExactLow with more than 10 levels (each level reads every value again; ask for fewer, or use quantiles)",
      "quantilesExact with more than 10 levels (each level reads every value again; ask for fewer, or use quantiles)",
    ]);
    assert.deepEqual(shape.computedAggregateNames, ["initializeAggregation"]);
    const computed = await inspectStatement(engine, "SELECT arrayReduce(concat('group', 'Array'), c), arrayReduceInRanges(s, [(1, 2)], c) FROM t");
    assert.deepEqual(computed.computedAggregateNames, ["arrayReduce", "arrayReduceInRanges"]);
  });

  test("sized gathering, finalized aggregates and plain functions that end like a combinator stay allowed", async () => {
    const sql = [
      "SELECT groupArray(10000)(s), groupArray(10)(s) OVER (), groupConcat(',', 100)(s), groupUniqArrayIf(5)(s, x > 1), topK(s), topK(10)(s)",
      "uniqExactMerge(v), uniqExact(s), countIf(x > 1), sumSimpleState(x), quantiles(0.5, 0.9)(x), argMax(s, x), groupArrayIntersect(c)",
      "arrayReduce('sum', c), if(x > 1, 1, 2), multiIf(x > 1, 1, 2), ifNull(s, ''), nullIf(s, ''), mapKeys(m), arrayMap(e -> e, c)",
    ].join(", ");
    assert.deepEqual(await refusals(`${sql} FROM t`), []);
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
