/**
 * `npm run bench -- pipes [--seconds S] [--connections C]`: requests per second and
 * p50/p99 latency of a small endpoint over HTTP (autocannon on 127.0.0.1 against a
 * spawned server), next to the same SQL run straight in chdb in this process. The
 * difference at p50 is what Aviary adds per request (goal: under 2 ms).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { ChdbEngine } from "../src/engine/chdb-engine.ts";
import { deployProject } from "../src/engine/deploy.ts";
import { loadProject } from "../src/project/load-project.ts";
import { pipeSql } from "../src/engine/pipe-sql.ts";
import { renderPipe } from "../src/query/render-pipe.ts";
import { api, startServer } from "../test/helpers/server.ts";
import { printTable, summarize, timeLoop } from "./_measure.ts";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "5" }, connections: { type: "string", default: "8" } } });
const seconds = Number(values.seconds);
const PROJECT = "examples/pageviews";
const PATH = "/v0/pipes/top_paths.json?site=a.example&limit=5";
const rows = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ timestamp: `2024-01-0${1 + (i % 9)} 10:00:00`, site: "a.example", path: `/p${i % 50}`, visitor: `v${i % 300}` })).join("\n");

// Baseline first, alone on the machine: the same statement straight into chdb.
const project = await loadProject(PROJECT);
const statement = { sql: pipeSql(renderPipe(project, project.pipes.get("top_paths")!, { site: "a.example", limit: "5" })) };
const dir = mkdtempSync(join(tmpdir(), "aviary-bench-pipes-"));
const engine = await ChdbEngine.open(dir, "bench");
await deployProject(engine, project);
await engine.insert("pageviews", Buffer.from(rows));
const direct = summarize(await timeLoop(seconds * 1000, () => engine.query(statement.sql, { format: "JSON" })));
await engine.close();
rmSync(dir, { recursive: true, force: true });

const server = await startServer({ project: PROJECT });
try {
  await api(server, "/v0/datasources?name=pageviews&mode=append&format=ndjson", { method: "POST", body: rows, headers: { "content-type": "application/x-ndjson" } });
  const run = (connections: number) =>
    autocannon({ url: `${server.url}${PATH}`, connections, duration: seconds, headers: { authorization: `Bearer ${server.adminToken}` } });
  const serial = await run(1);
  const parallel = await run(Number(values.connections));
  if (serial.non2xx + parallel.non2xx > 0) throw new Error(`non-2xx answers: ${serial.non2xx + parallel.non2xx}`);
  printTable(
    ["what", "req/s", "mean ms", "p50 ms", "p99 ms"],
    [
      ["chdb direct, same SQL, 1 at a time", Math.round(1000 / direct.mean), direct.mean, direct.p50, direct.p99],
      ["HTTP endpoint, 1 connection", Math.round(serial.requests.average), serial.latency.average, serial.latency.p50, serial.latency.p99],
      [`HTTP endpoint, ${values.connections} connections`, Math.round(parallel.requests.average), parallel.latency.average, parallel.latency.p50, parallel.latency.p99],
    ],
  );
  // autocannon reports percentiles in whole milliseconds; the mean is exact enough to compare.
  console.log(`\nadded by Aviary per request (1 connection, mean): ${(serial.latency.average - direct.mean).toFixed(2)} ms; throughput ratio ${(serial.requests.average / (1000 / direct.mean)).toFixed(2)}`);
} finally {
  await server.stop();
}
