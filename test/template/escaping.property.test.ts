/**
 * Escaping is the security boundary, so it is checked as a property: for any value, the
 * rendered SQL holds exactly one literal in the expected place, it closes only at its
 * final quote, and ClickHouse's own decoding rules give back the value.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { TemplateError } from "../../src/template/index.ts";
import { clickhouseView, readLiteral, readStringArray } from "./clickhouse-literals.ts";
import { render } from "./render-helpers.ts";

const HOSTILE = ["'", '"', "\\", "`", "%", "--", "/*", "*/", ";", "\0", "\n", "\r", "\t", "\b", "\x1a", "''", "\\'", "é", "😀", "\uD800", "\uDFFF", "{{", "}}", "{%", "a", " ", ",", "."];

/** Random text biased towards the characters that matter to SQL. */
const hostile: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
  fc.array(fc.constantFrom(...HOSTILE), { maxLength: 30 }).map((parts) => parts.join("")),
);

const RUNS = { numRuns: 500 };

test("String(x): one literal that closes at the end and decodes to x", () => {
  fc.assert(
    fc.property(hostile, (x) => {
      const sql = render("SELECT {{String(x)}}", { x });
      assert.ok(sql.startsWith("SELECT '"));
      const lit = readLiteral(sql, "SELECT ".length);
      assert.equal(lit.end, sql.length, "the literal must close only at the final quote");
      assert.equal(lit.value, clickhouseView(x));
    }),
    RUNS,
  );
});

test("a bare {{x}} is escaped the same way", () => {
  fc.assert(
    fc.property(hostile, (x) => {
      const sql = render("{{x}}", { x });
      const lit = readLiteral(sql, 0);
      assert.equal(lit.end, sql.length);
      assert.equal(lit.value, clickhouseView(x));
    }),
    RUNS,
  );
});

test("JSON values from fixed_params cannot break out either", () => {
  fc.assert(
    fc.property(fc.jsonValue(), (x) => {
      const sql = render("{{String(x, 'd')}}", { x });
      assert.equal(readLiteral(sql, 0).end, sql.length);
    }),
    RUNS,
  );
});

test("Array(x) string elements: one array of literals, each decoding to its element", () => {
  fc.assert(
    fc.property(fc.array(hostile, { maxLength: 6 }), (items) => {
      const sql = render("SELECT {{Array(x)}}", { x: items });
      const arr = readStringArray(sql, "SELECT ".length);
      assert.equal(arr.end, sql.length);
      assert.deepEqual(arr.values, items.map(clickhouseView));
    }),
    RUNS,
  );
});

test("column(x): dotted parts become backquoted identifiers that decode to the part", () => {
  fc.assert(
    fc.property(hostile.filter((x) => x.length > 0), (x) => {
      const sql = render("{{column(x)}}", { x });
      const parts = x.split(".");
      let pos = 0;
      parts.forEach((part, i) => {
        const lit = readLiteral(sql, pos);
        assert.equal(sql[pos], "`");
        assert.equal(lit.value, clickhouseView(part.replaceAll('"', "")));
        pos = lit.end;
        if (i < parts.length - 1) assert.equal(sql[pos++], ".");
      });
      assert.equal(pos, sql.length);
    }),
    RUNS,
  );
});

test("sql_and values: each condition holds exactly one literal or array", () => {
  fc.assert(
    fc.property(hostile, fc.array(hostile, { minLength: 1, maxLength: 4 }), (a, b) => {
      const sql = render("{{sql_and(a=a, b__in=b)}}", { a, b });
      assert.ok(sql.startsWith("a = "));
      const lit = readLiteral(sql, 4);
      assert.equal(lit.value, clickhouseView(a));
      const rest = " and b in ";
      assert.equal(sql.slice(lit.end, lit.end + rest.length), rest);
      const arr = readStringArray(sql, lit.end + rest.length);
      assert.equal(arr.end, sql.length);
      assert.deepEqual(arr.values, b.map(clickhouseView));
    }),
    RUNS,
  );
});

test("sql_unescape(String(x), '%') only frees %", () => {
  fc.assert(
    fc.property(hostile, (x) => {
      const sql = render("{{sql_unescape(String(x), '%')}}", { x });
      const lit = readLiteral(sql, 0);
      assert.equal(lit.end, sql.length);
      assert.equal(lit.value, x.replaceAll("\x1a", "\\z"));
    }),
    RUNS,
  );
});

test("typed parameters either render or fail with a TemplateError, for any input", () => {
  const types = ["Int8", "UInt64", "Int256", "Int", "Float32", "Date", "DateTime", "DateTime64", "Boolean", "JSON"];
  fc.assert(
    fc.property(fc.constantFrom(...types), fc.oneof(hostile, fc.jsonValue()), (type, x) => {
      try {
        const sql = render(`{{${type}(x)}}`, { x });
        assert.ok(!sql.includes(";") || type === "JSON", `${type} let ${JSON.stringify(sql)} through`);
      } catch (e) {
        assert.ok(e instanceof TemplateError, String(e));
        assert.equal(e.status, 400);
      }
    }),
    RUNS,
  );
});
