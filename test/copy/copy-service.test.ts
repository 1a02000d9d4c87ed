/**
 * A copy pipe's runs never overlap: a scheduled run that finds the previous one still
 * going is skipped (and the history says so), an on-demand one waits its turn, and
 * stopping cancels what has not started and waits for what has. The engine stage is a
 * stand-in whose runs end when the test says.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { pino } from "pino";
import { CopyService } from "../../src/copy/copy-service.ts";
import type { CopyPlan } from "../../src/copy/copy-plan.ts";
import type { Engine } from "../../src/engine/engine.ts";
import { JobRegistry } from "../../src/jobs/job-registry.ts";
import { makeProject, type Datasource, type Pipe } from "../../src/project/model.ts";
import { localRunOnce } from "../../src/state/run-once.ts";
import { FakeClock } from "./fake-clock.ts";

const loc = { file: "test" };
const target: Datasource = { kind: "datasource", name: "t", columns: [{ name: "a", type: "UInt8" }], engine: { type: "MergeTree" }, tokens: [], loc };
const copyPipe = (name: string, copySchedule: string): Pipe => ({
  kind: "pipe",
  name,
  type: "copy",
  targetDatasource: "t",
  copySchedule,
  nodes: [{ name: "n", sql: "%\nSELECT {{ UInt8(a, 1) }} AS a", loc }],
  tokens: [],
  params: [],
  loc,
});
const project = makeProject("test", [target], [copyPipe("scheduled", "* * * * *"), copyPipe("manual", "@on-demand")]);

/** Answers the leftover-staging look-up with no rows. */
const engine: Engine = {
  kind: "chdb",
  database: "test",
  query: async () => ({ body: Buffer.alloc(0), elapsed: 0, rowsRead: 0, bytesRead: 0 }),
  insert: async () => ({ rowsWritten: 0 }),
  queryToFile: async () => undefined,
  close: async () => undefined,
};

async function setup() {
  const clock = new FakeClock(Date.parse("2024-05-01T10:00:30Z"));
  const jobs = new JobRegistry({ now: () => new Date(clock.now()) });
  const runs: { plan: CopyPlan; jobId: string; end: (rows: number) => void; fail: (err: Error) => void }[] = [];
  const copies = new CopyService({
    engine,
    jobs,
    project: () => project,
    logger: pino({ level: "silent" }),
    node: "n0",
    once: localRunOnce,
    scheduledLimits: { max_execution_time: 30 },
    clock,
    run: (plan, jobId) =>
      new Promise((resolve, reject) => runs.push({ plan, jobId, end: (rows) => resolve({ writtenRows: rows, writtenBytes: rows * 10 }), fail: reject })),
  });
  await copies.start();
  return { clock, jobs, runs, copies };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const statuses = (jobs: JobRegistry, pipe: string) => jobs.list({ pipe }).reverse().map((j) => j.status);

describe("CopyService", () => {
  test("a scheduled run that finds the previous one working is skipped, and the history says why", async () => {
    const { clock, jobs, runs } = await setup();
    clock.advance(30_000);
    await settle();
    assert.equal(runs.length, 1);
    const first = jobs.get(runs[0]!.jobId)!;
    assert.equal(first.status, "working");
    assert.equal(first.details.execution_type, "scheduled");
    assert.equal(first.details.scheduled_at, "2024-05-01T10:01:00.000Z");
    assert.deepEqual(runs[0]!.plan.parameters, { job_timestamp: "2024-05-01 10:01:00", copy_timestamp: "2024-05-01 10:01:00" });

    clock.advance(60_000);
    await settle();
    assert.equal(runs.length, 1, "no second run while the first works");
    const skipped = jobs.list({ pipe: "scheduled" })[0]!;
    assert.equal(skipped.status, "cancelled");
    assert.equal(skipped.message, `Skipped: the run planned for 2024-05-01T10:02:00.000Z found job ${first.id} of this pipe still working; a copy pipe never runs twice at once`);

    runs[0]!.end(4);
    await settle();
    assert.deepEqual(jobs.get(first.id)!.details.processed_data, { written_rows: 4, written_bytes: 40 });
    clock.advance(60_000);
    await settle();
    assert.equal(runs.length, 2);
    assert.deepEqual(statuses(jobs, "scheduled"), ["done", "cancelled", "working"]);
  });

  test("an on-demand run waits for the pipe's run in progress, then runs; never two at once", async () => {
    const { jobs, runs, copies } = await setup();
    const pipe = project.pipes.get("manual")!;
    const first = copies.request(pipe, { variables: { a: "7" }, limits: {} });
    const second = copies.request(pipe, { variables: {}, mode: "replace", limits: {} });
    await settle();
    assert.equal(runs.length, 1);
    assert.deepEqual(statuses(jobs, "manual"), ["working", "waiting"]);
    assert.match(runs[0]!.plan.sql, /SELECT toUInt8\('7'\) AS a/);
    // Parameters are read at the moment the job was asked for, which is its creation time.
    assert.equal(jobs.get(first.id)!.createdAt.toISOString(), "2024-05-01T10:00:30.000Z");
    assert.equal(runs[0]!.plan.parameters.copy_timestamp, "2024-05-01 10:00:30");
    runs[0]!.fail(new Error("disk on fire"));
    await settle();
    assert.equal(runs.length, 2);
    assert.equal(runs[1]!.plan.mode, "replace");
    assert.deepEqual(statuses(jobs, "manual"), ["error", "working"]);
    assert.equal(jobs.get(first.id)!.message, "Internal server error; the server log has the details");
    runs[1]!.end(1);
    await settle();
    assert.equal(jobs.get(second.id)!.status, "done");
  });

  test("a job cancelled while it waits never runs", async () => {
    const { jobs, runs, copies } = await setup();
    const pipe = project.pipes.get("manual")!;
    copies.request(pipe, { variables: {}, limits: {} });
    const second = copies.request(pipe, { variables: {}, limits: {} });
    jobs.cancel(second.id, "changed my mind");
    await settle();
    runs[0]!.end(0);
    await settle();
    assert.equal(runs.length, 1);
    assert.equal(jobs.get(second.id)!.status, "cancelled");
  });

  test("stopping cancels runs not started, waits for the one working and schedules nothing more", async () => {
    const { clock, jobs, runs, copies } = await setup();
    const pipe = project.pipes.get("manual")!;
    const working = copies.request(pipe, { variables: {}, limits: {} });
    const waiting = copies.request(pipe, { variables: {}, limits: {} });
    await settle();
    let closed = false;
    const closing = copies.close().then(() => (closed = true));
    await settle();
    assert.equal(closed, false, "close waits for the working run");
    assert.equal(jobs.get(waiting.id)!.message, "The server stopped before this run started");
    runs[0]!.end(2);
    await closing;
    assert.equal(jobs.get(working.id)!.status, "done");
    clock.advance(10 * 60_000);
    await settle();
    assert.equal(runs.length, 1);
  });

  test("a template error is the request's, and no job is made", async () => {
    const { jobs, copies } = await setup();
    assert.throws(() => copies.request(project.pipes.get("manual")!, { variables: { a: "x" }, limits: {} }), { name: "TemplateError" });
    assert.deepEqual(jobs.list(), []);
  });
});
