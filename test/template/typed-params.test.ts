/** Typed parameter functions: exact SQL per type, validation messages, defaults and modes. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { render, renderError } from "./render-helpers.ts";

const invalid = (v: string, t: string) => `Template Syntax Error: Error validating '${v}' to type ${t}`;

describe("String", () => {
  test("quotes and escapes", () => {
    assert.equal(render("{{String(x)}}", { x: "it's" }), "'it\\'s'");
    assert.equal(render("{{String(x, 'dflt')}}"), "'dflt'");
    assert.equal(render("{{String(x, default='dflt')}}"), "'dflt'");
    assert.equal(render("{{String(x, 'dflt')}}", { x: "" }), "''", "an empty value is a value");
  });
  test("JSON-typed values from fixed_params are str()'d as Python would", () => {
    assert.equal(render("{{String(tenant_id)}}", { tenant_id: 123 }), "'123'");
    assert.equal(render("{{String(x)}}", { x: 1.5 }), "'1.5'");
    assert.equal(render("{{String(x)}}", { x: true }), "'True'");
  });
  test("a scalar sent several times (repeated query keys) takes the first value", () => {
    assert.equal(render("{{String(x)}} {{Int32(n)}}", { x: ["a", "b"], n: ["1", "2"] }), "'a' toInt32('1')");
  });
});

describe("IntN / UIntN", () => {
  test("render as toIntN('v') with the normalised number", () => {
    assert.equal(render("{{Int32(x)}}", { x: "5" }), "toInt32('5')");
    assert.equal(render("{{Int32(x)}}", { x: "+007" }), "toInt32('7')");
    assert.equal(render("{{Int32(x)}}", { x: 5 }), "toInt32('5')");
    assert.equal(render("{{UInt8(x)}}", { x: "255" }), "toUInt8('255')");
    assert.equal(render("{{Int64(x)}}", { x: "-9223372036854775808" }), "toInt64('-9223372036854775808')");
    assert.equal(render("{{UInt256(x)}}", { x: (2n ** 256n - 1n).toString() }), `toUInt256('${2n ** 256n - 1n}')`);
    assert.equal(render("{{Int8(x, 3)}}"), "toInt8('3')");
  });
  test("range checks per width", () => {
    assert.equal(renderError("{{UInt8(x)}}", { x: "256" }).message, invalid("256", "UInt8"));
    assert.equal(renderError("{{UInt8(x)}}", { x: "-1" }).message, invalid("-1", "UInt8"));
    assert.equal(renderError("{{Int8(x)}}", { x: "128" }).message, invalid("128", "Int8"));
    assert.equal(renderError("{{Int64(x)}}", { x: "9223372036854775808" }).message, invalid("9223372036854775808", "Int64"));
    assert.equal(renderError("{{Int32(x)}}", { x: "1.5" }).message, invalid("1.5", "Int32"));
    assert.equal(renderError("{{Int32(x)}}", { x: 1.5 }).message, invalid("1.5", "Int32"));
    assert.equal(renderError("{{Int32(x)}}", { x: "5; DROP" }).message, invalid("5; DROP", "Int32"));
  });
  test("arithmetic on typed ints gives plain numbers", () => {
    assert.equal(render("{{Int32(page,0)*Int32(limit,20)}}"), "0");
    assert.equal(render("{{Int32(page,0)*Int32(limit,20)}}", { page: "2", limit: "10" }), "20");
    assert.equal(render("{{Int32(a) + 1}}", { a: "4" }), "5");
    assert.equal(render("{% if Int32(a) > 3 %}big{% end %}", { a: "4" }), "big");
  });
  test("Int and Integer render bare and check as Int32", () => {
    assert.equal(render("{{Int(x)}} {{Integer(y, 3)}}", { x: "5" }), "5 3");
    assert.equal(renderError("{{Int(x)}}", { x: "2147483648" }).message, invalid("2147483648", "Int32"));
  });
});

describe("Float32 / Float64", () => {
  test("render as toFloatN with Python's float repr", () => {
    assert.equal(render("{{Float32(x)}}", { x: "1.0" }), "toFloat32('1.0')");
    assert.equal(render("{{Float64(x)}}", { x: "2" }), "toFloat64('2.0')");
    assert.equal(render("{{Float64(x)}}", { x: "1e-7" }), "toFloat64('1e-07')");
    assert.equal(render("{{Float64(x, 0.5)}}"), "toFloat64('0.5')");
    assert.equal(render("{{Float32(x) * 2}}", { x: "1.25" }), "2.5");
  });
  test("reject non-numbers", () => {
    assert.equal(renderError("{{Float32(x)}}", { x: "1.0'" }).message, invalid("1.0'", "Float32"));
  });
});

describe("Date / DateTime / DateTime64", () => {
  test("validated strings, quoted", () => {
    assert.equal(render("{{Date(d)}}", { d: "2024-02-29" }), "'2024-02-29'");
    assert.equal(render("{{DateTime(d)}}", { d: "2024-01-01 10:20:30" }), "'2024-01-01 10:20:30'");
    assert.equal(render("{{DateTime(d)}}", { d: "2024-01-01T10:20:30" }), "'2024-01-01T10:20:30'");
    assert.equal(render("{{DateTime64(d)}}", { d: "2024-01-01 10:20:30.123" }), "'2024-01-01 10:20:30.123'");
    assert.equal(render("{{DateTime64(d)}}", { d: "2024-01-01 10:20:30" }), "'2024-01-01 10:20:30'");
    assert.equal(render("{{Date(d, '2020-01-01')}}"), "'2020-01-01'");
  });
  test("reject malformed and impossible dates", () => {
    assert.equal(renderError("{{Date(d)}}", { d: "2023-02-29" }).message, invalid("2023-02-29", "Date"));
    assert.equal(renderError("{{Date(d)}}", { d: "2024-1-1" }).message, invalid("2024-1-1", "Date"));
    assert.equal(renderError("{{Date(d)}}", { d: "2024-01-01' OR 1=1" }).message, invalid("2024-01-01' OR 1=1", "Date"));
    assert.equal(renderError("{{DateTime(d)}}", { d: "2024-01-01" }).message, invalid("2024-01-01", "DateTime"));
    assert.equal(renderError("{{DateTime(d)}}", { d: "2024-01-01 24:00:00" }).message, invalid("2024-01-01 24:00:00", "DateTime"));
  });
});

describe("Boolean", () => {
  test("1/0 from strings, JSON values and defaults", () => {
    assert.equal(render("{{Boolean(b)}}", { b: "yes" }), "1");
    assert.equal(render("{{Boolean(b)}}", { b: "" }), "0");
    assert.equal(render("{{Boolean(b)}}", { b: "False" }), "0");
    assert.equal(render("{{Boolean(b)}}", { b: false }), "0");
    assert.equal(render("{{Boolean(b)}}", { b: true }), "1");
    assert.equal(render("{{Boolean(b, True)}}"), "1");
    assert.equal(render("{% if Boolean(b) %}on{% else %}off{% end %}", { b: "0" }), "off");
  });
});

describe("Array", () => {
  test("typed elements from a comma-joined string or a real list", () => {
    assert.equal(render("{{Array(x)}}", { x: "a,b" }), "['a','b']");
    assert.equal(render("{{Array(x, 'Int32')}}", { x: ["1", "2"] }), "[1,2]");
    assert.equal(render("{{Array(x, 'Int32')}}", { x: [1, 2] }), "[1,2]");
    assert.equal(render("{{Array(x, 'Int32', default='1,2')}}"), "[1,2]");
    assert.equal(render("{{Array(x, 'Int32', '1,2')}}"), "[1,2]");
    assert.equal(render("{{Array(x, 'Float64')}}", { x: "1,2.5" }), "[1.0,2.5]");
    assert.equal(render("{{Array(x, 'Date')}}", { x: "2024-01-01" }), "['2024-01-01']");
    assert.equal(render("{{Array(x, Int32)}}", { x: "3" }), "[3]");
    assert.equal(render("{{Array(x, 'String')}}", { x: "it's,%" }), "['it\\'s','\\%']");
    assert.equal(render("{{Array(x, 'Int32')}}", { x: "" }), "[]");
  });
  test("element errors name the index", () => {
    assert.equal(renderError("{{Array(ids, 'Int32')}}", { ids: "1,x" }).message, "Template Syntax Error: Error validating [1,x][1] (x) to type Int32");
    assert.equal(renderError("{{Array(ids, 'UInt8')}}", { ids: ["1", "300"] }).message, "Template Syntax Error: Error validating [1,300][1] (300) to type UInt8");
  });
  test("usable as a list", () => {
    assert.equal(render("{% for i in Array(x, 'Int32') %}{{i * 2}};{% end %}", { x: "1,2" }), "2;4;");
    assert.equal(render("{{len(Array(x))}}", { x: "a,b,c" }), "3");
  });
  test("unknown element type is a 400", () => {
    assert.equal(renderError("{{Array(x, 'Nope')}}", { x: "1" }).message, "Template Syntax Error: Unsupported type for Array: Nope");
  });
});

describe("JSON", () => {
  test("parses to Python values for loops", () => {
    assert.equal(render("{% for k, v in JSON(j).items() %}{{k}}={{v}};{% end %}", { j: '{"a": 1, "b": "x"}' }), "'a'=1;'b'='x';");
    assert.equal(render("{{JSON(j, '[1, 2]')}}"), "[1,2]");
    assert.equal(render("{{JSON(j)['a']}}", { j: { a: "fixed" } }), "'fixed'");
    assert.equal(renderError("{{JSON(j)}}", { j: "{nope" }).message, invalid("{nope", "JSON"));
  });
});

describe("absent parameters", () => {
  const required = "Template Syntax Error: Required parameter is not defined. Check the parameters";
  test("stay lazy until used, so set-then-guard works", () => {
    assert.equal(render("{% set t = String(tenant) %}{% if defined(tenant) %}{{t}}{% end %}ok"), "ok");
  });
  test("every absent argument of one call is named", () => {
    assert.equal(renderError("{{max(Int32(a), Int32(b))}}").message, `${required} a and b. Please provide a value or set a default value in the pipe code.`);
  });
  test("arithmetic or conditions on an absent parameter raise", () => {
    assert.ok(renderError("{{Int32(a) + 1}}").message.startsWith(`${required} a.`));
    assert.ok(renderError("{% if String(a) %}{% end %}").message.startsWith(`${required} a.`));
  });
  test("defined=False makes an absent parameter None", () => {
    assert.equal(render("{% if String(a, defined=False) is None %}none{% end %}"), "none");
  });
  test("test mode renders a sample of each type instead of failing", () => {
    const opts = { testMode: true };
    assert.equal(render("{{String(a)}} {{Int32(b)}} {{Date(c)}} {{DateTime(d)}} {{Array(e, 'Int32')}}", {}, opts), "'' toInt32('0') '2019-01-01' '2019-01-01 00:00:00' [0]");
    assert.equal(render("{{Int32(b)}}", { b: "zzz" }, opts), "toInt32('0')");
  });
  test("declared defaults apply only when the call has none", () => {
    const opts = { defaults: { limit: 20, tenant: "t1" } };
    assert.equal(render("{{Int32(limit)}} {{Int32(limit, 5)}} {{String(tenant)}}", {}, opts), "toInt32('20') toInt32('5') 't1'");
    assert.equal(render("{% if defined(limit) %}yes{% else %}no{% end %}", {}, opts), "no");
  });
});
