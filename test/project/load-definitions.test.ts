/** TypeScript front door: SDK projects load unchanged; problems name file and line. */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { loadProject } from "../../src/project/load-project.ts";
import { ProjectError } from "../../src/project/model.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";

describe("TypeScript projects", () => {
  test("an @tinybirdco/sdk project loads with tokens, params and output", async () => {
    const project = await loadProject("test/fixtures/sdk-project/index.ts");
    const events = project.datasources.get("events")!;
    assert.deepEqual(events.tokens, [{ name: "writer", permission: "APPEND" }]);
    assert.equal(events.columns.find((c) => c.name === "amount")?.defaultExpr, "0");
    const totals = project.pipes.get("totals")!;
    assert.deepEqual(totals.output, [
      { name: "user", type: "String" },
      { name: "total", type: "Float64" },
      { name: "n", type: "UInt64" },
    ]);
    assert.deepEqual(totals.tokens, [{ name: "reader", permission: "READ" }]);
    assert.deepEqual(totals.params.find((p) => p.name === "limit"), { name: "limit", type: "Int32", required: false, default: 5, description: undefined });
  });

  test("problems are reported together, each with file and line", async () => {
    await assert.rejects(loadProject("test/fixtures/broken-ts/index.ts"), (err: unknown) => {
      assert.ok(err instanceof ProjectError);
      const messages = err.issues.map((i) => `${i.loc.file}:${i.loc.line}: ${i.message}`);
      assert.ok(messages.some((m) => /^test\/fixtures\/broken-ts\/index\.ts:7: .*"evnts"/.test(m)), messages.join("\n"));
      assert.ok(messages.some((m) => /^test\/fixtures\/broken-ts\/index\.ts:11: .*"format" can not be used as a variable name/.test(m)), messages.join("\n"));
      return true;
    });
  });

  test("a missing module is a clear error", async () => {
    await assert.rejects(loadProject("nope/index.ts"), /nope\/index\.ts: no such file or folder/);
  });

  describe("an endpoint's own ClickHouse settings", () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ project: "test/fixtures/endpoint-settings/index.ts" });
    });
    after(() => server.stop());

    test("its statements run with them; other endpoints do not; a token's limits still win", async () => {
      const project = await loadProject("test/fixtures/endpoint-settings/index.ts");
      assert.deepEqual(project.pipes.get("runs_with")!.settings, { query_plan_enable_optimizations: 0, max_execution_time: 12345 });
      assert.equal(project.pipes.get("plain")!.settings, undefined);
      const read = async (pipe: string, token?: string) => {
        const res = await api(server, `/v0/pipes/${pipe}.json`, token === undefined ? {} : { token });
        assert.equal(res.status, 200, await res.clone().text());
        return ((await res.json()) as { data: Record<string, string>[] }).data[0];
      };
      const tokens = ((await (await api(server, "/v0/tokens")).json()) as { tokens: { name: string; token: string }[] }).tokens;
      const reader = tokens.find((t) => t.name === "reader")!.token;
      for (const token of [undefined, reader]) {
        const plain = await read("plain", token);
        assert.equal(plain!.plan_optimizations, "true");
        // The request's time limit (the admin's, or the tenant query timeout) bounds it whatever the endpoint asks.
        assert.deepEqual(await read("runs_with", token), { plan_optimizations: "false", max_execution_time: plain!.max_execution_time });
      }
      assert.equal((await read("plain", reader))!.max_execution_time, "10");
    });
  });

  describe("deployed SDK project", () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ project: "test/fixtures/sdk-project/index.ts" });
    });
    after(() => server.stop());

    test("the TypeScript param default applies and the endpoint answers", async () => {
      const rows = Array.from({ length: 8 }, (_, i) => ({ timestamp: "2024-01-01 00:00:00", user: `u${i}`, amount: i }));
      const append = await api(server, "/v0/datasources?name=events&mode=append&format=ndjson", { method: "POST", body: rows.map((r) => JSON.stringify(r)).join("\n"), headers: { "content-type": "application/x-ndjson" } });
      assert.equal(append.status, 200);
      const res = (await (await api(server, "/v0/pipes/totals.json")).json()) as { data: { user: string }[] };
      assert.deepEqual(res.data.map((r) => r.user), ["u7", "u6", "u5", "u4", "u3"]);
      const one = (await (await api(server, "/v0/pipes/totals.json?user=u2")).json()) as { data: unknown[] };
      assert.deepEqual(one.data, [{ user: "u2", total: 2, n: 1 }]);
    });
  });
});
