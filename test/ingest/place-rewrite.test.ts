/**
 * The place written into a datasource's opted-in JSON column, the database records it
 * comes from, and the check of the `ipGeolocation` option.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { openGeoDatabase, placeOf } from "../../src/ingest/geo/geo-database.ts";
import { placeRewrite, type Place } from "../../src/ingest/geo/place-rewrite.ts";
import { ipGeolocationProblems } from "../../src/project/ip-geolocation-check.ts";
import type { Column, Datasource, IpGeolocation } from "../../src/project/model.ts";

const COLUMNS: Column[] = [
  { name: "action", type: "LowCardinality(String)" },
  { name: "payload", type: "String" },
  { name: "props", type: "String", jsonPath: "$.data.props" },
  { name: "n", type: "Int32" },
  { name: "first", type: "String", jsonPath: "$.list[0]" },
];

function datasource(ipGeolocation: IpGeolocation | undefined, columns = COLUMNS): Datasource {
  return { kind: "datasource", name: "events", columns, engine: { type: "MergeTree" }, tokens: [], loc: { file: "test" }, ipGeolocation };
}

const MUNICH: Place = { country: "DE", region: "Bavaria", city: "Munich" };
const PAGE_HITS = datasource({ column: "payload", where: { action: "page_hit" } });

describe("writing the place into rows", () => {
  test("a JSON-string payload gets country, region and city; the rest of it stays", () => {
    const rewrite = placeRewrite(PAGE_HITS, MUNICH)!;
    const event = { action: "page_hit", payload: JSON.stringify({ pathname: "/a", location: "FR" }) };
    assert.deepEqual(JSON.parse((rewrite(event) as typeof event).payload), { pathname: "/a", location: "FR", country: "DE", region: "Bavaria", city: "Munich" });
  });

  test("an object payload is written into in place; a nested column path is followed", () => {
    const event = { action: "page_hit", payload: { pathname: "/a" } };
    assert.deepEqual(placeRewrite(PAGE_HITS, MUNICH)!(event), { action: "page_hit", payload: { pathname: "/a", country: "DE", region: "Bavaria", city: "Munich" } });
    const nested = { data: { props: '{"k":1}' } };
    assert.deepEqual(placeRewrite(datasource({ column: "props" }), { country: "GB" })!(nested), { data: { props: '{"k":1,"country":"GB"}' } });
  });

  test("the found place replaces all three keys: what it does not know is removed, not left from the client", () => {
    const event = { action: "page_hit", payload: JSON.stringify({ country: "US", region: "Texas", city: "Austin", pathname: "/" }) };
    placeRewrite(PAGE_HITS, { country: "DE", region: "Bavaria" })!(event);
    assert.deepEqual(JSON.parse(event.payload), { country: "DE", region: "Bavaria", pathname: "/" });
  });

  test("rows the where clause leaves out, and payloads that are not JSON objects, are left exactly as sent", () => {
    const rewrite = placeRewrite(PAGE_HITS, MUNICH)!;
    for (const event of [
      { action: "web_vital", payload: '{"name":"LCP"}' },
      { payload: '{"name":"LCP"}' },
      { action: "page_hit", payload: "not json {" },
      { action: "page_hit", payload: "{not json" },
      { action: "page_hit", payload: "[1,2]" },
      { action: "page_hit", payload: '"text"' },
      { action: "page_hit", payload: 42 },
      { action: "page_hit", payload: null },
      { action: "page_hit" },
    ]) {
      const copy = structuredClone(event);
      assert.deepEqual(rewrite(event), copy);
    }
    assert.equal(rewrite("a string line"), "a string line");
    assert.deepEqual(rewrite([1]), [1]);
  });

  test("a datasource without ipGeolocation is not rewritten at all", () => {
    assert.equal(placeRewrite(datasource(undefined), MUNICH), undefined);
  });
});

describe("DB-IP records", () => {
  test("the flat record becomes a place; empty fields are left out; no country code is no place", () => {
    const record = { city: "London", country_code: "GB", latitude: 51.5, longitude: -0.09, postcode: "", state1: "England", state2: "", timezone: "" };
    assert.deepEqual(placeOf(record), { country: "GB", region: "England", city: "London" });
    assert.deepEqual(placeOf({ ...record, state1: "", city: "" }), { country: "GB" });
    for (const none of [null, undefined, "GB", { ...record, country_code: "" }, { ...record, country_code: "gbr" }]) assert.equal(placeOf(none), undefined);
  });

  test("the installed database answers public addresses of both families and nothing for private ones", async () => {
    const db = await openGeoDatabase();
    assert.match(db.info.package, /^@ip-location-db\/dbip-city-mmdb@\d/);
    assert.ok(db.info.builtAt.getTime() > Date.parse("2025-01-01"), String(db.info.builtAt));
    assert.equal(db.lookup({ address: "8.8.8.8", family: "ipv4" })?.country, "US");
    assert.match(db.lookup({ address: "2001:4860:4860::8888", family: "ipv6" })?.country ?? "", /^[A-Z]{2}$/);
    for (const address of ["127.0.0.1", "10.1.2.3", "192.168.1.1"]) assert.equal(db.lookup({ address, family: "ipv4" }), undefined, address);
    for (const address of ["::1", "fd00::1"]) assert.equal(db.lookup({ address, family: "ipv6" }), undefined, address);
  });
});

describe("checking the ipGeolocation option", () => {
  test("a valid option has no problems", () => {
    assert.deepEqual(ipGeolocationProblems(PAGE_HITS), []);
    assert.deepEqual(ipGeolocationProblems(datasource({ column: "props" }, [...COLUMNS.slice(0, 2), { name: "props", type: "LowCardinality(Nullable(String))" }])), []);
  });

  test("each problem names the column and what to change", () => {
    assert.deepEqual(ipGeolocationProblems(datasource({ column: "paylod", where: { acton: "page_hit" } })), [
      'ipGeolocation refers to column "paylod", which is not in the schema (did you mean "payload"?)',
      'ipGeolocation refers to column "acton", which is not in the schema (did you mean "action"?)',
    ]);
    assert.deepEqual(ipGeolocationProblems(datasource({ column: "n" })), ['ipGeolocation column "n" is Int32; it must be a String or JSON column holding a JSON object']);
    assert.deepEqual(ipGeolocationProblems(datasource({ column: "first" })), ['ipGeolocation column "first" is read through an array index ($.list[0]), so there is no one place to write into']);
    assert.deepEqual(ipGeolocationProblems(datasource({ column: "payload" }, [])), ["ipGeolocation needs a schema: the Events API writes into this datasource's own columns"]);
  });
});
