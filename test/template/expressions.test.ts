/** The Python expression subset: literals, operators, methods, builtins, and what `{{ }}` prints. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { render, renderError } from "./render-helpers.ts";

const out = (expr: string, vars = {}) => render(`{{ ${expr} }}`, vars);

describe("literals and output", () => {
  test("str is quoted, numbers and bools print as Python str()", () => {
    assert.equal(out("'a'"), "'a'");
    assert.equal(out('"it\'s"'), "'it\\'s'");
    assert.equal(out("'a' 'b'"), "'ab'");
    assert.equal(out("'''x'''"), "'x'");
    assert.equal(out("r'\\d'"), "'\\\\d'");
    assert.equal(out("'\\n\\t\\x41\\u00e9'"), "'\\n\\tAé'");
    assert.equal(out("42"), "42");
    assert.equal(out("1_000"), "1000");
    assert.equal(out("0x10"), "16");
    assert.equal(out("1.5"), "1.5");
    assert.equal(out("2.0"), "2.0");
    assert.equal(out("1e20"), "1e+20");
    assert.equal(out("True"), "True");
  });
  test("lists and tuples print as ClickHouse arrays with escaped items; dicts as map()", () => {
    assert.equal(out("[1, 'a', None, [2]]"), "[1,'a',NULL,[2]]");
    assert.equal(out("(1, 2)"), "[1,2]");
    assert.equal(out("[]"), "[]");
    assert.equal(out("{'k': 'v', 'n': 1}"), "map('k','v','n',1)");
  });
  test("None is an error naming the expression", () => {
    const e = renderError("SELECT {{ missing_param }}");
    assert.equal(e.message, 'expression "missing_param" evaluated to null');
    assert.equal(e.status, 400);
    assert.equal(renderError("{{ None }}").message, 'expression "None" evaluated to null');
  });
  test("a function is not a value", () => {
    assert.equal(renderError("{{ len }}").status, 500);
  });
});

describe("arithmetic", () => {
  test("int and float stay apart, as in Python", () => {
    assert.equal(out("7 / 2"), "3.5");
    assert.equal(out("6 / 2"), "3.0");
    assert.equal(out("7 // 2"), "3");
    assert.equal(out("-7 // 2"), "-4");
    assert.equal(out("-7 % 3"), "2");
    assert.equal(out("7.5 // 2"), "3.0");
    assert.equal(out("2 * 3 + 4 * -1"), "2");
    assert.equal(out("True + 1"), "2");
    assert.equal(out("10000000000000000000 * 10"), "100000000000000000000");
  });
  test("sequences concatenate and repeat", () => {
    assert.equal(out("'a' + 'b'"), "'ab'");
    assert.equal(out("'ab' * 2"), "'abab'");
    assert.equal(out("[1] + [2]"), "[1,2]");
    assert.equal(out("[0] * 3"), "[0,0,0]");
  });
  test("** and bit operators are refused at parse time", () => {
    assert.equal(renderError("{{ 2 ** 3 }}").message, "Invalid BinOp: Pow()");
    assert.equal(renderError("{{ 2 | 3 }}").message, "Invalid BinOp: BitOr()");
  });
  test("type mismatches are the template's bug (500); division by zero is a 400", () => {
    const e = renderError("{{ 'a' + 1 }}");
    assert.equal(e.message, "unsupported operand type(s) for +: 'str' and 'int'");
    assert.equal(e.status, 500);
    assert.equal(renderError("{{ 1 / Int(x) }}", { x: "0" }).message, "division by zero");
    assert.equal(renderError("{{ 1 / Int(x) }}", { x: "0" }).status, 400);
    assert.equal(renderError("{{ 'a' * 100000000 }}").status, 400);
  });
});

describe("comparisons and logic", () => {
  test("chained comparisons, in, is", () => {
    assert.equal(out("1 < 2 < 3"), "True");
    assert.equal(out("1 < 2 > 3"), "False");
    assert.equal(out("'b' in 'abc'"), "True");
    assert.equal(out("2 not in [1, 3]"), "True");
    assert.equal(out("'k' in {'k': 1}"), "True");
    assert.equal(out("x is None", {}), "True");
    assert.equal(out("x is not None", { x: "" }), "True");
    assert.equal(out("1 == 1.0"), "True");
    assert.equal(out("'1' == 1"), "False");
    assert.equal(out("[1, 2] < [1, 3]"), "True");
  });
  test("and/or return an operand; not and the conditional expression", () => {
    assert.equal(out("x or 'dflt'", {}), "'dflt'");
    assert.equal(out("x or 'dflt'", { x: "v" }), "'v'");
    assert.equal(out("x and 'yes'", { x: "v" }), "'yes'");
    assert.equal(out("not x", {}), "True");
    assert.equal(out("'a' if x else 'b'", { x: "" }), "'b'");
  });
  test("ordering unrelated types is a TypeError", () => {
    assert.equal(renderError("{{ 'a' < 1 }}").message, "'<' not supported between instances of 'str' and 'int'");
  });
});

describe("subscripts, slices, methods", () => {
  test("indexing and slicing", () => {
    assert.equal(out("'abc'[0]"), "'a'");
    assert.equal(out("'abc'[-1]"), "'c'");
    assert.equal(out("[1, 2, 3][1:]"), "[2,3]");
    assert.equal(out("'abcdef'[::2]"), "'ace'");
    assert.equal(out("'abc'[::-1]"), "'cba'");
    assert.equal(out("{'a': 1}['a']"), "1");
    assert.equal(renderError("{{ [1][5] }}").message, "list index out of range");
  });
  test("allowed str/list/dict methods", () => {
    assert.equal(out("x.split(',')", { x: "a,b" }), "['a','b']");
    assert.equal(out("' a b '.split()"), "['a','b']");
    assert.equal(out("'a,b,c'.split(',', 1)"), "['a','b,c']");
    assert.equal(out("'  x '.strip()"), "'x'");
    assert.equal(out("'xxaxx'.strip('x')"), "'a'");
    assert.equal(out("'Ab'.lower() + 'Ab'.upper()"), "'abAB'");
    assert.equal(out("'/blog/x'.startswith(('/docs', '/blog'))"), "True");
    assert.equal(out("'a.b.c'.replace('.', '_', 1)"), "'a_b.c'");
    assert.equal(out("'-'.join(['a', 'b'])"), "'a-b'");
    assert.equal(out("{'a': 1}.get('b', 2)"), "2");
    assert.equal(out("{'a': 1}.items()"), "[['a',1]]");
    assert.equal(out("[3, 4].index(4)"), "1");
  });
  test("any other attribute is unreachable", () => {
    for (const attr of ["__class__", "constructor", "__proto__", "format", "prototype"]) {
      const e = renderError(`{{ 'x'.${attr} }}`);
      assert.equal(e.status, 500, attr);
      assert.match(e.message, /has no attribute/);
    }
    assert.match(renderError("{{ len.__globals__ }}").message, /'function' object has no attribute '__globals__'/);
  });
  test("list comprehensions have their own scope", () => {
    assert.equal(out("[c.upper() for c in 'abc' if c != 'b']"), "['A','C']");
    assert.equal(render("{% set c = 'keep' %}{{ [c for c in 'xy'] }}{{ c }}"), "['x','y']'keep'");
  });
});

describe("builtins", () => {
  test("conversions", () => {
    assert.equal(out("int('42') + 1"), "43");
    assert.equal(out("int(3.9)"), "3");
    assert.equal(out("float('1.5')"), "1.5");
    assert.equal(out("str(5)"), "'5'");
    assert.equal(out("bool('')"), "False");
    assert.equal(out("list('ab')"), "['a','b']");
    const e = renderError("{{ int(x) }}", { x: "abc" });
    assert.equal(e.message, "invalid literal for int() with base 10: 'abc'");
    assert.equal(e.status, 400);
  });
  test("numbers and sequences", () => {
    assert.equal(out("len('héllo')"), "5");
    assert.equal(out("range(3)"), "[0,1,2]");
    assert.equal(out("range(5, 0, -2)"), "[5,3,1]");
    assert.equal(out("min(3, 1, 2)"), "1");
    assert.equal(out("max([3, 9, 2])"), "9");
    assert.equal(out("round(2.5)"), "2");
    assert.equal(out("round(3.5)"), "4");
    assert.equal(out("round(2.675, 1)"), "2.7");
    assert.equal(out("abs(-3)"), "3");
    assert.equal(out("sum([1, 2, 3])"), "6");
    assert.equal(out("sorted(['b', 'a'])"), "['a','b']");
    assert.equal(out("sorted([1, 3, 2], reverse=True)"), "[3,2,1]");
    assert.equal(out("enumerate(['a'])"), "[[0,'a']]");
    assert.equal(out("zip([1, 2], 'ab')"), "[[1,'a'],[2,'b']]");
  });
  test("bad calls are TypeErrors", () => {
    assert.equal(renderError("{{ len() }}").message, "len() missing required argument: 'obj'");
    assert.equal(renderError("{{ len('a', nope=1) }}").message, "len() got an unexpected keyword argument 'nope'");
    assert.equal(renderError("{{ x() }}", { x: "s" }).message, "'str' object is not callable");
    assert.equal(renderError("{{ range(100000000) }}").status, 400);
  });
  test("lambdas, f-strings and generators are not part of the language", () => {
    assert.match(renderError("{{ lambda: 1 }}").message, /lambda is not supported/);
    assert.match(renderError("{{ f'{x}' }}").message, /f-strings are not supported/);
    assert.match(renderError("{{ (x for x in y) }}").message, /generator expressions are not supported/);
  });
});
