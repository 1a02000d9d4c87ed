/**
 * Upgrading an installation in place: a data directory deployed by the kit before the
 * visits view and the page views view existed, with page views in it, is started with the
 * kit that has them. The new targets are created and backfilled from the raw events once
 * (a second start adds nothing), and page views sent after the upgrade reach them through
 * the views as usual.
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

const now = Math.floor(Date.now() / 1000);

function pageView(session: string, secondsAgo: number, pathname: string, query = "", referrer = ""): Buffer {
  const payload = { "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/125.0", locale: "en-US", location: "US", referrer, pathname, href: `https://up.example${pathname}${query}`, screen_width: 1300 };
  return Buffer.from(JSON.stringify({ timestamp: now - secondsAgo, action: "page_hit", version: "1", session_id: session, tenant_id: "up", domain: "up.example", payload: JSON.stringify(payload) }));
}

/** The kit as it was before issue 14: no visits view, no page views view (issue 15), and no targets for them. */
function previousKit(kit: Project): Project {
  return {
    ...kit,
    datasources: new Map([...kit.datasources].filter(([name]) => !["analytics_visits_mv", "analytics_page_views_mv"].includes(name))),
    pipes: new Map([...kit.pipes].filter(([name]) => !["analytics_visits", "analytics_page_views"].includes(name))),
  };
}

interface VisitRow { session_id: string; entry_page: string; utm_campaign: string; exit_page: string; hits: string }

describe("upgrade: the visits and page views views are backfilled from raw events", () => {
  let dir: string;
  let engine: Engine;
  let kit: Project;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "aviary-upgrade-"));
    engine = await ChdbEngine.open(dir, "aviary");
    kit = await loadProject("kit/index.ts");
  });
  after(async () => {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  const visits = () => queryRows<VisitRow>(engine, `
    SELECT session_id, argMin(first_view.2, first_view.1) AS entry_page, argMin(first_view.7, first_view.1) AS utm_campaign,
           argMax(last_view.2, last_view.1) AS exit_page, toString(countMerge(hits)) AS hits
    FROM analytics_visits_mv GROUP BY session_id ORDER BY session_id`);
  const pageViews = () => queryRows<{ session_id: string; pathname: string; domain: string; device: string; browser: string }>(engine, `
    SELECT session_id, pathname, domain, device, browser FROM analytics_page_views_mv ORDER BY timestamp`);
  const FIREFOX = { domain: "up.example", device: "desktop", browser: "firefox" };

  test("the previous kit's data directory has page views and no visits view", async () => {
    const report = await deployProject(engine, previousKit(kit), { backfill: true });
    assert.ok(!report.created.includes("analytics_visits_mv"));
    await engine.insert("analytics_events", Buffer.concat([pageView("a", 300, "/landing", "?utm_campaign=spring"), Buffer.from("\n"), pageView("a", 200, "/pricing", "", "https://up.example/landing")]));
    await engine.insert("analytics_events", pageView("b", 100, "/blog"));
    const tables = await queryRows<{ name: string }>(engine, "SELECT name FROM system.tables WHERE database = 'aviary' AND name IN ('analytics_visits_mv', 'analytics_page_views_mv')");
    assert.deepEqual(tables, []);
  });

  test("starting the new kit creates the view and fills it from the events already stored", async () => {
    const report = await deployProject(engine, kit, { backfill: true });
    assert.ok(report.created.includes("analytics_visits_mv"));
    assert.ok(report.created.includes("analytics_visits"));
    assert.ok(report.created.includes("analytics_page_views_mv"));
    assert.ok(report.created.includes("analytics_page_views"));
    assert.deepEqual(await visits(), [
      { session_id: "a", entry_page: "/landing", utm_campaign: "spring", exit_page: "/pricing", hits: "2" },
      { session_id: "b", entry_page: "/blog", utm_campaign: "", exit_page: "/blog", hits: "1" },
    ]);
    assert.deepEqual(await pageViews(), [
      { session_id: "a", pathname: "/landing", ...FIREFOX },
      { session_id: "a", pathname: "/pricing", ...FIREFOX },
      { session_id: "b", pathname: "/blog", ...FIREFOX },
    ]);
  });

  test("a second start backfills nothing more; new page views arrive through the view once", async () => {
    const report = await deployProject(engine, kit, { backfill: true });
    assert.deepEqual(report.created, []);
    await engine.insert("analytics_events", pageView("b", 50, "/about", "", "https://up.example/blog"));
    await execute(engine, "OPTIMIZE TABLE analytics_visits_mv FINAL");
    assert.deepEqual(await visits(), [
      { session_id: "a", entry_page: "/landing", utm_campaign: "spring", exit_page: "/pricing", hits: "2" },
      { session_id: "b", entry_page: "/blog", utm_campaign: "", exit_page: "/about", hits: "2" },
    ]);
    assert.deepEqual((await pageViews()).map((v) => `${v.session_id} ${v.pathname}`), ["a /landing", "a /pricing", "b /blog", "b /about"]);
  });

  test("two page views of a session in the same second (a redirect): the one sent first is the entry, the one sent last the exit", async () => {
    const sameSecond = (session: string, first: Buffer, second: Buffer) => engine.insert("analytics_events", Buffer.concat([first, Buffer.from("\n"), second]));
    await sameSecond("c", pageView("c", 40, "/pricing", "?utm_source=newsletter&utm_campaign=spring", "https://www.google.com/"), pageView("c", 40, "/en/pricing", "", "https://up.example/pricing"));
    await sameSecond("d", pageView("d", 40, "/z-first"), pageView("d", 40, "/a-second", "", "https://up.example/z-first"));
    const rows = (await visits()).filter((v) => v.session_id === "c" || v.session_id === "d");
    assert.deepEqual(rows, [
      { session_id: "c", entry_page: "/pricing", utm_campaign: "spring", exit_page: "/en/pricing", hits: "2" },
      { session_id: "d", entry_page: "/z-first", utm_campaign: "", exit_page: "/a-second", hits: "2" },
    ]);
  });

  test("a deploy without backfill (a build sent to a running server) leaves a new target empty", async () => {
    await deployProject(engine, previousKit(kit), { allowDestructive: true });
    await deployProject(engine, kit);
    assert.deepEqual(await queryRows(engine, "SELECT count() AS n FROM analytics_visits_mv"), [{ n: 0 }]);
    assert.deepEqual(await queryRows(engine, "SELECT count() AS n FROM analytics_page_views_mv"), [{ n: 0 }]);
  });
});
