/**
 * Copy pipes over real HTTP against test/fixtures/copy-project: on demand with template
 * parameters (`POST /v0/pipes/{name}/copy`), on schedule (every two seconds, through the
 * server's own scheduler), append and replace, a failing copy, the Jobs API, token scopes
 * and a build that changes a schedule. Expected rows are computed here from the events the
 * test loads.
 */
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { startClickHouseHttp, type ClickHouseHttp } from "../helpers/clickhouse-http.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";

const PROJECT = "test/fixtures/copy-project";
const TENANTS = ["t0", "t1", "t2", "t3", "t4", "t5", "t6"];
const events = Array.from({ length: 2100 }, (_, i) => ({ timestamp: `2024-01-0${1 + (i % 5)} 10:00:00`, tenant: TENANTS[i % 7]!, value: (i * 7) % 100 }));

type Json = Record<string, unknown>;
interface Totals {
  tenant: string;
  events: number;
  total: number;
  note: string;
}

function expectedTotals(minValue: number, tenant?: string): Totals[] {
  return TENANTS.filter((t) => tenant === undefined || t === tenant).map((t) => {
    const rows = events.filter((e) => e.tenant === t && e.value >= minValue);
    return { tenant: t, events: rows.length, total: rows.reduce((sum, e) => sum + e.value, 0), note: "copied" };
  });
}

