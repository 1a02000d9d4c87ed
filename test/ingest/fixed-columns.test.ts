/**
 * Columns decided for every row (a tenant-bound tracker token's): the rewrite stage alone,
 * then through the row check, and the binding that decides them from a token and the
 * page's headers.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { decideColumns } from "../../src/auth/append-binding.ts";
import { domainList } from "../../src/auth/domain-list.ts";
import { ApiError } from "../../src/errors.ts";
import { compileRewrite, fixedColumnProblems } from "../../src/ingest/fixed-columns.ts";
import { compileRowCheck, RowBatch } from "../../src/ingest/row-check.ts";
import type { Column, Datasource } from "../../src/project/model.ts";

function datasource(columns: Column[]): Datasource {
  return { kind: "datasource", name: "events", columns, engine: { type: "MergeTree" }, tokens: [], loc: { file: "test" } };
}

const EVENTS = datasource([
  { name: "action", type: "String" },
  { name: "tenant_id", type: "String", defaultExpr: "''" },
  { name: "domain", type: "String", defaultExpr: "''" },
  { name: "site", type: "String", jsonPath: "$.meta.site", defaultExpr: "''" },
  { name: "first_tag", type: "String", jsonPath: "$.tags[0]", defaultExpr: "''" },
  { name: "hits", type: "UInt32", defaultExpr: "0" },
]);

describe("decided columns", () => {
  test("fixed values replace what the row sends, at the column's JSONPath, nested objects created", () => {
    const rewrite = compileRewrite(EVENTS, { fixed: { tenant_id: "acme", site: "s1" } })!;
    assert.deepEqual(rewrite({ action: "a", tenant_id: "victim", meta: { site: "evil", other: 1 } }), { action: "a", tenant_id: "acme", meta: { site: "s1", other: 1 } });
    assert.deepEqual(rewrite({ action: "b", meta: "not an object" }), { action: "b", tenant_id: "acme", meta: { site: "s1" } });
    assert.deepEqual(rewrite(["not", "an", "event"]), ["not", "an", "event"]);
    assert.equal(compileRewrite(EVENTS, {}), undefined);
  });

  test("a __proto__ key stays an own property and never reaches the prototype", () => {
    const ds = datasource([{ name: "proto", type: "String", jsonPath: "$.__proto__.x", defaultExpr: "''" }]);
    const event = compileRewrite(ds, { fixed: { proto: "p" } })!(JSON.parse('{"__proto__": {"x": "sent"}}')) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(event), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(event, "__proto__")?.value, { x: "p" });
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });

  test("guarded columns keep an accepted row value and replace any other", () => {
    const rewrite = compileRewrite(EVENTS, { guarded: { domain: { keeps: (v) => v === "ok.test", otherwise: "page.test" } } })!;
    assert.deepEqual([{ domain: "ok.test" }, { domain: "evil.test" }, {}, { domain: 5 }].map((e) => (rewrite(e) as { domain: unknown }).domain), ["ok.test", "page.test", "page.test", "page.test"]);
  });

  test("columns that do not exist, are read through an array or cannot take the value are refused", () => {
    assert.deepEqual(fixedColumnProblems(EVENTS, { Tenant_ID: "a", first_tag: "t", hits: "many", tenant_id: "ok" }), [
      "'Tenant_ID' is not a column of 'events'",
      "column 'first_tag' is read through an array index ($.tags[0]), which cannot be fixed",
      '"many" is not a value of column \'hits\' (UInt32)',
    ]);
    assert.throws(
      () => compileRewrite(EVENTS, { fixed: { Tenant_ID: "a" } }),
      (err: unknown) => err instanceof ApiError && err.status === 403 && err.message === "This token fixes columns Data Source 'events' cannot take: 'Tenant_ID' is not a column of 'events'",
    );
  });

  test("the row check sees the decided value: in the row and in the quarantine line", () => {
    const rewrite = compileRewrite(EVENTS, { fixed: { tenant_id: "acme" } })!;
    const check = compileRowCheck(EVENTS);
    const batch = new RowBatch("req", 1_700_000_000);
    check.event(rewrite({ action: "a", tenant_id: "victim" }), batch);
    check.event(rewrite({ tenant_id: "victim" }), batch);
    assert.equal(batch.rows.toBuffer().toString(), '{"action":"a","tenant_id":"acme"}\n');
    const quarantined = batch.quarantine.toBuffer().toString();
    assert.ok(quarantined.includes('"tenant_id":"acme"') && !quarantined.includes("victim"), quarantined);
  });
});

describe("a tenant-bound APPEND scope applied to a request", () => {
  const binding = { fixedColumns: { tenant_id: "acme" }, domains: domainList(["acme.test", "*.acme.test"]) };

  test("the page host comes from Origin, else Referer; the domain column is guarded with it", () => {
    const decided = decideColumns(binding, EVENTS, { origin: "https://WWW.Acme.test:8443", referer: "https://evil.test/" });
    assert.deepEqual(decided.fixed, { tenant_id: "acme" });
    const guard = decided.guarded!.domain!;
    assert.deepEqual([guard.keeps("acme.test"), guard.keeps("Shop.ACME.test"), guard.keeps("evil.test"), guard.keeps(undefined), guard.otherwise], [true, true, false, false, "www.acme.test"]);
    assert.equal(decideColumns(binding, EVENTS, { origin: "null", referer: "https://acme.test/p" }).guarded!.domain!.otherwise, "acme.test");
  });

  test("a fixed domain, or a datasource without a domain column, leaves nothing to guard; no domains, no page check", () => {
    assert.deepEqual(decideColumns({ ...binding, fixedColumns: { tenant_id: "acme", domain: "acme.test" } }, EVENTS, { origin: "https://acme.test" }), { fixed: { tenant_id: "acme", domain: "acme.test" } });
    assert.deepEqual(decideColumns(binding, datasource([{ name: "tenant_id", type: "String" }]), { origin: "https://acme.test" }), { fixed: { tenant_id: "acme" } });
    assert.deepEqual(decideColumns({ fixedColumns: { tenant_id: "acme" } }, EVENTS, {}), { fixed: { tenant_id: "acme" } });
  });

  test("other hosts, missing and unusable headers are refused with the token's domains", () => {
    const refusal = (headers: { origin?: string; referer?: string }) => {
      try {
        decideColumns(binding, EVENTS, headers);
        return "accepted";
      } catch (err) {
        return `${(err as ApiError).status} ${(err as ApiError).message}`;
      }
    };
    assert.equal(refusal({ origin: "https://acme.test.evil.test" }), "403 This token may not append from a page on acme.test.evil.test: its domains are acme.test, *.acme.test");
    assert.equal(refusal({ origin: "https://xacme.test" }), "403 This token may not append from a page on xacme.test: its domains are acme.test, *.acme.test");
    const missing = "403 This token appends only from web pages on acme.test, *.acme.test: the request has neither an Origin nor a Referer header naming its page";
    for (const headers of [{}, { origin: "null" }, { origin: "chrome-extension://abc" }, { referer: "not a url" }]) assert.equal(refusal(headers), missing, JSON.stringify(headers));
  });
});
