/** templateParameters (found without values, across all branches) and reserved-name warnings. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { templateParameters } from "../../src/template/index.ts";
import { renderFull } from "./render-helpers.ts";

test("typed calls in every branch, in first-appearance order, with metadata", () => {
  const sql = `%
SELECT * FROM analytics_hits
WHERE 1
{% if defined(tenant_id) %} AND tenant_id = {{ String(tenant_id, description="Filter by tenant ID") }} {% end %}
{% if not defined(date_from) %} AND d >= today() - 7
{% else %} AND d >= {{ Date(date_from, description="Start", required=True, example="2024-01-01") }} {% end %}
LIMIT {{ Int32(limit, 50, enum=['10', '50']) }} OFFSET {{ Int32(page, 0) * Int32(limit, 50, description="Page size") }}
{% for c in Array(countries, 'String', default='ES,FR') %}{% end %}
{{ Array(ids, Int64) }} {{ Boolean(flag, False, format="bool") }} {{ Float64(ratio, 0.5) }} {{ Int(n) }}`;
  assert.deepEqual(templateParameters(sql), [
    { name: "tenant_id", type: "String", description: "Filter by tenant ID" },
    { name: "date_from", type: "Date", description: "Start", required: true, example: "2024-01-01" },
    { name: "limit", type: "Int32", default: 50, enum: ["10", "50"], description: "Page size" },
    { name: "page", type: "Int32", default: 0 },
    { name: "countries", type: "Array(String)", default: "ES,FR" },
    { name: "ids", type: "Array(Int64)" },
    { name: "flag", type: "Boolean", default: false, format: "bool" },
    { name: "ratio", type: "Float64", default: 0.5 },
    { name: "n", type: "Int32" },
  ]);
});

test("untyped variables are String parameters; locals and functions are not parameters", () => {
  const sql = `%
{% set days = 7 %}{% for x in split_to_array(cols, 'a') %}{{x}}{% end %}
{% if include_previous_period == 'true' %}{{days}}{% end %}
ORDER BY {{ column(sort_by, 'date') }} {{ sql_and(country=country) }}`;
  assert.deepEqual(templateParameters(sql), [
    { name: "cols", type: "String", default: "a" },
    { name: "include_previous_period", type: "String" },
    { name: "sort_by", type: "String", default: "date" },
    { name: "country", type: "String" },
  ]);
});

test("a local that re-reads a typed parameter still counts", () => {
  assert.deepEqual(templateParameters("%\n{% set limit = Int32(limit, 10) %}{{limit}}"), [{ name: "limit", type: "Int32", default: 10 }]);
});

test("defaults that are not literals are left out", () => {
  assert.deepEqual(templateParameters("%\n{% set d = '2024-01-01' %}{{ Date(start, d) }}"), [{ name: "start", type: "Date" }]);
});

test("non-templates declare nothing", () => {
  assert.deepEqual(templateParameters("SELECT {{String(x)}}"), []);
});

test("reserved names only warn", () => {
  const r = renderFull("SELECT {{ String(debug, 'x') }}\n{% if defined(token) %}{% end %}");
  assert.equal(r.sql, "SELECT 'x'\n");
  assert.deepEqual(r.warnings, [
    '"debug" is a reserved parameter name (line 2); rename it to avoid conflicts with the API',
    '"token" is a reserved parameter name (line 3); rename it to avoid conflicts with the API',
  ]);
});
