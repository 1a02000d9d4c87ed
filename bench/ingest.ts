/**
 * `npm run bench -- ingest [--seconds S] [--project P] [--connections N]`: the Events API under load,
 * each figure next to a raw engine baseline measured first in this same run (the
 * same flock-shaped rows inserted straight into chdb, `INSERT … FORMAT JSONEachRow`,
 * before the server starts):
 *   - events/s for NDJSON requests of 1,000 events (acknowledged, and sustained until queryable);
 *   - requests/s and p50/p99 for single-event tracker requests while a dashboard query runs every second;
 *   - flush lag (202 → queryable) p50/p99, from the server's histogram; peak RSS of the server;
 *   - the check stage alone (parse, check, serialize) in this process, per CPU-second.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { ChdbEngine } from "../src/engine/chdb-engine.ts";
import { deployProject } from "../src/engine/deploy.ts";
import { readEvents } from "../src/ingest/decode-body.ts";
import { compileRowCheck, RowBatch } from "../src/ingest/row-check.ts";
import { loadProject } from "../src/project/load-project.ts";
import { generateEvents } from "../src/seed/generate.ts";
import { api, startServer, type TestServer } from "../test/helpers/server.ts";
import { peakRssMb, printTable, summarize, timeLoop } from "./_measure.ts";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "10" }, project: { type: "string", default: "test/fixtures/ingest/flock" }, connections: { type: "string", default: "100" } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const BATCH = 1000;
const events = [...generateEvents({ events: 100 * BATCH, tenants: 50, domains: 3, days: 30, seed: 7 })].map((e) => JSON.stringify(e));
const batches = Array.from({ length: 100 }, (_, i) => Buffer.from(`${events.slice(i * BATCH, (i + 1) * BATCH).join("\n")}\n`));
const DASHBOARD_SQL = "SELECT action, count() AS hits, uniq(session_id) AS sessions FROM analytics_events WHERE tenant_id = 'customer-1' GROUP BY action";

/** Parse, check and serialize every batch a few times on this thread: events per CPU-second. */
function checkStage(project: Awaited<ReturnType<typeof loadProject>>): number {
  const check = compileRowCheck(project.datasources.get("analytics_events")!);
  const cpu = process.cpuUsage();
  for (let round = 0; round < 5; round++) {
    for (const body of batches) {
      const batch = new RowBatch("bench", 0, body.length);
      readEvents(body, { event: (v) => check.event(v, batch), unreadable: (raw, why) => check.unreadable(raw, why, batch) });
    }
  }
  const used = process.cpuUsage(cpu);
  return (5 * batches.length * BATCH) / ((used.user + used.system) / 1e6);
}

/** Baseline: the same rows straight into chdb, in this process, before the server exists. */
async function baseline() {
  const dir = mkdtempSync(join(tmpdir(), "aviary-bench-ingest-"));
  const engine = await ChdbEngine.open(dir, "bench");
  const project = await loadProject(values.project!);
  await deployProject(engine, project);
  const checkPerCpuSecond = checkStage(project);
  let i = 0;
  const perBatch = summarize(await timeLoop(seconds * 1000, () => engine.insert("analytics_events", batches[i++ % batches.length]!)));
  const big = Buffer.concat(batches);
  const cpu = process.cpuUsage();
  const perFlush = summarize(await timeLoop(seconds * 1000, () => engine.insert("analytics_events", big)));
  const used = process.cpuUsage(cpu);
  const flushCpuSeconds = (used.user + used.system) / 1e6;
  const single = summarize(await timeLoop(3000, () => engine.insert("analytics_events", Buffer.from(events[i++ % events.length]!))));
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
  return { perBatch, perFlush, single, checkPerCpuSecond, maxRssMb: process.resourceUsage().maxRSS / 1024, flushRowsPerCpuSecond: (perFlush.n * batches.length * BATCH) / flushCpuSeconds };
}

