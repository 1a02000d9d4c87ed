/**
 * What the admin token reads when its SQL is wrong: ClickHouse's message about the SQL it
 * sent, positions counted in that SQL, never the wrapper Aviary runs it in (formatQuery,
 * the pipe's CTEs for `q=`) nor the settings it adds. Other tokens: test/security/sql-attacks.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { api, startServer, type TestServer } from "../helpers/server.ts";

const END_OF_QUERY = "Expected one of: expression with optional alias, element of expression with optional alias, lambda expression";
const INTERNALS = /formatQuery|SETTINGS|max_execution_time|max_memory_usage|additional_table_filters|WITH `|In scope|line \d/;

describe("the admin's SQL errors speak of the admin's SQL", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ project: "examples/pageviews" });
  });
  after(() => server?.stop());

  async function error(path: string, init: RequestInit = {}): Promise<{ status: number; error: string }> {
    const res = await api(server, path, init);
    const body = (await res.json()) as { error: string };
    assert.doesNotMatch(body.error, INTERNALS);
    return { status: res.status, error: body.error };
  }

  const q = (sql: string) => encodeURIComponent(sql);

  test("/v0/sql: a syntax error's position is in the statement sent, by q= or as the body", async () => {
    const statement = "SELECT path FROM pageviews WHERE";
    const expected = { status: 400, error: `[Error] Syntax error: failed at position ${statement.length + 1} (end of query): . ${END_OF_QUERY}` };
    assert.deepEqual(await error(`/v0/sql?q=${q(statement)}`), expected);
    assert.deepEqual(await error("/v0/sql", { method: "POST", body: statement }), expected);
    assert.deepEqual(await error(`/v0/sql?q=${q("SELECT nope FROM pageviews")}`), { status: 400, error: "[Error] Unknown expression identifier `nope`. (UNKNOWN_IDENTIFIER)" });
  });

  test("q= over a pipe: positions in the q= text, not in the pipe's SQL it runs inside", async () => {
    const statement = "SELECT * FROM _ WHERE";
    assert.deepEqual(await error(`/v0/pipes/top_paths.json?q=${q(statement)}`), {
      status: 400,
      error: `[Error] Syntax error: failed at position ${statement.length + 1} (end of query): . ${END_OF_QUERY}`,
    });
    assert.deepEqual(await error(`/v0/pipes/top_paths.json?q=${q("SELECT nope FROM _")}`), { status: 400, error: "[Error] Unknown expression identifier `nope`. (UNKNOWN_IDENTIFIER)" });
  });
});
