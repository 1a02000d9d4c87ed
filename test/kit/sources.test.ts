/**
 * The sources table as data, and the source and channel expressions run by ClickHouse
 * (embedded chdb) on a table of landing page views with exact expected values: every
 * channel at least twice, every host of the table, and the untrusted-text cases.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { sqlString } from "../../kit/sql/literal.ts";
import { CHANNELS, channelSql, sourceKeys, sourceSql, urlParameterSql } from "../../kit/sql/source.ts";
import { SOURCE_CATEGORIES, SOURCES } from "../../kit/sql/source-table.ts";
import { ChdbEngine } from "../../src/engine/chdb-engine.ts";
import { queryRows } from "../../src/engine/engine.ts";
import { renderTemplate } from "../../src/template/index.ts";
import { CASES, SITE } from "./source-cases.ts";

interface Classified {
  readonly source: string;
  readonly channel: string;
}

let dir: string;
let engine: ChdbEngine;

/** Source and channel of each (referrer, landing URL), in order, computed as kit/sql/hits.ts does. */
async function classify(views: readonly (readonly [referrer: string, href: string])[]): Promise<Classified[]> {
  const tuples = views.map(([r, h], i) => `(${i}, ${sqlString(r)}, ${sqlString(h)})`).join(", ");
  const utm = (name: string) => urlParameterSql("href", name);
  const channel = channelSql({ source: "source", referrer: "referrer", href: "href", utmSource: utm("utm_source"), utmMedium: utm("utm_medium"), utmCampaign: utm("utm_campaign") });
  return queryRows<Classified>(
    engine,
    `SELECT ${sourceSql("referrer", "href")} AS source, ${channel} AS channel
     FROM (SELECT c.1 AS i, c.2 AS referrer, c.3 AS href FROM (SELECT arrayJoin([${tuples}]) AS c)) ORDER BY i`,
  );
}

describe("sources table", () => {
  it("has about 200 sources with unique names in known categories", () => {
    assert.ok(SOURCES.length >= 200, `${SOURCES.length} sources`);
    assert.equal(new Set(SOURCES.map((s) => s.name)).size, SOURCES.length);
    for (const s of SOURCES) {
      assert.ok(SOURCE_CATEGORIES.includes(s.category), `${s.name}: ${s.category}`);
      assert.ok(s.hosts.length > 0, `${s.name} has no host`);
    }
  });

  it("lists every host once, lower case, without www., as a dotted name", () => {
    const seen = new Map<string, string>();
    for (const s of SOURCES) {
      for (const host of s.hosts) {
        assert.match(host, /^[a-z0-9-]+(\.[a-z0-9-]+)+$/, `${s.name}: ${host}`);
        assert.ok(!host.startsWith("www."), `${s.name}: ${host}`);
        assert.equal(seen.get(host), undefined, `${host} is in ${seen.get(host)} and ${s.name}`);
        seen.set(host, s.name);
      }
    }
  });

  it("gives each lookup key and brand one source", () => {
    assert.doesNotThrow(() => sourceKeys());
    const brands = SOURCES.flatMap((s) => s.brands);
    assert.equal(new Set(brands).size, brands.length);
    for (const key of [...SOURCES.flatMap((s) => s.aliases), ...brands]) assert.match(key, /^[a-z0-9][a-z0-9 ._-]*$/, key);
  });

  it("goes into a node's SQL unchanged", () => {
    const sql = `${sourceSql("referrer", "href")}, ${channelSql({ source: "source", referrer: "referrer", href: "href", utmSource: "s", utmMedium: "m", utmCampaign: "c" })}`;
    assert.equal(renderTemplate(`%\nSELECT ${sql}`, {}).sql, `SELECT ${sql}`);
  });
});

describe("source and channel in ClickHouse", () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "aviary-sources-"));
    engine = await ChdbEngine.open(dir, "sources");
  });
  after(async () => {
    await engine?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("classify each case", async () => {
    const rows = await classify(CASES.map((c) => [c.referrer, c.href]));
    const got = rows.map((r, i) => ({ ...CASES[i], source: r.source, channel: r.channel }));
    assert.deepEqual(got, CASES);
  });

  it("cover every channel at least twice", () => {
    for (const channel of CHANNELS) assert.ok(CASES.filter((c) => c.channel === channel).length >= 2, channel);
  });

  it("name every host of the table, subdomains too, with its category's channel", async () => {
    const byCategory = { search: "Organic Search", social: "Organic Social", video: "Video", email: "Email", ai: "AI assistants", shopping: "Referral", other: "Referral" };
    // Subdomains are matched up to four labels from the end (kit/sql/source.ts).
    const referrers = (h: string) => [`https://www.${h}/page?q=1`, `android-app://${h}/`, ...(h.split(".").length < 4 ? [`https://a.b.${h}/`] : [])];
    const views = SOURCES.flatMap((s) => s.hosts.flatMap(referrers).map((r) => [r, SITE] as const));
    const expected = SOURCES.flatMap((s) => s.hosts.flatMap(referrers).map(() => ({ source: s.name, channel: byCategory[s.category] })));
    assert.deepEqual(await classify(views), expected);
  });

  it("take a tagged name or shorthand case-insensitively, an everyday word as written", async () => {
    const tags = SOURCES.flatMap((s) => [s.name.toUpperCase(), ...s.aliases].map((tag) => [tag, s.word && tag === s.name.toUpperCase() ? tag : s.name] as const));
    const rows = await classify(tags.map(([tag]) => ["", `${SITE}?utm_source=${encodeURIComponent(tag)}`]));
    assert.deepEqual(rows.map((r) => r.source), tags.map(([, name]) => name));
  });
});
