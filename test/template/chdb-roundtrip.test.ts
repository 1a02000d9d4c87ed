/**
 * Rendered SQL run through ClickHouse itself (chdb): hostile values come back unchanged,
 * typed renderings are valid ClickHouse, and `\%` behaves in LIKE as upstream relies on.
 *
 * ClickHouse keeps unknown escapes as written, so a parameter's `%` (escaped `\%`) reads
 * back as the two characters `\%`, and \x1a (escaped `\z`) as `\z`. In `=` comparisons
 * that means a value containing `%` does not match; in LIKE, `\%` matches a literal `%`.
 * This is upstream's behaviour, kept on purpose (see compat-api §2.4).
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Session } from "chdb";
import fc from "fast-check";
import { clickhouseView } from "./clickhouse-literals.ts";
import { render } from "./render-helpers.ts";

let dir = "";
let session: Session;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "aviary-template-"));
  session = new Session(dir);
});

after(async () => {
  session.close();
  await rm(dir, { recursive: true, force: true });
});

async function row(sql: string): Promise<Record<string, unknown>> {
  const text = (await session.queryAsync(sql, { format: "JSONEachRow" })).text().trim();
  return JSON.parse(text) as Record<string, unknown>;
}

const HOSTILE = [
  "';drop table users;",
  "\\'; SELECT 1; --",
  "a\\",
  "\\",
  "'' OR ''=''",
  "\0\r\n\t\b\x1a",
  "`\"'",
  "/* comment */ -- x",
  "100%_off",
  "é😀中",
  "}}{{ {% end %}",
  "\\\\'",
];

/** Valid Unicode only: lone surrogates cannot be sent to ClickHouse as UTF-8 at all. */
const text = fc.string({ unit: "binary", maxLength: 30 }).filter((s) => !/\p{Cs}/u.test(s));

test("SELECT {{String(x)}} returns x (with % and \\x1a as ClickHouse reads them)", async () => {
  const samples = [...HOSTILE, ...fc.sample(text, { numRuns: 150, seed: 42 })];
  for (const x of samples) {
    const got = await row(render("SELECT {{String(x)}} AS v", { x }));
    assert.equal(got.v, clickhouseView(x), JSON.stringify(x));
  }
});

test("Array(x) and column(x) round-trip through ClickHouse", async () => {
  const got = await row(render("SELECT {{Array(x)}} AS v", { x: HOSTILE }));
  assert.deepEqual(got.v, HOSTILE.map(clickhouseView));
  for (const name of HOSTILE.filter((h) => !h.includes(".") && !h.includes("\0"))) {
    const r = await row(render("SELECT 1 AS {{column(c)}}", { c: name }));
    assert.deepEqual(Object.keys(r), [clickhouseView(name.replaceAll('"', ""))], JSON.stringify(name));
  }
});

test("an injection attempt stays a value", async () => {
  const got = await row(render("SELECT count() AS n FROM (SELECT 'a' AS s) WHERE s = {{String(x)}}", { x: "' OR 1=1 OR s='" }));
  assert.equal(Number(got.n), 0);
});

test("typed renderings are valid ClickHouse", async () => {
  const sql = render(
    "SELECT {{Int32(a, 50)}} AS i, toString({{UInt64(b)}}) AS u, {{Float32(c)}} AS f, {{Date(d)}} AS d, toDateTime({{DateTime(t)}}) AS t, {{Array(ids, 'Int32')}} AS ids, {{Boolean(z)}} AS z, {{Int32(p, 2) * Int32(l, 10)}} AS off",
    { b: "18446744073709551615", c: "1.5", d: "2024-02-29", t: "2024-01-01T10:00:00", ids: "1,2,3", z: "false" },
  );
  assert.deepEqual(await row(sql), { i: 50, u: "18446744073709551615", f: 1.5, d: "2024-02-29", t: "2024-01-01 10:00:00", ids: [1, 2, 3], z: 0, off: 20 });
});

test("LIKE: a String parameter matches % literally; sql_unescape makes it a wildcard", async () => {
  const like = (body: string, p: string) => row(render(`SELECT 'a%b' LIKE ${body} AS lit, 'axyb' LIKE ${body} AS wild`, { p }));
  assert.deepEqual(await like("{{String(p)}}", "a%b"), { lit: 1, wild: 0 });
  assert.deepEqual(await like("{{sql_unescape(String(p), '%')}}", "a%b"), { lit: 1, wild: 1 });
});
