/**
 * A token in a URL never reaches the log, whatever shape the URL takes: each request
 * below is answered with that token (so the server did read it as `token`), and its
 * debug line shows the URL with the token's value hidden. Regression: the old pattern
 * missed `?%74oken=` and `?x=token=a&token=`.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { rawRequest } from "../helpers/raw-request.ts";

const PIPE = "/v0/pipes/top_paths.json";

describe("tokens in URLs are hidden in the request log", () => {
  let server: TestServer;
  let reader: string;

  before(async () => {
    server = await startServer({ project: "examples/pageviews", env: { AVIARY_LOG_LEVEL: "debug" } });
    const list = (await (await api(server, "/v0/tokens")).json()) as { tokens: { name: string; token: string }[] };
    reader = list.tokens.find((t) => t.name === "reader")!.token;
  });
  after(() => server?.stop());

  /** The request's debug line (written once the response is sent, so it may trail it). */
  async function loggedUrl(reqId: string): Promise<string> {
    for (let i = 0; i < 200; i++) {
      for (const line of server.logs) {
        if (!line.includes(reqId)) continue;
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === "request") return entry.url!;
      }
      await sleep(50);
    }
    throw new Error(`no request line for ${reqId}:\n${server.logs.join("\n")}`);
  }

  test("each shape the server reads a token from is answered and logged hidden", async () => {
    const cases: [path: string, status: number, logged: string][] = [
      [`${PIPE}?token=${reader}`, 200, `${PIPE}?token=…`],
      [`${PIPE}?%74oken=${reader}`, 200, `${PIPE}?%74oken=…`],
      [`${PIPE}?x=token=a&token=${reader}`, 200, `${PIPE}?x=token=a&token=…`],
      [`${PIPE}?site=a&t%6F%6Ben=${reader}`, 200, `${PIPE}?site=a&t%6F%6Ben=…`],
      [`${PIPE}?token=${reader}&token=${reader}x`, 200, `${PIPE}?token=…&token=…`],
      [`${PIPE}#token=${reader}`, 200, `${PIPE}#token=…`],
      // A wrong token is echoed in the 403 (Tinybird's message), never in the log.
      [`${PIPE}?%74oken=${reader}x`, 403, `${PIPE}?%74oken=…`],
      [`/v0/no-such-route?%74oken=${reader}`, 404, "/v0/no-such-route?%74oken=…"],
    ];
    for (const [path, status, logged] of cases) {
      const res = await rawRequest(server.url, path);
      assert.equal(res.status, status, `${path}: ${res.body}`);
      if (status === 403) assert.ok(res.body.includes(`Invalid token b'${reader}x'`), res.body);
      assert.equal(await loggedUrl(String(res.headers["x-request-id"])), logged, path);
    }
    const leaks = server.logs.filter((line) => line.includes(reader));
    assert.deepEqual(leaks, []);
  });
});
