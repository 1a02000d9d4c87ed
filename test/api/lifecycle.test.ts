/**
 * Start, restart and stop as an operator sees them: the workspace and its admin token
 * survive a restart, an unchanged project redeploys as a no-op, and SIGTERM lets an
 * in-flight request finish before the process exits cleanly.
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { test } from "node:test";
import { api, startServer } from "../helpers/server.ts";

test("restart keeps the workspace and redeploys nothing; SIGTERM finishes in-flight requests", async () => {
  const first = await startServer({ project: "examples/pageviews" });
  const dataDir = first.dataDir;
  try {
    await first.stop({ keepData: true });
    const second = await startServer({ project: "examples/pageviews", dataDir });
    assert.equal(second.adminToken, first.adminToken);
    const deployed = second.logs.map((l) => JSON.parse(l) as { msg?: string; created?: string[]; unchanged?: string[] }).find((l) => l.msg === "project deployed");
    assert.deepEqual(deployed?.created, []);
    assert.deepEqual(deployed?.unchanged?.sort(), ["daily_pages", "daily_pages_mv", "pageviews"]);

    const slow = api(second, `/v0/sql?q=${encodeURIComponent("SELECT sum(sleepEachRow(0.4)) AS s FROM numbers(3)")}`);
    await new Promise((done) => setTimeout(done, 200));
    second.process.kill("SIGTERM");
    const res = await slow;
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "0\n");
    const child = second.process;
    const code = child.exitCode ?? (await new Promise((done) => child.once("exit", (c) => done(c))));
    assert.equal(code, 0);
    assert.ok(second.logs.some((l) => l.includes('"msg":"stopped"')), second.logs.join("\n"));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