/** Quantiles of `aviary_ingest_flush_lag_seconds` between two /metrics snapshots, interpolated in buckets. */
function lagQuantiles(before: string, after: string, qs: number[]): number[] {
  const buckets = (text: string) => {
    const m = new Map<number, number>();
    for (const [, le, n] of text.matchAll(/^aviary_ingest_flush_lag_seconds_bucket\{le="([^"]+)",[^}]*\} (\d+)/gm)) m.set(le === "+Inf" ? Infinity : Number(le), (m.get(Number(le)) ?? 0) + Number(n));
    return m;
  };
  const [b, a] = [buckets(before), buckets(after)];
  const cumulative = [...a.entries()].sort(([x], [y]) => x - y).map(([le, n]) => [le, n - (b.get(le) ?? 0)] as const);
  const total = cumulative.at(-1)?.[1] ?? 0;
  return qs.map((q) => {
    let lower = 0;
    let below = 0;
    for (const [le, n] of cumulative) {
      if (n >= q * total && total > 0) return (lower + ((q * total - below) / Math.max(1, n - below)) * ((Number.isFinite(le) ? le : lower) - lower)) * 1000;
      [lower, below] = [le, n];
    }
    return NaN;
  });
}

const metrics = async (server: TestServer) => (await api(server, "/metrics")).text();
/** CPU seconds the server process has used, all its threads (chdb's included). */
const cpuSeconds = (server: TestServer) => {
  const fields = readFileSync(`/proc/${server.process.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

async function batchPhase(server: TestServer) {
  let next = 0;
  const started = performance.now();
  const result = await autocannon({
    url: `${server.url}/v0/events?name=analytics_events`,
    method: "POST",
    connections: 4,
    duration: seconds,
    headers: { authorization: `Bearer ${server.adminToken}`, "content-type": "application/x-ndjson" },
    requests: [{ setupRequest: (request) => ({ ...request, body: batches[next++ % batches.length] }) }],
  });
  // One request that waits: segments are inserted in order, so when it returns, every acknowledged row is queryable.
  await api(server, "/v0/events?name=analytics_events&wait=true", { method: "POST", body: events[0] });
  const drained = (performance.now() - started) / 1000;
  const acked = (result.statusCodeStats?.["202"]?.count ?? 0) * BATCH;
  return { acked: acked / result.duration, sustained: acked / drained, drained, refused: result.non2xx, latency: result.latency };
}

async function singlePhase(server: TestServer, token: string) {
  const queries: number[] = [];
  const timer = setInterval(() => {
    const start = performance.now();
    void api(server, `/v0/sql?q=${encodeURIComponent(DASHBOARD_SQL)}`).then(async (res) => (await res.text(), queries.push(performance.now() - start)));
  }, 1000);
  const result = await autocannon({
    url: `${server.url}/v0/events?name=analytics_events&token=${token}`,
    method: "POST",
    connections,
    duration: seconds,
    headers: { "content-type": "text/plain;charset=UTF-8" },
    // One fixed event: a body built per request would cost the load generator, on these same cores, more than the server.
    body: events[0],
  });
  clearInterval(timer);
  return { result, queries: summarize(queries) };
}

const base = await baseline();
const server = await startServer({ project: values.project });
try {
  const tokens = ((await (await api(server, "/v0/tokens")).json()) as { tokens: { name: string; token: string }[] }).tokens;
  const tracker = tokens.find((t) => t.name === "tracker")?.token ?? server.adminToken;
  const [m0, c0] = [await metrics(server), cpuSeconds(server)];
  const batch = await batchPhase(server);
  const [m1, c1] = [await metrics(server), cpuSeconds(server)];
  const single = await singlePhase(server, tracker);
  const [m2, c2] = [await metrics(server), cpuSeconds(server)];
  const batchPerCpu = (batch.sustained * batch.drained) / (c1 - c0);
  const [batchLag, singleLag] = [lagQuantiles(m0, m1, [0.5, 0.99]), lagQuantiles(m1, m2, [0.5, 0.99])];
  const rawBatch = (BATCH * 1000) / base.perBatch.mean;
  const rawFlush = (batches.length * BATCH * 1000) / base.perFlush.mean;
  const round = (n: number) => Math.round(n);
  console.log(`project ${values.project}, ${seconds} s per phase; batches over 4 connections, single events over ${connections}; ${batch.refused + single.result.non2xx} non-2xx answers (429 = backlog full)\n`);
  printTable(
    ["measure", "Aviary", "raw chdb baseline", "ratio"],
    [
      ["events/s, 1,000-event requests, acknowledged", round(batch.acked), `${round(rawFlush)} (100k-row INSERTs)`, (batch.acked / rawFlush).toFixed(2)],
      ["events/s, same, sustained until queryable", round(batch.sustained), `${round(rawFlush)} (100k-row INSERTs)`, (batch.sustained / rawFlush).toFixed(2)],
      ["events per CPU-second (server: HTTP, checks, log, inserts)", round(batchPerCpu), `${round(base.flushRowsPerCpuSecond)} (100k-row INSERTs)`, (batchPerCpu / base.flushRowsPerCpuSecond).toFixed(2)],
      ["check stage alone, events per CPU-second (1 thread)", round(base.checkPerCpuSecond), `${round(base.flushRowsPerCpuSecond)} (100k-row INSERTs)`, (base.checkPerCpuSecond / base.flushRowsPerCpuSecond).toFixed(2)],
      ["1,000-event request p50 / p99 ms", `${batch.latency.p50} / ${batch.latency.p99}`, `${base.perBatch.p50.toFixed(1)} / ${base.perBatch.p99.toFixed(1)} (1,000-row INSERT, ${round(rawBatch)} events/s)`, ""],
      [`single-event requests/s (${connections} connections)`, round(single.result.requests.average), `${round(1000 / base.single.mean)} (1-row INSERTs)`, (single.result.requests.average / (1000 / base.single.mean)).toFixed(1)],
      ["single-event requests per server CPU-second", round((single.result.requests.total) / (c2 - c1)), "", ""],
      ["single-event p50 / p99 ms", `${single.result.latency.p50} / ${single.result.latency.p99}`, `${base.single.p50.toFixed(1)} / ${base.single.p99.toFixed(1)}`, ""],
      ["dashboard query meanwhile, p50 / p99 ms", `${single.queries.p50.toFixed(1)} / ${single.queries.p99.toFixed(1)}`, "", ""],
      ["flush lag p50 / p99 ms, batches", `${round(batchLag[0]!)} / ${round(batchLag[1]!)}`, `${base.perFlush.p50.toFixed(0)} / ${base.perFlush.p99.toFixed(0)} (100k-row INSERT)`, ""],
      ["flush lag p50 / p99 ms, single events", `${round(singleLag[0]!)} / ${round(singleLag[1]!)}`, "", ""],
      ["peak RSS MB", round(peakRssMb(server.process.pid!)), `${round(base.maxRssMb)} (baseline process)`, ""],
    ],
  );
} finally {
  await server.stop();
}
