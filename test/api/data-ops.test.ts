/**
 * Tinybird's data operations over real HTTP against the seeded kit, through the official SDK
 * (`tinybird.analyticsEvents.delete()` / `.truncate()`) and plain requests: a tenant's rows
 * leave the raw table, its quarantine and every materialized view, while every other
 * tenant's answers stay exactly what they were; events sent while a delete runs are counted
 * once; bad conditions and tokens other than the admin's are refused before anything runs.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { Tinybird } from "@tinybirdco/sdk";
import { KIT_ENDPOINTS, type KitEndpointName } from "aviary/client";
import * as kit from "../../kit/index.ts";
import { runCli } from "../helpers/cli.ts";
import { api } from "../helpers/server.ts";
import { kitParams, NOW_RELATIVE, startSeededKit, tenantJwt, TENANTS, undated, type SeededKit } from "../client/helpers/seeded-kit.ts";

type Json = Record<string, unknown>;
/** analytics_events' columns, to read an exported file back with. */
const COLUMNS = "timestamp DateTime, session_id String, action String, version String, payload String, tenant_id String, domain String, visitor_id String";
const [GONE, KEPT, BUSY] = TENANTS;
/** Two reads a while apart are compared: endpoints of the last minutes would differ by the clock alone. */
const ENDPOINTS = (Object.keys(KIT_ENDPOINTS) as KitEndpointName[]).filter((name) => !NOW_RELATIVE.has(name));
/** Every table the kit keeps rows of a tenant in. */
const TABLES = [
  "analytics_events",
  "analytics_events_quarantine",
  ...Object.values(kit)
    .filter((d): d is typeof kit.analyticsPagesMv => (d as { _type?: string })._type === "datasource")
    .map((d) => d._name)
    .filter((name) => name.endsWith("_mv")),
];

