/**
 * Screen classes from viewport widths and languages from browser locales, run by
 * ClickHouse with exact expected values; and every audience builder's SQL goes through
 * the template engine unchanged (it ends up in a node's SQL).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { languageSql } from "../../kit/sql/language.ts";
import { sqlString } from "../../kit/sql/literal.ts";
import { screenSql } from "../../kit/sql/screen.ts";
import { osSql, osVersionSql } from "../../kit/sql/user-agent.ts";
import { renderTemplate } from "../../src/template/index.ts";
import { startKitServer, type KitServer } from "./kit-server.ts";
import { languageOf, screenOf } from "./reference-audience.ts";

/** What JSONExtract(payload, 'Tuple(screen_width Float64)') reads, and the class expected. */
const WIDTHS: readonly (readonly [payload: string, screen: string])[] = [
  ['{"screen_width":375}', "mobile"],
  ['{"screen_width":575}', "mobile"],
  ['{"screen_width":576}', "tablet"],
  ['{"screen_width":820}', "tablet"],
  ['{"screen_width":991.5}', "tablet"],
  ['{"screen_width":992}', "laptop"],
  ['{"screen_width":1366}', "laptop"],
  ['{"screen_width":1439}', "laptop"],
  ['{"screen_width":1440}', "desktop"],
  ['{"screen_width":2560}', "desktop"],
  ['{"screen_width":16384}', "desktop"],
  ['{"screen_width":"1280"}', "laptop"],
  ['{"screen_width":16385}', ""],
  ['{"screen_width":1e308}', ""],
  ['{"screen_width":0}', ""],
  ['{"screen_width":-320}', ""],
  ['{"screen_width":0.5}', ""],
  ['{"screen_width":null}', ""],
  ['{"screen_width":"wide"}', ""],
  ['{"screen_width":[1280]}', ""],
  ["{}", ""],
];

const LOCALES: readonly (readonly [locale: string, language: string])[] = [
  ["en-US", "en"],
  ["en", "en"],
  ["EN-gb", "en"],
  ["pt_BR", "pt"],
  ["zh-Hant-TW", "zh"],
  ["fil-PH", "fil"],
  ["de-DE-u-co-phonebk", "de"],
  ["iw-IL", "he"],
  ["in-ID", "id"],
  ["und", ""],
  ["e", ""],
  ["english", ""],
  ["x-klingon", ""],
  ["en;q=0.9", ""],
  [" en-US", ""],
  ["ür-TR", ""],
  ["{{en}}", ""],
  ["", ""],
];

let server: KitServer;

describe("screens and languages", () => {
  before(async () => (server = await startKitServer()));
  after(() => server?.stop());

  it("classify viewport widths as the payload carries them", async () => {
    const rows = await server.sql(
      `SELECT payload, ${screenSql("w")} AS screen
       FROM (SELECT payload, tupleElement(JSONExtract(payload, 'Tuple(screen_width Float64)'), 'screen_width') AS w
             FROM (SELECT arrayJoin([${WIDTHS.map(([p]) => sqlString(p)).join(", ")}]) AS payload))`,
    );
    const got = new Map(rows.map((r) => [r.payload as string, r.screen]));
    for (const [payload, screen] of WIDTHS) assert.equal(got.get(payload), screen, payload);
  });

  it("classify NULL, NaN, infinities and integer widths", async () => {
    const cases: readonly (readonly [sql: string, screen: string])[] = [
      ["CAST(NULL AS Nullable(Float64))", ""],
      ["nan", ""],
      ["inf", ""],
      ["-inf", ""],
      ["toInt64(390)", "mobile"],
      ["toUInt16(1920)", "desktop"],
      ["toInt64(5000000000)", ""],
    ];
    const [row] = await server.sql(`SELECT ${cases.map(([sql], i) => `${screenSql(sql)} AS s${i}`).join(", ")}`);
    cases.forEach(([sql, screen], i) => assert.equal(row?.[`s${i}`], screen, sql));
  });

  it("the reference agrees on every width", async () => {
    const widths = [1, 575, 576, 991, 992, 1439, 1440, 16384, 16385];
    const rows = await server.sql(`SELECT w, ${screenSql("w")} AS screen FROM (SELECT arrayJoin([${widths.join(", ")}]) AS w)`);
    assert.deepEqual(
      rows.map((r) => [r.w, r.screen]),
      widths.map((w) => [w, screenOf(w)]),
    );
  });

  it("read the language of untrusted locales", async () => {
    const rows = await server.sql(
      `SELECT locale, ${languageSql("locale")} AS language FROM (SELECT arrayJoin([${LOCALES.map(([l]) => sqlString(l)).join(", ")}]) AS locale)`,
    );
    const got = new Map(rows.map((r) => [r.locale as string, r.language]));
    for (const [locale, language] of LOCALES) {
      assert.equal(got.get(locale), language, locale);
      assert.equal(languageOf(locale), language, `reference: ${locale}`);
    }
  });

  it("every builder's SQL passes through the template engine unchanged", () => {
    for (const sql of [osSql("ua"), osVersionSql("ua"), screenSql("w"), languageSql("locale")]) {
      assert.equal(renderTemplate(`%\nSELECT ${sql}`, {}).sql, `SELECT ${sql}`);
    }
  });
});
