/** Control flow and template syntax: exact SQL per construct, exact parse errors. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { TemplateError, isTemplate, renderTemplate } from "../../src/template/index.ts";
import { render, renderError } from "./render-helpers.ts";

describe("the % marker", () => {
  test("isTemplate looks at the first non-whitespace character", () => {
    assert.equal(isTemplate("%\nSELECT 1"), true);
    assert.equal(isTemplate("  \n %SELECT 1"), true);
    assert.equal(isTemplate("SELECT 1 % 2"), false);
    assert.equal(isTemplate(""), false);
  });
  test("non-template SQL is returned unchanged, braces and all", () => {
    assert.deepEqual(renderTemplate("SELECT {{x}}", { x: "1" }), { sql: "SELECT {{x}}", warnings: [], settings: {} });
  });
  test("the marker line is dropped; an inline marker only loses the %", () => {
    assert.equal(renderTemplate("%\nSELECT 1", {}).sql, "SELECT 1");
    assert.equal(renderTemplate("\n  %  \r\nSELECT 1", {}).sql, "SELECT 1");
    assert.equal(renderTemplate("% SELECT 1", {}).sql, " SELECT 1");
  });
  test("error lines count from the first line of the original SQL", () => {
    const e = (() => {
      try {
        renderTemplate("%\nSELECT\n{{ String(x) }}", {});
      } catch (err) {
        return err as TemplateError;
      }
    })();
    assert.equal(e?.line, 3);
  });
});

describe("text and comments", () => {
  test("text is kept verbatim, including %, quotes, single braces and whitespace", () => {
    assert.equal(render("SELECT '100%' AS p, {'a': 1} AS m,\n\t'{x}'"), "SELECT '100%' AS p, {'a': 1} AS m,\n\t'{x}'");
  });
  test("{# #} comments and {% comment %} vanish", () => {
    assert.equal(render("a{# hidden {{ x }} #}b{% comment why %}c"), "abc");
  });
  test("{{! {%! and {#! write the marker literally", () => {
    assert.equal(render("{{! x }} {%! y %}"), "{{ x }} {% y %}");
  });
});

describe("if / elif / else", () => {
  const body = "{% if x == '1' %}one{% elif x == '2' %}two{% elif x %}other{% else %}none{% end %}";
  test("picks the first true branch", () => {
    assert.equal(render(body, { x: "1" }), "one");
    assert.equal(render(body, { x: "2" }), "two");
    assert.equal(render(body, { x: "3" }), "other");
    assert.equal(render(body), "none");
  });
  test("nests, and `{% end if %}` is accepted like Tornado", () => {
    assert.equal(render("{% if 1 %}a{% if 0 %}b{% else %}c{% end if %}d{% end %}"), "acd");
  });
  test("unclosed if names the line it opened on", () => {
    const e = renderError("SELECT 1\n{% if defined(x) %}\nAND 1");
    assert.ok(e instanceof TemplateError);
    assert.equal(e.status, 400);
    assert.equal(e.message, "Missing {% end %} block for if at line 3");
  });
  test("else after else, and clauses outside blocks, are syntax errors", () => {
    assert.equal(renderError("{% if 1 %}{% else %}{% else %}{% end %}").message, "Template Syntax Error: {% else %} is not allowed in {% if %} at line 2");
    assert.equal(renderError("{% end %}").message, "Template Syntax Error: {% end %} outside of a block at line 2");
    assert.equal(renderError("{% elif x %}").message, "Template Syntax Error: {% elif %} outside of a block at line 2");
  });
});

describe("for / while / break / continue", () => {
  test("iterates lists, strings and dict keys, with unpacking", () => {
    assert.equal(render("{% for x in [1, 2] %}{{x}},{% end %}"), "1,2,");
    assert.equal(render("{% for c in 'ab' %}{{c}}{% end %}"), "'a''b'");
    assert.equal(render("{% for k in {'a': 1} %}{{k}}{% end %}"), "'a'");
    assert.equal(render("{% for i, (a, b) in enumerate([[1, 2]]) %}{{i}}{{a}}{{b}}{% end %}"), "012");
  });
  test("enumerate_with_last joins without a trailing separator", () => {
    const body = "{% for last, c in enumerate_with_last(split_to_array(cols)) %}{{column(c)}}{% if not last %}, {% end %}{% end %}";
    assert.equal(render(body, { cols: "a,b,c" }), "`a`, `b`, `c`");
  });
  test("break and continue", () => {
    assert.equal(render("{% for i in range(10) %}{% if i == 1 %}{% continue %}{% end %}{% if i == 3 %}{% break %}{% end %}{{i}}{% end %}"), "02");
  });
  test("while with set", () => {
    assert.equal(render("{% set i = 0 %}{% while i < 3 %}{{i}}{% set i += 1 %}{% end %}"), "012");
  });
  test("a runaway while stops with an error", () => {
    assert.equal(renderError("{% while True %}{% end %}").message, "{% while %} ran more than 100000 times");
  });
  test("break outside a loop and unclosed loops are syntax errors", () => {
    assert.equal(renderError("{% break %}").message, "Template Syntax Error: {% break %} outside of a loop at line 2");
    assert.equal(renderError("{% for x in y %}").message, "Missing {% end %} block for for at line 2");
    assert.equal(renderError("{% while x %}").message, "Missing {% end %} block for while at line 2");
  });
  test("unpacking the wrong number of values is a 400", () => {
    assert.equal(renderError("{% for a, b in [[1]] %}{% end %}").message, "not enough values to unpack (expected 2)");
  });
});

describe("set", () => {
  test("assigns, unpacks and shadows functions, not the other way round", () => {
    assert.equal(render("{% set a, b = 1, 'x' %}{{a}} {{b}}"), "1 'x'");
    assert.equal(render("{% set len = 3 %}{{len}}"), "3");
    assert.equal(render("{{len('abc')}}", { len: "boom" }), "3");
  });
  test("set without = is a syntax error", () => {
    assert.equal(renderError("{% set a %}").message, 'Template Syntax Error: expected \'=\' in {% set %} near "end of expression" at line 2');
  });
});

describe("try / except / else / finally", () => {
  test("except catches template errors", () => {
    assert.equal(render("{% try %}{{Int32(x)}}{% except %}fallback{% end %}", { x: "bad" }), "fallback");
    assert.equal(render("{% try %}{{Int32(x)}}{% except ValueError %}fallback{% else %}+{% finally %}!{% end %}", { x: "5" }), "toInt32('5')+!");
    assert.equal(render("{% try %}{{error('x')}}{% except %}caught{% finally %}!{% end %}"), "caught!");
  });
  test("clauses out of order are errors", () => {
    assert.equal(renderError("{% try %}{% finally %}{% except %}{% end %}").message, "Template Syntax Error: {% except %} is not allowed in {% try %} at line 2");
  });
});

describe("forbidden and unsupported statements", () => {
  test("import is forbidden", () => {
    assert.equal(renderError("{% import os %}").message, "import is forbidden");
    assert.equal(renderError("{% from os import path %}").message, "import is forbidden");
    assert.equal(renderError("{{ __import__('os') }}").message, "'NoneType' object is not callable");
  });
  test("Tornado statements that reach outside the template are refused", () => {
    assert.equal(renderError("{% include 'x.sql' %}").message, "Template Syntax Error: {% include %} is not supported at line 2");
    assert.equal(renderError("{% raw x %}").message, "Template Syntax Error: {% raw %} is not supported at line 2");
    assert.equal(renderError("{% frobnicate %}").message, 'Template Syntax Error: unknown operator: "frobnicate" at line 2');
  });
  test("unterminated and empty blocks", () => {
    assert.equal(renderError("SELECT {{ x").message, "Template Syntax Error: Missing end expression }} at line 2");
    assert.equal(renderError("{% if x").message, "Template Syntax Error: Missing end block %} at line 2");
    assert.equal(renderError("{{ }}").message, "Template Syntax Error: Empty expression at line 2");
  });
});
