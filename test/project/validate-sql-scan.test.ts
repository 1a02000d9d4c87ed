import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { definedNames, tableReferences, tokenizeSql } from "../../src/engine/sql-tokens.ts";
import { reservedVariableUses } from "../../src/project/datafile-template-names.ts";

const refs = (sql: string): string[] => tableReferences(tokenizeSql(sql)).map((r) => r.name);
const reserved = (sql: string): string[] => reservedVariableUses(sql).map((u) => `${u.name}@${u.offset}`);

describe("tableReferences", () => {
  it("finds FROM and JOIN targets at any query level, quoted or not", () => {
    assert.deepEqual(refs("SELECT * FROM a JOIN `b` USING x LEFT JOIN \"c\" ON 1 WHERE y IN (SELECT y FROM d)"), ["a", "b", "c", "d"]);
  });

  it("skips table functions, subqueries and templated names", () => {
    assert.deepEqual(refs("SELECT * FROM numbers(10) JOIN db.fn(1) ON 1 JOIN (SELECT 1) ON 1 JOIN {{ TABLE(t) }} ON 1"), []);
  });

  it("reports qualified names with their database", () => {
    assert.deepEqual(tableReferences(tokenizeSql("SELECT * FROM ws.events JOIN system.one ON 1")), [
      { name: "events", database: "ws", offset: 14 },
      { name: "one", database: "system", offset: 29 },
    ]);
  });

  it("skips FROM inside function calls and after DISTINCT, and ARRAY JOIN", () => {
    assert.deepEqual(refs("SELECT EXTRACT(DAY FROM d), substring(s FROM 2), a IS DISTINCT FROM b FROM t ARRAY JOIN arr"), ["t"]);
  });

  it("skips strings, comments and template tags, but reads SQL between template tags", () => {
    const sql = "%\nSELECT 'FROM x' -- FROM y\n/* FROM z */ {# FROM w #}\n{% if a %} FROM real {% else %} FROM other {% end %}";
    assert.deepEqual(refs(sql), ["real", "other"]);
  });

  it("reports the offset of the name", () => {
    assert.deepEqual(tableReferences(tokenizeSql("SELECT 1\nFROM  t")), [{ name: "t", offset: 15 }]);
  });
});

describe("definedNames", () => {
  it("collects CTE names and aliases", () => {
    assert.deepEqual([...definedNames(tokenizeSql("WITH a AS (SELECT 1), (SELECT 2) AS b SELECT x AS c FROM a"))], ["a", "b", "c"]);
  });
});

describe("reservedVariableUses", () => {
  it("finds q and format used as variables inside {{ }} and {% %}", () => {
    assert.deepEqual(reserved("{{ String(q) }} {% if defined(format) %}{% end %} {{ Int32(format, 1) }}"), ["q@10", "format@30", "format@59"]);
  });

  it("ignores keyword arguments, attributes, calls, strings, comments and plain SQL", () => {
    assert.deepEqual(reserved("SELECT q, format FROM t {{ String(x, format='y') }} {{ a.q }} {{ format(1) }} {{ 'q' }} {# {{ q }} #}"), []);
  });

  it("finds tags inside SQL strings too: the template is rendered first", () => {
    assert.deepEqual(reserved("WHERE a LIKE '%{{ String(q) }}%'"), ["q@25"]);
  });
});
