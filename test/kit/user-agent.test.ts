/**
 * The kit's device and browser rules, run by ClickHouse, against isbot's own JavaScript
 * (lookarounds and all) and the rules written out in the reference. Also: every time
 * zone ClickHouse knows has offsets in whole quarter hours, which is what makes the
 * views' 15-minute buckets exact for `tz` reports.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { list } from "isbot";
import { BOT_PATTERN, browserSql, deviceSql, osSql, osVersionSql } from "../../kit/sql/user-agent.ts";
import { sqlString } from "../../kit/sql/literal.ts";
import { USER_AGENTS } from "../../src/seed/catalog.ts";
import { startKitServer, type KitServer } from "./kit-server.ts";
import { OS_CASES } from "./os-agents.ts";
import { osOf, osVersionOf } from "./reference-audience.ts";
import { browserOf, deviceOf } from "./reference.ts";
import { offsetAt } from "./tz.ts";

const MORE_AGENTS = [
  "Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) EdgiOS/120.0.2210.116 Mobile/15E148 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 OPiOS/4.3.0 Safari/604.1",
  "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; Trident/6.0)",
  "Mozilla/5.0 (Linux; Android 11; moto g(30)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 (compatible; Google-Read-Aloud; +https://support.google.com/webmasters/answer/1061943)",
  "Mozilla/5.0 (Linux; Android 10) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0 Mobile Safari/537.36 GoogleApp/15.0",
  "Mozilla/5.0 (Linux; Android 14; Pixel 7 Build/UQ1A; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/121.0 Mobile Safari/537.36 GoogleWv",
  "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
  "Mozilla/5.0 (compatible; DuckDuckBot-Https/1.1; https://duckduckgo.com/duckduckbot)",
  "Java/17.0.2",
  "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0 java;",
  "Go-http-client/2.0",
  "newsapphire/1.0 (Windows)",
  "Mozilla/5.0 NewsBlur Feed Fetcher",
  "Mozilla/5.0 (Macintosh) camscanner",
  "libhttp/2.0 client",
  "Mozilla/5.0 (Linux; U; Android 4.4.2; en-us; cubot note s) AppleWebKit/534.30 Version/4.0 Mobile Safari/534.30",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 channel/google",
  "Mozilla/5.0 google pixel",
  "",
];

let server: KitServer;

describe("user agent rules", () => {
  before(async () => (server = await startKitServer()));
  after(() => server?.stop());

  it("classify like isbot and the reference rules", async () => {
    const agents = [...USER_AGENTS.map((a) => a.ua), ...MORE_AGENTS];
    const rows = await server.sql(
      `SELECT ua, ${deviceSql("lower(ua)")} AS device, ${browserSql("lower(ua)")} AS browser, match(lower(ua), ${sqlString(BOT_PATTERN)}) AS bot
       FROM (SELECT arrayJoin([${agents.map(sqlString).join(", ")}]) AS ua)`,
    );
    assert.equal(rows.length, agents.length);
    for (const row of rows) {
      const ua = row.ua as string;
      assert.equal(row.device, deviceOf(ua), `device of ${ua}`);
      assert.equal(row.browser, browserOf(ua), `browser of ${ua}`);
    }
    const generatedBots = USER_AGENTS.filter((a) => a.bot).map((a) => a.ua);
    for (const ua of generatedBots) assert.equal(rows.find((r) => r.ua === ua)?.device, "bot", ua);
  });

  it("name the operating system and its version as each real agent means it", async () => {
    const rows = await server.sql(
      `SELECT ua, ${osSql("lower(ua)")} AS os, ${osVersionSql("lower(ua)")} AS os_version, ${osVersionSql("lower(ua)", "os")} AS from_column
       FROM (SELECT arrayJoin([${OS_CASES.map((c) => sqlString(c.ua)).join(", ")}]) AS ua)`,
    );
    const got = new Map(rows.map((r) => [r.ua as string, [r.os, r.os_version, r.from_column]]));
    for (const { ua, os, version } of OS_CASES) assert.deepEqual(got.get(ua), [os, version, version], ua);
  });

  it("the OS rules read by JavaScript (the reference) agree with ClickHouse's RE2", async () => {
    const agents = [...new Set([...USER_AGENTS.map((a) => a.ua), ...MORE_AGENTS, ...OS_CASES.map((c) => c.ua)])];
    const rows = await server.sql(
      `SELECT ua, ${osSql("lower(ua)")} AS os, ${osVersionSql("lower(ua)")} AS os_version FROM (SELECT arrayJoin([${agents.map(sqlString).join(", ")}]) AS ua)`,
    );
    assert.equal(rows.length, agents.length);
    for (const row of rows) assert.deepEqual([row.os, row.os_version], [osOf(row.ua as string), osVersionOf(row.ua as string)], row.ua as string);
  });

  it("each isbot pattern, rewritten for RE2, matches what the original matches", async () => {
    const samples = [...USER_AGENTS.map((a) => a.ua), ...MORE_AGENTS].map((s) => s.toLowerCase());
    const rows = await server.sql(
      `SELECT ua, match(ua, ${sqlString(BOT_PATTERN)}) AS bot FROM (SELECT arrayJoin([${samples.map(sqlString).join(", ")}]) AS ua)`,
    );
    const isbotRe = new RegExp(list.join("|"), "i");
    const upstream = ["wget", "ahrefsbot", "curl", "urllib", "bitdiscovery", "+https://", "googlebot"];
    for (const row of rows) {
      const ua = row.ua as string;
      assert.equal(row.bot === 1 || row.bot === true, isbotRe.test(ua) || upstream.some((u) => ua.includes(u)), `bot? ${ua}`);
    }
  });

  it("every ClickHouse time zone is a whole number of quarter hours from UTC since 2000", async () => {
    const zones = (await server.sql("SELECT time_zone FROM system.time_zones")).map((r) => r.time_zone as string);
    assert.ok(zones.length > 300);
    const odd: string[] = [];
    for (const zone of zones) {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: zone });
      } catch {
        continue; // a name only ClickHouse knows
      }
      for (let t = Date.UTC(2000, 0, 1) / 1000; t < Date.UTC(2038, 0, 1) / 1000; t += 30 * 86400) {
        if (offsetAt(t, zone) % 900 !== 0) {
          odd.push(`${zone} at ${new Date(t * 1000).toISOString()}`);
          break;
        }
      }
    }
    assert.deepEqual(odd, []);
  });
});
