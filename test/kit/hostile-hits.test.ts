/**
 * Page views are written by strangers through the public tracker token: the parser cuts
 * URLs and the user agent before anything else reads them (a 5 MB user agent would hold
 * the engine in the user-agent rules for seconds, for every tenant), and reads a place only
 * from a payload that is a JSON object.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { hitsSql } from "../../kit/sql/hits.ts";
import { ChdbEngine } from "../../src/engine/chdb-engine.ts";
import { deployProject } from "../../src/engine/deploy.ts";
import { queryRows, type Engine } from "../../src/engine/engine.ts";
import { loadProject } from "../../src/project/load-project.ts";

describe("parsing hostile page views", () => {
  let dir: string;
  let engine: Engine;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "aviary-hostile-hits-"));
    engine = await ChdbEngine.open(dir, "aviary");
    await deployProject(engine, await loadProject("kit/index.ts"));
  });
  after(async () => {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("URLs are cut to 2,048 characters and the user agent to 1,024 before parsing", async () => {
    const long = "é".repeat(5000);
    const payload = { "user-agent": `Mozilla/5.0 (Windows NT 10.0) ${"x".repeat(5_000_000)} Firefox/125.0`, pathname: `/${long}`, href: `https://big.example/${long}?utm_source=${long}`, referrer: `https://ref.example/${long}` };
    const row = { timestamp: Math.floor(Date.now() / 1000), action: "page_hit", version: "1", session_id: "big", tenant_id: "big", domain: "big.example", payload: JSON.stringify(payload) };
    await engine.insert("analytics_events", Buffer.from(JSON.stringify(row)));
    const [parsed] = await queryRows<Record<string, number | string>>(engine, `SELECT lengthUTF8(pathname) AS pathname, lengthUTF8(href) AS href, lengthUTF8(referrer) AS referrer, browser, os, lengthUTF8(utm_source) AS utm_source FROM (${hitsSql()}) WHERE session_id = 'big'`);
    // The user agent's browser token sits past the cut: the rules see only its first 1,024 characters.
    assert.deepEqual(parsed, { pathname: 2048, href: 2048, referrer: 2048, browser: "Unknown", os: "Windows", utm_source: 0 });
  });
});
