/** A whole endpoint-shaped template (our own, in the starter kit's style) rendered end to end. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { renderTemplate, templateParameters } from "../../src/template/index.ts";

const SQL = `%
SELECT pathname, uniqMerge(visits) AS visits
FROM analytics_pages_mv
WHERE
  {% if defined(date_from) %} date >= {{ Date(date_from, description="Start date") }}
  {% else %} date >= today() - 7 {% end %}
  {% if defined(tenant_id) %} AND tenant_id = {{ String(tenant_id) }} {% end %}
  {% if defined(domain) %} AND domain = {{ String(domain) }} {% end %}
GROUP BY pathname
ORDER BY visits DESC
{% if defined(limit) %}
LIMIT {{ Int32(limit, 50) }} OFFSET {{ Int32(page, 0) * Int32(limit, 50) }}
{% end %}`;

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

test("no parameters: the defaults branch", () => {
  assert.equal(
    squash(renderTemplate(SQL, {}).sql),
    "SELECT pathname, uniqMerge(visits) AS visits FROM analytics_pages_mv WHERE date >= today() - 7 GROUP BY pathname ORDER BY visits DESC",
  );
});

test("every parameter, with a hostile tenant from a JWT fixed_param", () => {
  const sql = renderTemplate(SQL, { date_from: "2024-01-01", tenant_id: "a' OR '1'='1", domain: "x.com", limit: "10", page: "3" }).sql;
  assert.equal(
    squash(sql),
    "SELECT pathname, uniqMerge(visits) AS visits FROM analytics_pages_mv WHERE date >= '2024-01-01' AND tenant_id = 'a\\' OR \\'1\\'=\\'1' AND domain = 'x.com' GROUP BY pathname ORDER BY visits DESC LIMIT toInt32('10') OFFSET 30",
  );
});

test("its declared parameters", () => {
  assert.deepEqual(templateParameters(SQL), [
    { name: "date_from", type: "Date", description: "Start date" },
    { name: "tenant_id", type: "String" },
    { name: "domain", type: "String" },
    { name: "limit", type: "Int32", default: 50 },
    { name: "page", type: "Int32", default: 0 },
  ]);
});
