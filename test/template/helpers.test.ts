/** Helper functions: identifiers, sql_and, sql_unescape, dates, hints, secrets, errors. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { render, renderError, renderFull } from "./render-helpers.ts";

describe("column / columns / symbol / table", () => {
  test("column quotes each dotted part and escapes", () => {
    assert.equal(render("{{column(c)}}", { c: "a.b" }), "`a`.`b`");
    assert.equal(render("{{column(c)}}", { c: "x`; DROP TABLE t; --" }), "`x\\`; DROP TABLE t; --`");
    assert.equal(render("{{column(c)}}", { c: 'we"ird' }), "`weird`");
    assert.equal(render("{{column(String(c), 'date')}}"), "`date`", "an absent typed value counts as unset");
  });
  test("column without value or default", () => {
    const e = renderError("{{column(c)}}");
    assert.equal(e.message, "Missing column() default value, use `column(column_name, 'default_column_name')`");
    assert.equal(e.status, 400);
  });
  test("columns lists, optionally wrapped in a function", () => {
    assert.equal(render("{{columns(cols, 'a,b')}}"), "`a`, `b`");
    assert.equal(render("{{columns(cols)}}", { cols: "x, y" }), "`x`, `y`");
    assert.equal(render("{{columns(cols, 'a,b', 'sum')}}"), "sum(`a`) as `a`, sum(`b`) as `b`");
    assert.equal(renderError("{{columns(cols, 'a', 'sum(1)); --')}}").message, "columns(): invalid function name 'sum(1)); --'");
  });
  test("symbol / Symbol / Column with either quote", () => {
    assert.equal(render("{{symbol(s)}} {{Symbol(s, '\"')}} {{Column(s)}}", { s: "n" }), '`n` "n" `n`');
    assert.equal(render("{{symbol(s, '\"')}}", { s: 'a"b' }), '"ab"');
    assert.equal(renderError("{{symbol(s, \"'\")}}", { s: "a" }).status, 400);
  });
  test("table accepts only plain names", () => {
    assert.equal(render("FROM {{table(t)}}", { t: "analytics_hits" }), "FROM analytics_hits");
    assert.equal(render("FROM {{TABLE(t)}}", { t: "db.events" }), "FROM db.events");
    assert.equal(renderError("FROM {{table(t)}}", { t: "t; DROP TABLE x" }).message, "Invalid table name 't; DROP TABLE x'");
  });
});

describe("sql_and", () => {
  test("every operator suffix", () => {
    const body = "{{sql_and(a=a, b__in=b, c__not_in=c, d__gt=d, e__lt=e, f__gte=f, g__lte=g)}}";
    const vars = { a: "1", b: ["x", "y"], c: ["z"], d: "2", e: "3", f: "4", g: "5" };
    assert.equal(render(body, vars), "a = '1' and b in ['x','y'] and c not in ['z'] and d > '2' and e < '3' and f >= '4' and g <= '5'");
  });
  test("typed values print in their SQL form", () => {
    assert.equal(render("{{sql_and(n__gte=Int32(n), d=Date(d))}}", { n: "3", d: "2024-01-01" }), "n >= toInt32('3') and d = '2024-01-01'");
  });
  test("nothing set gives a condition that is always true", () => {
    assert.equal(render("WHERE {{sql_and(a=a, b__in=Array(b))}}"), "WHERE 1");
  });
  test("values are escaped", () => {
    assert.equal(render("{{sql_and(a=a)}}", { a: "x' OR '1'='1" }), "a = 'x\\' OR \\'1\\'=\\'1'");
  });
});

describe("sql_unescape", () => {
  test("leaves % bare for LIKE, keeps every other escape", () => {
    assert.equal(render("{{sql_unescape(String(p), '%')}}", { p: "%a'b%" }), "'%a\\'b%'");
    assert.equal(render("{{String(p)}}", { p: "%a%" }), "'\\%a\\%'");
    assert.equal(render("{{sql_unescape(String(p))}}", { p: "%" }), "'\\%'");
  });
  test("can never unescape a quote or a backslash", () => {
    assert.equal(render("{{sql_unescape(String(p), \"'\\\\%\")}}", { p: "'\\%" }), "'\\'\\\\%'");
  });
});

describe("split_to_array / enumerate_with_last", () => {
  test("split, strip and drop empty items", () => {
    assert.equal(render("{{split_to_array(x)}}", { x: " a , ,b," }), "['a','b']");
    assert.equal(render("{{split_to_array(x, 'd')}}"), "['d']");
    assert.equal(render("{{split_to_array(x, separator='|')}}", { x: "a|b" }), "['a','b']");
    assert.equal(render("{{split_to_array(x)}}", { x: ["a", "b "] }), "['a','b']");
    assert.equal(render("{{split_to_array(x)}}"), "[]");
  });
  test("enumerate_with_last marks the last item", () => {
    assert.equal(render("{{enumerate_with_last(['a', 'b'])}}"), "[[False,'a'],[True,'b']]");
  });
});

describe("date differences", () => {
  test("absolute whole units with Python formats", () => {
    assert.equal(render("{{day_diff(a, b)}}", { a: "2024-03-01", b: "2024-01-01" }), "60");
    assert.equal(render("{{date_diff_in_days('2024-01-01', '2024-01-31')}}"), "30");
    assert.equal(render("{{date_diff_in_hours('2024-01-01 00:00:00', '2024-01-02 01:30:00')}}"), "25");
    assert.equal(render("{{date_diff_in_minutes('2024-01-01 00:00:00', '2024-01-01 00:10:59')}}"), "10");
    assert.equal(render("{{date_diff_in_seconds('2024-01-01 00:00:00', '2024-01-01 00:01:00')}}"), "60");
    assert.equal(render("{{date_diff_in_days('01/02/2024', '05/02/2024', '%d/%m/%Y')}}"), "4");
    assert.equal(render("{{date_diff_in_days('2024-01-01', '2024-01-03 10:00:00', backup_date_format='%Y-%m-%d %H:%M:%S')}}"), "2");
  });
  test("absent dates give the default; bad dates raise unless none_if_error", () => {
    assert.equal(render("{{day_diff(a, b, 7)}}"), "7");
    assert.equal(render("{% if date_diff_in_days('x', '2024-01-01', none_if_error=True) is None %}none{% end %}"), "none");
    assert.equal(renderError("{{date_diff_in_days('2024-13-01', '2024-01-01')}}").message, "date_diff_in_days: time data '2024-13-01' does not match format '%Y-%m-%d'");
    assert.equal(renderError("{{day_diff(Date(a), '2024-01-01')}}", { a: "nope" }).message, "Template Syntax Error: Error validating 'nope' to type Date");
    assert.match(renderError("{{day_diff(Date(a), '2024-01-01')}}").message, /Required parameter is not defined\. Check the parameters a\./);
  });
  test("used to pick a table by range", () => {
    const body = "{% if day_diff(date_from, date_to) > 30 %}monthly{% else %}daily{% end %}";
    assert.equal(render(body, { date_from: "2024-01-01", date_to: "2024-03-01" }), "monthly");
    assert.equal(render(body, { date_from: "2024-01-01", date_to: "2024-01-02" }), "daily");
  });
});

describe("utc_today (Aviary's)", () => {
  const lateNewYearsEve = { now: new Date("2026-12-31T23:30:00-02:00") };
  test("is the render clock's date in UTC, as a string", () => {
    assert.equal(render("{{utc_today()}}", {}, lateNewYearsEve), "'2027-01-01'");
    assert.equal(render("{{utc_today()[:4]}}", {}, { now: new Date("2026-12-06T10:00:00Z") }), "'2026'");
  });
  test("bounds a date parameter relative to today, with a message naming the range", () => {
    const body = "{% set last = str(int(utc_today()[:4]) + 1) + '-12-31' %}{% if Date(d) > last %}{{error('d must be no later than ' + last + ', got ' + Date(d))}}{% end %}ok";
    const now = { now: new Date("2026-12-06T10:00:00Z") };
    assert.equal(render(body, { d: "2027-12-31" }, now), "ok");
    const e = renderError(body, { d: "2028-01-01" }, now);
    assert.deepEqual([e.status, e.message], [400, "d must be no later than 2027-12-31, got 2028-01-01"]);
  });
  test("takes no arguments, and is not a request parameter", () => {
    assert.equal(renderError("{{utc_today('UTC')}}").status, 500);
    assert.equal(render("{{utc_today()}}", { utc_today: "1999-01-01" }, { now: new Date("2026-12-06T00:00:00Z") }), "'2026-12-06'");
  });
});

describe("hints, secrets and errors", () => {
  test("hints render nothing and record settings", () => {
    const r = renderFull("SELECT 1 {{max_threads(4)}}{{cache_ttl('5m')}}{{backend_hint('x')}}{{activate('analyzer')}}{{activate('parallel_replicas')}}");
    assert.equal(r.sql, "SELECT 1 ");
    assert.deepEqual(r.settings, { max_threads: 4, enable_analyzer: 1 });
    assert.equal(r.cacheTtl, "5m");
    assert.deepEqual(renderFull("{{disable('analyzer')}}").settings, { enable_analyzer: 0 });
    assert.equal(renderFull("SELECT 1").cacheTtl, undefined);
  });
  test("bad hint arguments are 400s", () => {
    assert.equal(renderError("{{max_threads(0)}}").status, 400);
    assert.equal(renderError("{{cache_ttl('2d')}}").message, "cache_ttl(): expected one of 5s, 1m, 5m, 30m, 1h, got '2d'");
    assert.equal(renderError("{{activate('turbo')}}").message, "activate(): unknown feature 'turbo'");
  });
  test("secrets render their default", () => {
    assert.equal(render("{{tb_secret('key', 'dflt')}} {{tb_var('v', 3)}}"), "'dflt' 3");
    assert.match(renderError("{{tb_secret('key')}}").message, /Cannot access secret 'key'/);
  });
  test("custom_error with a list body and an invalid status", () => {
    assert.deepEqual(renderError("{{custom_error([1, 'a'], 422)}}").body, [1, "a"]);
    assert.equal(renderError("{{custom_error('x', 99)}}").message, "custom_error(): invalid HTTP status 99");
  });
});
