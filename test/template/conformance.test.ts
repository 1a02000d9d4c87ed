/** Conformance checklist items 23–33 (compat-api.md), the template half of each. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { CustomError, TemplateError, forbiddenVariableNames } from "../../src/template/index.ts";
import { render, renderError } from "./render-helpers.ts";

const REQUIRED = (names: string) =>
  `Template Syntax Error: Required parameter is not defined. Check the parameters ${names}. Please provide a value or set a default value in the pipe code.`;

test("23: String(x) escapes a quote so the value stays one literal", () => {
  assert.equal(render("SELECT {{String(x)}}", { x: "';drop table users;" }), "SELECT '\\';drop table users;'");
});

test("24: Int32(limit, 50) renders toInt32('50'); limit=abc is a 400", () => {
  assert.equal(render("LIMIT {{Int32(limit, 50)}}"), "LIMIT toInt32('50')");
  const e = renderError("LIMIT {{Int32(limit, 50)}}", { limit: "abc" });
  assert.ok(e instanceof TemplateError);
  assert.equal(e.status, 400);
  assert.equal(e.message, "Template Syntax Error: Error validating 'abc' to type Int32");
});

test("25: String(tenant_id) with no value and no default is a 400 naming the parameter", () => {
  const e = renderError("WHERE tenant_id = {{String(tenant_id)}}");
  assert.ok(e instanceof TemplateError);
  assert.equal(e.status, 400);
  assert.equal(e.message, REQUIRED("tenant_id"));
  assert.equal(e.line, 2);
});

test("26: required=False is metadata only and does not prevent the error", () => {
  assert.equal(renderError("{{String(tenant_id, required=False)}}").message, REQUIRED("tenant_id"));
  assert.equal(renderError("{{Int32(n, description='x', required=False)}}").message, REQUIRED("n"));
});

test("27: defined(tenant_id) is false when absent, true when present (even empty)", () => {
  const body = "{% if defined(tenant_id) %}yes{% else %}no{% end %}";
  assert.equal(render(body), "no");
  assert.equal(render(body, { tenant_id: "A" }), "yes");
  assert.equal(render(body, { tenant_id: "" }), "yes");
});

test("28: comparisons see raw strings", () => {
  const body = "{% if include_previous_period == 'true' %}prev{% else %}now{% end %}";
  assert.equal(render(body, { include_previous_period: "true" }), "prev");
  assert.equal(render(body, { include_previous_period: "false" }), "now");
  assert.equal(render(body), "now");
  assert.equal(render("{% if date_from == date_to %}same{% end %}", { date_from: "2024-01-01", date_to: "2024-01-01" }), "same");
});

test("29: Date(d) renders quoted; Boolean(b) renders 1 or 0", () => {
  assert.equal(render("{{Date(d)}}", { d: "2024-01-01" }), "'2024-01-01'");
  assert.equal(render("{{Boolean(b)}}", { b: "true" }), "1");
  assert.equal(render("{{Boolean(b)}}", { b: "1" }), "1");
  assert.equal(render("{{Boolean(b)}}", { b: "false" }), "0");
  assert.equal(render("{{Boolean(b)}}", { b: "0" }), "0");
  assert.equal(render("{{Boolean(b)}}"), "0");
});

test("30: Array(ids,'Int32') renders [1,2,3]; sql_and skips unset parameters", () => {
  assert.equal(render("{{Array(ids,'Int32')}}", { ids: "1,2,3" }), "[1,2,3]");
  assert.equal(render("{{sql_and(a=a, b__in=Array(b))}}", { a: "1", b: "x" }), "a = '1' and b in ['x']");
  assert.equal(render("{{sql_and(a=a, b__in=Array(b))}}", { a: "1" }), "a = '1'");
  assert.equal(render("{{sql_and(a=a, b__in=Array(b))}}", { b: "x,y" }), "b in ['x','y']");
});

test("31: column(c,'date') renders `date`; split_to_array('a, b') gives ['a','b']", () => {
  assert.equal(render("{{column(c,'date')}}"), "`date`");
  assert.equal(render("{{column(c,'date')}}", { c: "hits" }), "`hits`");
  assert.equal(render("{{split_to_array('a, b')}}"), "['a','b']");
  assert.equal(render("{% for x in split_to_array('a, b') %}<{{x}}>{% end %}"), "<'a'><'b'>");
});

test("32: error('bad') is a 400 with the query-parameters docs; custom_error sets status and body", () => {
  const e = renderError("{{error('bad')}}");
  assert.ok(e instanceof TemplateError);
  assert.equal(e.status, 400);
  assert.equal(e.message, "bad");
  assert.equal(e.documentation, "https://docs.tinybird.co/query/query-parameters.html");
  assert.equal(renderError("{{error('bad', 500)}}").status, 400, "the code argument is ignored upstream");

  const c = renderError("{{custom_error({'error':'nope'}, 404)}}");
  assert.ok(c instanceof CustomError);
  assert.equal(c.status, 404);
  assert.deepEqual(c.body, { error: "nope" });
  const s = renderError("{{custom_error('plain text')}}");
  assert.ok(s instanceof CustomError);
  assert.equal(s.status, 400);
  assert.equal(s.body, "plain text");
});

test("33: q and format cannot be template variables", () => {
  assert.deepEqual(forbiddenVariableNames("%\nSELECT 1\nWHERE a = {{String(q)}}\n{% if defined(format) %}{% end %}"), [
    { name: "q", line: 3 },
    { name: "format", line: 4 },
  ]);
  assert.deepEqual(forbiddenVariableNames("%\nSELECT {{String(query)}}"), []);
  assert.deepEqual(forbiddenVariableNames("%\nSELECT {{Date(d, format='date')}}"), [], "a keyword argument is not a variable");
  assert.deepEqual(forbiddenVariableNames("SELECT {{q}}"), [], "not a template");
  const e = renderError("{% set format = 'x' %}");
  assert.equal(e.message, '"format" can not be used as a variable name, line 2');
  assert.equal(e.status, 400);
});