describe("data operations: delete and truncate rows, views included", () => {
  let kitServer: SeededKit;
  let admin: string;
  let url: string;

  async function json(path: string, init: Parameters<typeof api>[2] = {}): Promise<{ status: number; body: Json }> {
    const res = await api(kitServer.server, path, init);
    const text = await res.text();
    return { status: res.status, body: text === "" ? {} : (JSON.parse(text) as Json) };
  }

  async function count(table: string, where = "1"): Promise<number> {
    const { status, body } = await json(`/v0/sql?q=${encodeURIComponent(`SELECT count() AS n FROM ${table} WHERE ${where} FORMAT JSON`)}`);
    assert.equal(status, 200, JSON.stringify(body));
    return Number((body.data as { n: number }[])[0]!.n);
  }

  async function sqlRows(query: string): Promise<Json[]> {
    const { status, body } = await json(`/v0/sql?q=${encodeURIComponent(query)}`);
    assert.equal(status, 200, JSON.stringify(body));
    return body.data as Json[];
  }

  async function answers(tenant: string, domain?: string): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const name of ENDPOINTS) {
      const { status, body } = await json(`/v0/pipes/${name}.json?${new URLSearchParams(kitParams(name, { tenant_id: tenant, ...(domain !== undefined && { domain }) }))}`);
      assert.equal(status, 200, `${name}: ${JSON.stringify(body)}`);
      out[name] = undated(body.data as unknown[]);
    }
    return out;
  }

  async function finished(id: string): Promise<Json> {
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      const { body } = await json(`/v0/jobs/${id}`);
      if (body.status === "done" || body.status === "error") return body;
    }
    throw new Error(`job ${id} did not finish`);
  }

  const sdk = () => new Tinybird({ datasources: { analyticsEvents: kit.analyticsEvents }, pipes: {}, baseUrl: url, token: admin, devMode: false });

  before(async () => {
    kitServer = await startSeededKit();
    admin = kitServer.server.adminToken;
    url = kitServer.server.url;
    // Rows of GONE that the Events API quarantines (a timestamp that is not one).
    const bad = [1, 2, 3].map((i) => JSON.stringify({ timestamp: "not a time", action: "page_hit", version: "1", session_id: `q${i}`, tenant_id: GONE, domain: `${GONE}.com`, payload: "{}" }));
    const res = await api(kitServer.server, "/v0/events?name=analytics_events&wait=true", { method: "POST", body: bad.join("\n") });
    assert.equal(res.status, 200, await res.text());
  });
  after(() => kitServer?.stop());

  test("only the admin token may delete or truncate, and it learns nothing else first", async () => {
    const jwt = await tenantJwt(kitServer.server, GONE);
    for (const token of [jwt, "p.not-a-token"]) {
      for (const path of ["/v0/datasources/analytics_events/delete", "/v0/datasources/analytics_events/truncate", "/v0/datasources/no_such_table/delete"]) {
        const { status } = await json(path, { method: "POST", token, body: new URLSearchParams({ delete_condition: "1" }) });
        assert.equal(status, 403, `${path} with ${token.slice(0, 8)}`);
      }
    }
    assert.equal((await json("/v0/datasources/no_such_table/delete", { method: "POST", body: new URLSearchParams({ delete_condition: "1" }) })).status, 404);
    assert.equal(await count("analytics_events", `tenant_id = '${GONE}'`) > 0, true);
  });

  test("a condition that is not one expression over the datasource's own columns is refused with 400, and nothing is deleted", async () => {
    const before = await count("analytics_events");
    const refused = [
      "",
      "tenant_id = 'x') OR (1",
      "1) SETTINGS max_threads = 1 --",
      "1; DROP TABLE analytics_events",
      "tenant_id IN (SELECT tenant_id FROM analytics_goals)",
      "tenant_id IN analytics_goals",
      "no_such_column = 1",
      "tenant_id = (SELECT any(name) FROM system.tables)",
      "length(file('/etc/passwd')) > 0",
      "1 /* )",
    ];
    for (const condition of refused) {
      const { status, body } = await json("/v0/datasources/analytics_events/delete", { method: "POST", body: new URLSearchParams({ delete_condition: condition }) });
      assert.equal(status, 400, `${condition}: ${JSON.stringify(body)}`);
      assert.match(String(body.error), /delete_condition/, condition);
    }
    assert.equal(await count("analytics_events"), before);
    assert.deepEqual((await json("/v0/jobs?kind=delete_data")).body.jobs, []);
    // A syntax error's place is counted in the condition the user wrote, not in the statement it is checked in.
    for (const [condition, place] of [
      [`tenant_id = '${GONE}' AND`, "failed at the end of the condition"],
      ["tenant_id = = 'x'", "failed at position 13 of the condition (=) (line 1, col 13)"],
      ["tenant_id = 'x'\n  AND domain = = 'y'", "failed at position 32 of the condition (=) (line 2, col 16)"],
    ]) {
      const refused = await json("/v0/datasources/analytics_events/delete", { method: "POST", body: new URLSearchParams({ delete_condition: condition!, dry_run: "true" }) });
      assert.equal(refused.status, 400);
      assert.ok(String(refused.body.error).includes(`Syntax error: ${place}`), String(refused.body.error));
    }
    // What a user most often means by a clock, and what to write instead.
    const clock = await json("/v0/datasources/analytics_events/delete", { method: "POST", body: new URLSearchParams({ delete_condition: "timestamp < now() - INTERVAL 40 DAY" }) });
    assert.equal(clock.status, 400);
    assert.match(String(clock.body.error), /now may give another value each time .* write the value as a constant \(timestamp < '2026-10-27'/);
    // A view's target is not deleted from on its own: it would disagree with its source.
    const view = await json("/v0/datasources/analytics_pages_mv/delete", { method: "POST", body: new URLSearchParams({ delete_condition: "1" }) });
    assert.equal(view.status, 400);
    assert.match(String(view.body.error), /filled by a materialized view: delete from the datasource it reads/);
  });

  test("dry_run counts the rows a condition picks, deleting none; a value that is not true or false deletes nothing either", async () => {
    const rows = await count("analytics_events", `tenant_id = '${GONE}'`);
    const result = await sdk().analyticsEvents.delete({ deleteCondition: `tenant_id = '${GONE}'`, dryRun: true });
    assert.deepEqual(result, { rows_to_be_deleted: rows });
    const one = await json("/v0/datasources/analytics_events/delete", { method: "POST", body: new URLSearchParams({ delete_condition: `tenant_id = '${GONE}'`, dry_run: "1" }) });
    assert.deepEqual(one, { status: 200, body: { rows_to_be_deleted: rows } });
    for (const dryRun of ["yes", "on", "treu"]) {
      const refused = await json("/v0/datasources/analytics_events/delete", { method: "POST", body: new URLSearchParams({ delete_condition: `tenant_id = '${GONE}'`, dry_run: dryRun }) });
      assert.deepEqual(refused, { status: 400, body: { error: `'dry_run' is true or false, not '${dryRun}'` } });
    }
    assert.equal(await count("analytics_events", `tenant_id = '${GONE}'`), rows);
    assert.deepEqual((await json("/v0/jobs?kind=delete_data")).body.jobs, []);
  });

  test("a tenant deleted with the SDK leaves no row anywhere; other tenants' answers are unchanged; events sent meanwhile count once", async () => {
    const kept = await answers(KEPT);
    const rows = await count("analytics_events", `tenant_id = '${GONE}'`);
    // BUSY's page views of one page, sent one after another while the delete runs, into the month it recomputes.
    const pageView = (i: number) =>
      JSON.stringify({
        timestamp: `2024-01-15 12:${String(i % 60).padStart(2, "0")}:00`,
        action: "page_hit",
        version: "1",
        session_id: `during-${i}`,
        tenant_id: BUSY,
        domain: `${BUSY}.com`,
        payload: JSON.stringify({ pathname: "/during-delete", href: `https://${BUSY}.com/during-delete`, "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0", location: "ES" }),
      });
    const result = await sdk().analyticsEvents.delete({ deleteCondition: `tenant_id = '${GONE}'` });
    assert.equal(typeof result.job_id, "string");
    assert.equal(result.delete_id, result.job_id);
    assert.match(String(result.job_url), new RegExp(`/v0/jobs/${result.job_id}$`));
    let sent = 0;
    let done = false;
    const sending = (async () => {
      while (!done || sent < 5) {
        const res = await api(kitServer.server, "/v0/events?name=analytics_events&wait=true", { method: "POST", body: pageView(sent) });
        assert.equal(res.status, 200, await res.text());
        sent++;
      }
    })();
    const job = await finished(result.job_id!).finally(() => (done = true));
    await sending;
    assert.equal(job.status, "done", JSON.stringify(job));
    assert.equal(job.kind, "delete_data");
    assert.equal(job.rows_affected, rows);
    assert.deepEqual(job.datasource, { id: "analytics_events", name: "analytics_events" });
    for (const table of TABLES.filter((t) => t !== "analytics_events_quarantine")) assert.equal(await count(table, `tenant_id = '${GONE}'`), 0, table);
    assert.deepEqual(await answers(KEPT), kept);
    // GONE now answers as a tenant that never sent anything, but for goals and funnels (defined in datasources of their own, which this delete does not touch).
    const fromEvents = async (tenant: string) => Object.entries(await answers(tenant)).filter(([name]) => !["goal_definitions", "funnel_definitions", "goals"].includes(name));
    assert.deepEqual(await fromEvents(GONE), await fromEvents("never-seen"));
    // Each event sent during the delete is a page view of /during-delete exactly once.
    const { body } = await json(`/v0/pipes/top_pages.json?${new URLSearchParams(kitParams("top_pages", { tenant_id: BUSY, pathname: "/during-delete" }))}`);
    assert.deepEqual((body.data as { pathname: string; visits: number; hits: number }[]).map((r) => [r.pathname, r.visits, r.hits]), [["/during-delete", sent, sent]]);
  });

  test("a datasource's quarantine is deleted from as a datasource", async () => {
    assert.equal(await count("analytics_events_quarantine", `tenant_id = '${GONE}'`), 3);
    const { status, body } = await json("/v0/datasources/analytics_events_quarantine/delete", { method: "POST", body: new URLSearchParams({ delete_condition: `tenant_id = '${GONE}'` }) });
    assert.equal(status, 201, JSON.stringify(body));
    assert.equal((await finished(String(body.job_id))).rows_affected, 3);
    assert.equal(await count("analytics_events_quarantine", `tenant_id = '${GONE}'`), 0);
  });

  test("aviary tenant export writes a tenant's raw events, all of them and only them, as NDJSON, CSV and Parquet", async () => {
    const dir = await mkdtemp(join(tmpdir(), "aviary-export-"));
    try {
      const expected = await sqlRows(`SELECT * FROM analytics_events WHERE tenant_id = '${BUSY}' ORDER BY timestamp, session_id, action, payload FORMAT JSON`);
      const server = ["--url", url, "--token", admin];
      for (const format of ["ndjson", "csv", "parquet"]) {
        const out = join(dir, `busy.${format}`);
        const run = await runCli(["tenant", "export", BUSY, "--format", format, "--out", out, ...server]);
        assert.equal(run.code, 0, run.stderr);
        assert.equal(run.stdout.trim(), `${expected.length} rows written to ${out} (${format})`);
        // Read back by ClickHouse itself, as any tool would.
        const read = await sqlRows(`SELECT * FROM file('${out}', '${format === "ndjson" ? "JSONEachRow" : format === "csv" ? "CSVWithNames" : "Parquet"}', '${COLUMNS}') ORDER BY timestamp, session_id, action, payload FORMAT JSON`);
        assert.deepEqual(read, expected, format);
      }
      const domain = `${BUSY}.com`;
      const out = join(dir, "domain.ndjson");
      const run = await runCli(["tenant", "export", BUSY, "--domain", domain, "--out", out, ...server]);
      assert.equal(run.code, 0, run.stderr);
      const rows = (await readFile(out, "utf8")).trim().split("\n").map((l) => JSON.parse(l) as { tenant_id: string; domain: string });
      assert.ok(rows.length > 0 && rows.length < expected.length);
      assert.deepEqual([...new Set(rows.map((r) => r.tenant_id))], [BUSY]);
      const refused = await runCli(["tenant", "export", BUSY, "--format", "xml", "--out", out, ...server]);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /400 Unknown export format 'xml'/);
      const jwt = await tenantJwt(kitServer.server, BUSY);
      assert.equal((await json(`/v0/tenants/${BUSY}/export`, { token: jwt })).status, 403);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("aviary tenant delete removes one domain, then the whole tenant, everywhere, goals and funnels included, and says it checked", async () => {
    const server = ["--url", url, "--token", admin];
    const domains = (await sqlRows(`SELECT DISTINCT domain FROM analytics_pages_mv WHERE tenant_id = '${KEPT}' ORDER BY domain FORMAT JSON`)).map((r) => String(r.domain));
    assert.equal(domains.length, 2);
    const [gone, stays] = domains as [string, string];
    const staysBefore = await answers(KEPT, stays);
    const byDomain = await runCli(["tenant", "delete", KEPT, "--domain", gone, ...server]);
    assert.equal(byDomain.code, 0, byDomain.stderr);
    assert.match(byDomain.stdout, new RegExp(`verified: no table holds a row of domain ${gone.replace(/\./g, "\\.")} of tenant ${KEPT}`));
    assert.equal(await count("analytics_pages_mv", `tenant_id = '${KEPT}' AND domain = '${gone}'`), 0);
    assert.deepEqual(await answers(KEPT, stays), staysBefore);

    assert.ok((await count("analytics_goals", `tenant_id = '${KEPT}'`)) > 0);
    const { status, body } = await json(`/v0/tenants/${KEPT}/delete`, { method: "POST" });
    assert.equal(status, 201, JSON.stringify(body));
    const job = await finished(String(body.job_id));
    assert.equal(job.status, "done", JSON.stringify(job));
    assert.equal(job.verified, true);
    const tables = await sqlRows("SELECT table FROM system.columns WHERE database = currentDatabase() AND name = 'tenant_id' FORMAT JSON");
    for (const { table } of tables) assert.equal(await count(String(table), `tenant_id = '${KEPT}'`), 0, String(table));
    const jwt = await tenantJwt(kitServer.server, KEPT);
    assert.equal((await json(`/v0/tenants/${KEPT}/delete`, { method: "POST", token: jwt })).status, 403);
  });

  test("mode=replace puts new rows in place of the ones replace_condition picks, views included; the SDK's replace({file}) replaces all", async () => {
    const hit = (tenant: string, pathname: string, i: number) =>
      JSON.stringify({ timestamp: `2024-01-1${i} 10:00:00`, action: "page_hit", version: "1", session_id: `r-${tenant}-${i}`, tenant_id: tenant, domain: `${tenant}.com`, payload: JSON.stringify({ pathname, href: `https://${tenant}.com${pathname}`, "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0" }) });
    const body = [hit(BUSY, "/replaced", 1), hit(BUSY, "/replaced", 2), hit(BUSY, "/replaced", 3), hit("someone-else", "/dropped", 4)].join("\n");
    const path = (extra = "") => `/v0/datasources?name=analytics_events&mode=replace&format=ndjson${extra}`;
    const jwt = await tenantJwt(kitServer.server, BUSY);
    assert.equal((await json(path(), { method: "POST", token: jwt, body })).status, 403);
    // curl's default Content-Type is form-encoded: the body is still the rows, and the condition may be a multipart field.
    const form = await api(kitServer.server, "/v0/datasources?name=analytics_goals&mode=append&format=ndjson", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: [1, 2].map((i) => JSON.stringify({ tenant_id: "form-tenant", domain: "", goal_id: `g${i}`, name: "G", kind: "event", match: "x" })).join("\n"),
    });
    assert.equal(form.status, 200, await form.text());
    assert.equal(await count("analytics_goals", "tenant_id = 'form-tenant'"), 2);
    const multipart = new FormData();
    multipart.append("replace_condition", "tenant_id = 'form-tenant'");
    multipart.append("ndjson", new Blob([JSON.stringify({ tenant_id: "form-tenant", domain: "", goal_id: "g3", name: "G", kind: "event", match: "x" })]), "goals.ndjson");
    const replaced = await api(kitServer.server, "/v0/datasources?name=analytics_goals&mode=replace&format=ndjson", { method: "POST", body: multipart });
    assert.equal(replaced.status, 200, await replaced.text());
    assert.equal(await count("analytics_goals", "tenant_id = 'form-tenant'"), 1);
    assert.ok((await count("analytics_goals", "tenant_id != 'form-tenant'")) > 0, "other tenants' goals are kept");
    assert.equal((await json(path(`&replace_condition=${encodeURIComponent("tenant_id IN (SELECT 1)")}`), { method: "POST", body })).status, 400);
    const othersBefore = await count("analytics_events", `tenant_id != '${BUSY}'`);
    // A file that was not sent (curl --data-binary @typo sends nothing) would delete every row the replace picks.
    const busyBefore = await count("analytics_events", `tenant_id = '${BUSY}'`);
    for (const empty of ["", "\n  \n"]) {
      const refused = await json(path(`&replace_condition=${encodeURIComponent(`tenant_id = '${BUSY}'`)}`), { method: "POST", body: empty });
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.match(String(refused.body.error), /holds no rows, so replacing would only delete 'analytics_events' rows: send the NDJSON rows .*--data-binary @file/);
    }
    assert.equal(await count("analytics_events", `tenant_id = '${BUSY}'`), busyBefore);

    // Gzip, as the Events API takes it.
    const { status, body: answer } = await json(path(`&replace_condition=${encodeURIComponent(`tenant_id = '${BUSY}'`)}`), { method: "POST", body: gzipSync(body), headers: { "content-encoding": "gzip" } });
    assert.equal(status, 200, JSON.stringify(answer));
    assert.equal((answer as { rows: number }).rows, 3);
    assert.equal(await count("analytics_events", `tenant_id = '${BUSY}'`), 3);
    assert.equal(await count("analytics_events", `tenant_id != '${BUSY}'`), othersBefore);
    const pages = await json(`/v0/pipes/top_pages.json?${new URLSearchParams(kitParams("top_pages", { tenant_id: BUSY }))}`);
    assert.deepEqual((pages.body.data as { pathname: string; visits: number; hits: number }[]).map((r) => [r.pathname, r.visits, r.hits]), [["/replaced", 3, 3]]);

    const dir = await mkdtemp(join(tmpdir(), "aviary-replace-"));
    try {
      const file = join(dir, "two.ndjson");
      await writeFile(file, [hit(GONE, "/only", 1), hit(GONE, "/only", 2)].join("\n"));
      const result = await sdk().analyticsEvents.replace({ file });
      assert.equal((result as { rows?: number }).rows, 2);
      assert.equal(await count("analytics_events"), 2);
      assert.equal(await count("analytics_pages_mv", `tenant_id != '${GONE}'`), 0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("truncate (SDK) empties the datasource and every view it fed; new events then count from zero", async () => {
    assert.deepEqual(await sdk().analyticsEvents.truncate(), {});
    for (const table of TABLES.filter((t) => t !== "analytics_events_quarantine")) assert.equal(await count(table), 0, table);
    const line = JSON.stringify({ timestamp: "2024-01-20 10:00:00", action: "page_hit", version: "1", session_id: "after", tenant_id: KEPT, domain: `${KEPT}.com`, payload: JSON.stringify({ pathname: "/after", "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0" }) });
    assert.equal((await api(kitServer.server, "/v0/events?name=analytics_events&wait=true", { method: "POST", body: line })).status, 200);
    const { body } = await json(`/v0/pipes/top_pages.json?${new URLSearchParams(kitParams("top_pages", { tenant_id: KEPT }))}`);
    assert.deepEqual((body.data as { pathname: string; visits: number; hits: number }[]).map((r) => [r.pathname, r.visits, r.hits]), [["/after", 1, 1]]);
  });
});
