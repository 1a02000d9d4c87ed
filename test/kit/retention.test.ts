/**
 * Retention on a real engine (chdb, in process): the kit deployed without retention,
 * then with 30 days, 60 days and off again. Each redeploy changes only the TTL, in place
 * (`ALTER TABLE … MODIFY TTL` / `REMOVE TTL`), and after `OPTIMIZE … FINAL` exactly the
 * rows older than the TTL are gone from the landing table and from every view target.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ChdbEngine } from "../../src/engine/chdb-engine.ts";
import { deployProject } from "../../src/engine/deploy.ts";
import { execute, queryRows, type Engine } from "../../src/engine/engine.ts";
import { loadProject } from "../../src/project/load-project.ts";
import type { Project } from "../../src/project/model.ts";
import { applyRetention } from "../../src/project/retention.ts";

const TABLES = ["analytics_events", "analytics_pages_mv", "analytics_sessions_mv", "analytics_sources_mv", "analytics_visits_mv", "analytics_custom_events_mv", "analytics_page_views_mv", "tenant_actions_mv", "tenant_domains_mv"];
const DAY = 86_400;
const now = Math.floor(Date.now() / 1000);
let unique = 0;

/** One page view `daysAgo` days old, for a tenant named after its age so each table shows which survived. */
function pageView(daysAgo: number): string {
  unique++;
  const href = `https://age-${daysAgo}.com/page-${unique}`;
  const payload = { "user-agent": "Mozilla/5.0 Firefox/125.0", locale: "en-US", location: "US", referrer: "", pathname: `/page-${unique}`, href };
  return JSON.stringify({ timestamp: now - daysAgo * DAY, action: "page_hit", version: "1", session_id: `s-${unique}`, tenant_id: `age-${daysAgo}`, domain: `age-${daysAgo}.com`, payload: JSON.stringify(payload) });
}

describe("retention (--retention-days) on the engine", () => {
  let dir: string;
  let engine: Engine;
  let kit: Project;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "aviary-retention-"));
    engine = await ChdbEngine.open(dir, "aviary");
    kit = await loadProject("kit/index.ts");
  });
  after(async () => {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  const deploy = (days: number) => deployProject(engine, applyRetention(kit, days).project);
  // One insert per row: rows of one insert would be aggregated together in the views. A custom event beside each page view, for the custom events' view.
  const insert = async (...ages: number[]) => {
    for (const age of ages) {
      await engine.insert("analytics_events", Buffer.from(pageView(age)));
      await engine.insert("analytics_events", Buffer.from(JSON.stringify({ ...JSON.parse(pageView(age)), action: "signup", payload: "{}" })));
    }
  };
  const ttls = async () => {
    const rows = await queryRows<{ name: string; engine_full: string }>(engine, `SELECT name, engine_full FROM system.tables WHERE database = 'aviary' AND name IN (${TABLES.map((t) => `'${t}'`).join(", ")}) ORDER BY name`);
    return Object.fromEntries(rows.map((r) => [r.name, / TTL (.*?) SETTINGS /.exec(r.engine_full)?.[1] ?? "none"]));
  };
  /** The tenants (ages) left in every table after all merges, TTLs applied. */
  const survivors = async () => {
    const out: Record<string, string[]> = {};
    for (const table of TABLES) {
      await execute(engine, `OPTIMIZE TABLE ${table} FINAL`);
      out[table] = (await queryRows<{ t: string }>(engine, `SELECT DISTINCT tenant_id AS t FROM ${table} ORDER BY t`)).map((r) => r.t);
    }
    return out;
  };
  const everywhere = <T>(value: T) => Object.fromEntries(TABLES.map((t) => [t, value]));
  const ttlEverywhere = (days: number) => ({
    analytics_events: `timestamp + toIntervalDay(${days})`,
    analytics_pages_mv: `date + toIntervalDay(${days})`,
    analytics_sessions_mv: `date + toIntervalDay(${days})`,
    analytics_sources_mv: `date + toIntervalDay(${days})`,
    analytics_visits_mv: `date + toIntervalDay(${days})`,
    analytics_custom_events_mv: `timestamp + toIntervalDay(${days})`,
    analytics_page_views_mv: `timestamp + toIntervalDay(${days})`,
    tenant_actions_mv: `last_seen + toIntervalDay(${days})`,
    tenant_domains_mv: `last_seen + toIntervalDay(${days})`,
  });

  test("off by default: every row stays", async () => {
    await deploy(0);
    await insert(10, 45, 90);
    assert.deepEqual(await ttls(), everywhere("none"));
    assert.deepEqual(await survivors(), everywhere(["age-10", "age-45", "age-90"]));
  });

  test("30 days: the TTL is added in place and older rows leave with the next merge", async () => {
    const report = await deploy(30);
    assert.deepEqual([...report.changed].sort(), [...TABLES].sort());
    assert.deepEqual(report.created, []);
    assert.deepEqual(await ttls(), ttlEverywhere(30));
    assert.deepEqual(await survivors(), everywhere(["age-10"]));
  });

  test("60 days: the TTL is resized in place", async () => {
    const report = await deploy(60);
    assert.deepEqual([...report.changed].sort(), [...TABLES].sort());
    assert.deepEqual(await ttls(), ttlEverywhere(60));
    await insert(45, 90);
    assert.deepEqual(await survivors(), everywhere(["age-10", "age-45"]));
  });

  test("off again: the TTL is removed and old rows stay", async () => {
    const report = await deploy(0);
    assert.deepEqual([...report.changed].sort(), [...TABLES].sort());
    assert.deepEqual(await ttls(), everywhere("none"));
    await insert(90);
    assert.deepEqual(await survivors(), everywhere(["age-10", "age-45", "age-90"]));
    const again = await deploy(0);
    assert.deepEqual(again.changed, []);
  });
});
