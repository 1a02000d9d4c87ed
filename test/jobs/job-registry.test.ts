/** The jobs registry: Tinybird's status transitions, newest-first listing, bounded history. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { JobRegistry } from "../../src/jobs/job-registry.ts";
import { jobDetail, jobListEntry } from "../../src/jobs/job-json.ts";

function clock(start = Date.parse("2024-05-01T10:00:00Z")) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

describe("JobRegistry", () => {
  test("a job goes waiting → working → done, keeping what it learnt", () => {
    const time = clock();
    const jobs = new JobRegistry({ now: time.now });
    const job = jobs.create({ kind: "copy", pipe: "p", datasource: "d", details: { mode: "append" } });
    assert.equal(job.status, "waiting");
    assert.equal(job.startedAt, undefined);
    time.advance(1000);
    const working = jobs.start(job.id);
    assert.equal(working.status, "working");
    assert.equal(working.startedAt?.toISOString(), "2024-05-01T10:00:01.000Z");
    time.advance(500);
    const done = jobs.finish(job.id, { processed_data: { written_rows: 3 } });
    assert.equal(done.status, "done");
    assert.deepEqual(done.details, { mode: "append", processed_data: { written_rows: 3 } });
    assert.equal(done.updatedAt.toISOString(), "2024-05-01T10:00:01.500Z");
    assert.equal(jobs.get(job.id), done);
  });

  test("a finished job never changes again; a working one cannot be cancelled", () => {
    const jobs = new JobRegistry();
    const job = jobs.create({ kind: "copy" });
    jobs.start(job.id);
    assert.throws(() => jobs.cancel(job.id, "no"), { message: `job ${job.id} cannot go from working to cancelled` });
    jobs.fail(job.id, "boom");
    assert.throws(() => jobs.finish(job.id), { message: `job ${job.id} cannot go from error to done` });
    assert.throws(() => jobs.start("nope"), { message: "no job nope" });
  });

  test("lists newest first, filtered by kind, status, pipe and creation time", () => {
    const time = clock();
    const jobs = new JobRegistry({ now: time.now });
    const a = jobs.create({ kind: "copy", pipe: "a" });
    time.advance(1000);
    const b = jobs.create({ kind: "copy", pipe: "b" });
    time.advance(1000);
    const c = jobs.create({ kind: "delete_data", datasource: "d" });
    jobs.start(b.id);
    assert.deepEqual(jobs.list().map((j) => j.id), [c.id, b.id, a.id]);
    assert.deepEqual(jobs.list({ kind: "copy" }).map((j) => j.id), [b.id, a.id]);
    assert.deepEqual(jobs.list({ status: "working" }).map((j) => j.id), [b.id]);
    assert.deepEqual(jobs.list({ pipe: "a" }).map((j) => j.id), [a.id]);
    assert.deepEqual(jobs.list({ createdAfter: new Date("2024-05-01T10:00:00.500Z"), createdBefore: new Date("2024-05-01T10:00:01.500Z") }).map((j) => j.id), [b.id]);
  });

  test("history is bounded: the oldest finished jobs go first, unfinished ones stay", () => {
    const jobs = new JobRegistry({ keepFinished: 2 });
    const waiting = jobs.create({ kind: "copy" });
    const finished = [1, 2, 3].map(() => {
      const job = jobs.create({ kind: "copy" });
      jobs.start(job.id);
      return jobs.finish(job.id);
    });
    assert.deepEqual(jobs.list().map((j) => j.id), [finished[2]!.id, finished[1]!.id, waiting.id]);
  });

  test("finished jobs are forgotten after 48 hours", () => {
    const time = clock();
    const jobs = new JobRegistry({ now: time.now });
    const old = jobs.create({ kind: "copy" });
    jobs.cancel(old.id, "skipped");
    const stillWaiting = jobs.create({ kind: "copy" });
    time.advance(48 * 3600 * 1000 + 1);
    const fresh = jobs.create({ kind: "copy" });
    assert.deepEqual(jobs.list().map((j) => j.id), [fresh.id, stillWaiting.id]);
  });
});

describe("job JSON", () => {
  test("detail and list entry use Tinybird's names; names stand in for ids", () => {
    const time = clock();
    const jobs = new JobRegistry({ now: time.now });
    const job = jobs.create({ kind: "copy", pipe: "p", datasource: "d", details: { mode: "replace" } });
    time.advance(1234);
    const failed = jobs.fail(job.id, "[Error] boom");
    assert.deepEqual(jobDetail(failed, "http://h"), {
      kind: "copy",
      id: job.id,
      job_id: job.id,
      status: "error",
      created_at: "2024-05-01 10:00:00.000",
      updated_at: "2024-05-01 10:00:01.234",
      started_at: null,
      is_cancellable: false,
      pipe_id: "p",
      pipe_name: "p",
      datasource: { id: "d", name: "d" },
      mode: "replace",
      error: "[Error] boom",
      job_url: `http://h/v0/jobs/${job.id}`,
    });
    assert.deepEqual(jobListEntry(jobs.create({ kind: "copy" }), "http://h"), {
      id: jobs.list()[0]!.id,
      kind: "copy",
      status: "waiting",
      created_at: "2024-05-01 10:00:01.234",
      updated_at: "2024-05-01 10:00:01.234",
      is_cancellable: true,
      job_url: `http://h/v0/jobs/${jobs.list()[0]!.id}`,
    });
  });
});
