/**
 * `npm run bench -- template [--project P] [--pipe NAME] [--params QS] [--seconds S]`:
 * templates rendered per second for a whole pipe (every node, and the pipes it reads),
 * next to running the rendered SQL in chdb in the same run: the ratio is the share of a
 * request's time the template stage costs.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ChdbEngine } from "../src/engine/chdb-engine.ts";
import { deployProject } from "../src/engine/deploy.ts";
import { pipeSql } from "../src/engine/pipe-sql.ts";
import { loadProject } from "../src/project/load-project.ts";
import { renderPipe } from "../src/query/render-pipe.ts";
import { printTable, summarize, timeLoop } from "./_measure.ts";

const { values } = parseArgs({
  options: {
    project: { type: "string", default: "kit/index.ts" },
    pipe: { type: "string", default: "kpis" },
    params: { type: "string", default: "date_from=2024-01-01&date_to=2024-01-31&tenant_id=customer-123&include_previous_period=true" },
    seconds: { type: "string", default: "3" },
  },
});
const project = await loadProject(values.project);
const pipe = project.pipes.get(values.pipe);
if (!pipe) throw new Error(`no pipe ${values.pipe} in ${values.project}`);
const variables = Object.fromEntries(new URLSearchParams(values.params));
const ms = Number(values.seconds) * 1000;

const render = summarize(await timeLoop(ms, () => renderPipe(project, pipe, variables)));
const sql = pipeSql(renderPipe(project, pipe, variables));

const dir = mkdtempSync(join(tmpdir(), "aviary-bench-template-"));
const engine = await ChdbEngine.open(dir, "bench");
await deployProject(engine, project);
const query = summarize(await timeLoop(ms, () => engine.query(sql, { format: "JSON" })));
await engine.close();
rmSync(dir, { recursive: true, force: true });

console.log(`pipe ${values.pipe} (${pipe.nodes.length} nodes, ${sql.length} chars of SQL), ${values.params}\n`);
printTable(
  ["stage", "ops/s", "p50 ms", "p99 ms"],
  [
    ["render (template → SQL)", Math.round(1000 / render.mean), render.p50, render.p99],
    ["chdb query of that SQL (empty tables)", Math.round(1000 / query.mean), query.p50, query.p99],
  ],
);
console.log(`\nrendering costs ${((render.p50 / query.p50) * 100).toFixed(1)}% of the query's p50`);
