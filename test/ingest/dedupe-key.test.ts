/** DEDUPE_KEY over real HTTP: a retried request stores each keyed event once; a bad key is a project error. */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { loadDatafiles } from "../../src/project/load-datafiles.ts";
import { ProjectError } from "../../src/project/model.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";

describe("DEDUPE_KEY", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ project: "test/fixtures/ingest/dedupe" });
  });
  after(() => server.stop());

  test("the same event sent twice, in one body and across requests, is stored once", async () => {
    const click = (id: string) => JSON.stringify({ id, timestamp: "2024-05-01 10:00:00", target: "buy" });
    const send = (body: string) => api(server, "/v0/events?name=clicks&wait=true", { method: "POST", body });
    const first = await send([click("a"), click("b"), click("a")].join("\n"));
    assert.deepEqual(await first.json(), { successful_rows: 3, quarantined_rows: 0 });
    const retry = await send([click("a"), click("b"), click("c")].join("\n"));
    assert.equal(retry.status, 200);
    const stored = await api(server, `/v0/sql?q=${encodeURIComponent("SELECT event_id, count() AS n FROM clicks GROUP BY event_id ORDER BY event_id FORMAT JSONEachRow")}`);
    assert.equal(await stored.text(), '{"event_id":"a","n":1}\n{"event_id":"b","n":1}\n{"event_id":"c","n":1}\n');
  });

  test("a key that is not a column is reported with file and line", () => {
    const content = "SCHEMA >\n    `id` String `json:$.id`\n\nDEDUPE_KEY \"event\"\n";
    assert.throws(() => loadDatafiles([{ name: "x.datasource", content }], "test"), (err: unknown) => {
      assert.ok(err instanceof ProjectError);
      assert.match(err.message, /x\.datasource:1: DEDUPE_KEY refers to column "event", which is not in the schema/);
      return true;
    });
  });
});