for (const engine of ["chdb", "clickhouse"] as const) describe(`copy pipes and the Jobs API (${engine} engine)`, () => {
  let server: TestServer;
  let clickhouse: ClickHouseHttp | undefined;
  let tokens: Record<string, string>;

  async function json(path: string, init: Parameters<typeof api>[2] = {}): Promise<{ status: number; body: Json }> {
    const res = await api(server, path, init);
    return { status: res.status, body: (await res.json()) as Json };
  }

  async function sql<T>(query: string): Promise<T[]> {
    const { status, body } = await json(`/v0/sql?q=${encodeURIComponent(`${query} FORMAT JSON`)}`);
    assert.equal(status, 200, JSON.stringify(body));
    return body.data as T[];
  }

  async function copy(pipe: string, params = "", token?: string): Promise<Json> {
    const { status, body } = await json(`/v0/pipes/${pipe}/copy${params}`, { method: "POST", token });
    assert.equal(status, 200, JSON.stringify(body));
    return body.job as Json;
  }

  /** Follows a job as a client does, until it has finished. */
  async function finished(id: string, token?: string): Promise<Json> {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
      const { status, body } = await json(`/v0/jobs/${id}`, { token });
      assert.equal(status, 200, JSON.stringify(body));
      if (["done", "error", "cancelled"].includes(body.status as string)) return body;
    }
    throw new Error(`job ${id} did not finish`);
  }

  const totals = () => sql<Totals>("SELECT tenant, events, total, note FROM tenant_totals ORDER BY tenant");

  before(async () => {
    clickhouse = engine === "clickhouse" ? await startClickHouseHttp() : undefined;
    server = await startServer({ project: PROJECT, args: clickhouse ? ["--clickhouse-url", clickhouse.url] : [] });
    const res = await api(server, "/v0/events?name=events&wait=true", { method: "POST", body: events.map((e) => JSON.stringify(e)).join("\n") });
    assert.equal(res.status, 200, await res.clone().text());
    const listed = (await json("/v0/tokens")).body.tokens as { name: string; token: string }[];
    tokens = Object.fromEntries(listed.map((t) => [t.name, t.token]));
  });
  after(async () => {
    await server?.stop();
    assert.equal(server.process.exitCode, 0, "a clean stop, copies included");
    await clickhouse?.stop();
  });

  test("an on-demand copy with parameters answers Tinybird's node and job, then replaces the target", async () => {
    const { status, body } = await json("/v0/pipes/tenant_totals_copy/copy?min_value=50", { method: "POST" });
    assert.equal(status, 200);
    assert.equal(body.name, "totals");
    assert.equal(body.node_type, "copy");
    assert.deepEqual((body.tags as Json).copy_target_datasource, "tenant_totals");
    const job = body.job as Json;
    assert.equal(job.kind, "copy");
    assert.equal(job.status, "waiting");
    assert.equal(job.started_at, null);
    assert.equal(job.job_id, job.id);
    assert.equal(job.job_url, `${server.url}/v0/jobs/${job.id as string}`);
    assert.equal(job.pipe_name, "tenant_totals_copy");
    assert.deepEqual(job.datasource, { id: "tenant_totals", name: "tenant_totals" });
    assert.equal(job.mode, "replace");
    assert.equal(job.execution_type, "manual");
    assert.equal((job.parameters as Json).min_value, "50");
    assert.equal((job.parameters as Json).copy_timestamp, (job.created_at as string).slice(0, 19));

    const done = await finished(job.id as string);
    assert.equal(done.status, "done");
    assert.notEqual(done.started_at, null);
    assert.deepEqual((done.processed_data as Json).written_rows, 7);
    // The query's columns are in another order than the table's, and `note` is left to its default.
    assert.deepEqual(await totals(), expectedTotals(50));
  });

  test("replace swaps the target at once: readers see the old rows or the new, never a part or none", async () => {
    await finished((await copy("tenant_totals_copy")).id as string);
    const before = expectedTotals(0);
    assert.deepEqual(await totals(), before);
    const job = await copy("tenant_totals_copy", "?tenant=t3&min_value=10");
    const seen = new Set<number>();
    let reads = 0;
    for (let status = job.status; status === "waiting" || status === "working"; reads++) {
      const [row] = await sql<{ n: number }>("SELECT count() AS n FROM tenant_totals");
      seen.add(Number(row!.n));
      status = (await json(`/v0/jobs/${job.id as string}`)).body.status;
    }
    assert.ok(reads > 0);
    assert.deepEqual([...seen].filter((n) => n !== 7 && n !== 1), [], `reads saw ${[...seen].join(", ")} rows`);
    assert.equal((await finished(job.id as string)).status, "done");
    assert.deepEqual(await totals(), expectedTotals(10, "t3"));
  });

  test("_mode=append adds to the target, and the view reading the target still fires after the swaps", async () => {
    const job = await finished((await copy("tenant_totals_copy", "?_mode=append&tenant=t5")).id as string);
    assert.equal(job.mode, "append");
    assert.equal((job.parameters as Json)._mode, undefined, "_mode steers the copy, it is no template parameter");
    assert.deepEqual((job.processed_data as Json).written_rows, 1);
    assert.deepEqual(await totals(), [...expectedTotals(10, "t3"), ...expectedTotals(0, "t5")]);
    assert.deepEqual(await sql("SELECT tenant, events FROM tenant_totals_seen ORDER BY tenant"), [{ tenant: "t5", events: 300 }]);
  });

  test("a copy that fails ends in error with ClickHouse's message and leaves the target as it was", async () => {
    const before = await totals();
    const job = await finished((await copy("broken_copy")).id as string);
    assert.equal(job.status, "error");
    assert.match(job.error as string, /^\[Error\] copy failed on purpose/);
    assert.deepEqual(await totals(), before);
    // This job's own staging table (the scheduled pipe of this project may have one of its own now).
    const staging = (job.id as string).replace(/-/g, "");
    assert.deepEqual(await sql(`SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND endsWith(name, '_${staging}')`), [{ n: 0 }]);
  });

  test("the schedule runs the pipe by itself, and the rows land in the target", async () => {
    let run: Json | undefined;
    for (const deadline = Date.now() + 60_000; !run && Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      const listed = (await json("/v0/jobs?pipe_name=snapshot_events&status=done")).body.jobs as Json[];
      const details = await Promise.all(listed.map(async (j) => (await json(`/v0/jobs/${j.id as string}`)).body));
      run = details.find((j) => (j.processed_data as Json).written_rows === 7);
    }
    assert.ok(run, "a scheduled run copied the seven tenants");
    assert.equal(run.execution_type, "scheduled");
    const at = (run.parameters as Json).job_timestamp as string;
    assert.equal(`${at.replace(" ", "T")}.000Z`, run.scheduled_at);
    const rows = await sql<{ tenant: string; events: number }>(`SELECT tenant, events FROM events_snapshots WHERE copied_at = '${at}' ORDER BY tenant`);
    assert.deepEqual(rows, TENANTS.map((tenant) => ({ tenant, events: 300 })));
  });

  test("GET /v0/jobs lists newest first with Tinybird's filters; an unknown job is not found", async () => {
    const all = (await json("/v0/jobs?kind=copy")).body.jobs as Json[];
    assert.ok(all.length >= 5);
    const times = all.map((j) => j.created_at as string);
    assert.deepEqual(times, [...times].sort().reverse());
    const errored = (await json("/v0/jobs?status=error&pipe_name=broken_copy")).body.jobs as Json[];
    assert.equal(errored.length, 1);
    assert.deepEqual(Object.keys(errored[0]!).sort(), ["created_at", "datasource", "id", "is_cancellable", "job_url", "kind", "pipe_id", "pipe_name", "status", "updated_at"]);
    assert.deepEqual((await json("/v0/jobs?kind=copy&created_after=2999-01-01T00:00:00Z")).body, { jobs: [] });
    assert.deepEqual(await json("/v0/jobs?created_after=yesterday"), {
      status: 400,
      body: { error: 'Invalid created_after "yesterday": use a date in ISO 8601 format, e.g. created_after=2024-06-15T18:13:25.855Z' },
    });
    assert.deepEqual(await json("/v0/jobs/nope"), { status: 404, body: { error: 'Job with id "nope" not found' } });
    assert.deepEqual(await json(`/v0/jobs/${errored[0]!.id as string}/cancel`, { method: "POST" }), { status: 400, body: { error: "Job is not in cancellable status" } });
  });

  test("GET /v0/pipes shows each copy pipe's target, mode and schedule", async () => {
    const pipes = (await json("/v0/pipes")).body.pipes as Json[];
    const fields = (name: string) => {
      const pipe = pipes.find((p) => p.name === name)!;
      return { type: pipe.type, target: pipe.copy_target_datasource, mode: pipe.copy_mode, schedule: pipe.schedule };
    };
    assert.deepEqual(fields("tenant_totals_copy"), { type: "copy", target: "tenant_totals", mode: "replace", schedule: null });
    assert.deepEqual(fields("snapshot_events"), { type: "copy", target: "events_snapshots", mode: "append", schedule: { cron: "*/2 * * * * *", timezone: "Etc/UTC", status: "running" } });
  });

  test("a copy that cannot run is refused: unknown pipe, not a copy pipe, bad mode, bad parameter", async () => {
    const post = (path: string) => json(path, { method: "POST" });
    assert.deepEqual(await post("/v0/pipes/nope/copy"), { status: 404, body: { error: "The pipe 'nope' does not exist" } });
    assert.deepEqual(await post("/v0/pipes/tenant_count/copy"), { status: 403, body: { error: "The pipe 'tenant_count' should be a copy pipe" } });
    assert.deepEqual(await post("/v0/pipes/tenant_totals_copy/copy?_mode=upsert"), { status: 400, body: { error: 'Invalid mode "upsert", valid modes are append, replace' } });
    const bad = await post("/v0/pipes/tenant_totals_copy/copy?min_value=lots");
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, "Template Syntax Error: Error validating 'lots' to type UInt32");
  });

  test("tokens: reading the pipe and appending to its target may run it and follow its jobs; reading alone may not", async () => {
    const runner = tokens.copy_runner!;
    const readOnly = tokens.read_only!;
    assert.deepEqual(await json("/v0/pipes/broken_copy/copy", { method: "POST", token: readOnly }), {
      status: 403,
      body: { error: 'Token does not have DATASOURCES:APPEND scope for Data Source "tenant_totals"' },
    });
    assert.equal((await json("/v0/pipes/tenant_totals_copy/copy", { method: "POST", token: readOnly })).status, 403);
    const job = await copy("tenant_totals_copy", "?tenant=t1", runner);
    assert.equal((await finished(job.id as string, runner)).status, "done");
    const visible = (await json("/v0/jobs", { token: runner })).body.jobs as Json[];
    assert.deepEqual([...new Set(visible.map((j) => j.pipe_name))], ["tenant_totals_copy"]);
    assert.equal((await json(`/v0/jobs/${job.id as string}`, { token: readOnly })).status, 404);
  });

  test("a new build reschedules: the pipe made @on-demand no longer runs by itself, and still runs on demand", async () => {
    const files: Record<string, string> = {};
    for (const dir of ["datasources", "pipes"]) {
      for (const name of await readdir(join(PROJECT, dir))) files[`${dir}/${name}`] = await readFile(join(PROJECT, dir, name), "utf8");
    }
    files["pipes/snapshot_events.pipe"] = files["pipes/snapshot_events.pipe"]!.replace("COPY_SCHEDULE */2 * * * * *", "COPY_SCHEDULE @on-demand");
    const form = new FormData();
    for (const [name, content] of Object.entries(files)) form.append("data_project://", new Blob([content], { type: "text/plain" }), name);
    const res = await api(server, "/v1/build", { method: "POST", body: form });
    assert.equal(res.status, 200, await res.clone().text());
    const schedules = () => server.logs.flatMap((line) => (line.includes('"copy: schedules set"') ? [JSON.parse(line) as { next: Json }] : []));
    assert.deepEqual(Object.keys(schedules()[0]!.next), ["snapshot_events"]);
    // The server's log reaches the test a moment after the response: wait for the new schedule's line.
    for (let i = 0; i < 50 && schedules().length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(schedules().at(-1)!.next, {});
    const job = await finished((await copy("snapshot_events")).id as string);
    assert.equal(job.execution_type, "manual");
    assert.equal((job.processed_data as Json).written_rows, 7);
  });
});
