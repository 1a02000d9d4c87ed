/**
 * `GET /tokens` (Tinybird Local's route; the SDK's CLI fetches the admin token there)
 * against callers that only look local: another Host (DNS rebinding), a web page (an
 * Origin), a proxy. None gets the token or a CORS header, and the route can be turned off.
 */
import assert from "node:assert/strict";
import { cp, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { runBuild } from "@tinybirdco/sdk/cli/commands/build";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { rawRequest } from "../helpers/raw-request.ts";

const PROJECT = "examples/pageviews";
const ROOT = new URL("../../", import.meta.url).pathname;
const FIXTURE = join(ROOT, "test/fixtures/sdk-build");
const errorOf = (body: string) => (JSON.parse(body) as { error: string }).error;

describe("GET /tokens hands the admin token only to a program on the server's machine", () => {
  let server: TestServer;
  let port: string;
  const tokens = (headers: Record<string, string>, method = "GET") => rawRequest(server.url, "/tokens?from=ts-sdk", { method, headers });

  before(async () => {
    server = await startServer({ project: PROJECT });
    port = new URL(server.url).port;
  });
  after(() => server?.stop());

  test("what the SDK's CLI sends (Node's fetch to localhost) gets the token", async () => {
    const res = await fetch(`http://localhost:${port}/tokens?from=ts-sdk`);
    assert.equal(res.status, 200);
    const token = server.adminToken;
    assert.deepEqual(await res.json(), { user_token: token, admin_token: token, workspace_admin_token: token });
    assert.equal(res.headers.get("access-control-allow-origin"), null);
  });

  test("each loopback name with the server's port is local", async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LocalHost:${port}`]) {
      const res = await tokens({ host });
      assert.equal(res.status, 200, host);
      assert.equal((JSON.parse(res.body) as { admin_token: string }).admin_token, server.adminToken);
      assert.equal(res.headers["access-control-allow-origin"], undefined);
    }
  });

  test("any other Host is refused: a rebound name, another port, no port", async () => {
    const expected = `GET /tokens answers only clients on the server's own machine: the Host header must be one of localhost:${port}, 127.0.0.1:${port}, [::1]:${port}. There, \`npx aviary token admin\` prints the admin token`;
    const otherPort = String(Number(port) === 65535 ? 1 : Number(port) + 1);
    for (const host of ["evil.example", `evil.example:${port}`, `127.0.0.1:${otherPort}`, "127.0.0.1", "localhost", `127.0.0.2:${port}`, `localhost.:${port}`]) {
      const res = await tokens({ host });
      assert.equal(res.status, 403, host);
      assert.equal(errorOf(res.body), expected, host);
      assert.equal(res.body.includes(server.adminToken), false);
      assert.equal(res.headers["access-control-allow-origin"], undefined);
    }
  });

  test("a web page never reads it: any Origin is refused, and neither it nor its preflight gets CORS headers", async () => {
    const host = `127.0.0.1:${port}`;
    for (const origin of ["https://evil.example", `http://localhost:${port}`, "null"]) {
      const res = await tokens({ host, origin });
      assert.equal(res.status, 403, origin);
      assert.equal(errorOf(res.body), "GET /tokens answers only clients on the server's own machine: a web page (a request with an Origin header) may never read it. There, `npx aviary token admin` prints the admin token");
      assert.equal(res.headers["access-control-allow-origin"], undefined);
    }
    const preflight = await tokens({ host, origin: "https://evil.example", "access-control-request-method": "GET" }, "OPTIONS");
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers["access-control-allow-origin"], undefined);
    assert.equal(preflight.headers["access-control-allow-headers"], undefined);
    const head = await tokens({ host, origin: "https://evil.example" }, "HEAD");
    assert.equal(head.status, 403);
    assert.equal(head.headers["access-control-allow-origin"], undefined);
    // Every other route keeps its CORS headers (the dashboard and browsers use them).
    const other = await rawRequest(server.url, "/v0/pipes/top_paths.json", { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "GET" } });
    assert.equal(other.headers["access-control-allow-origin"], "*");
  });

  test("a request that came through a proxy is refused", async () => {
    const host = `127.0.0.1:${port}`;
    const proxied: Record<string, string>[] = [{ "x-forwarded-for": "203.0.113.7" }, { forwarded: "for=203.0.113.7" }, { "x-real-ip": "203.0.113.7" }];
    for (const header of proxied) {
      const res = await tokens({ host, ...header });
      assert.equal(res.status, 403, JSON.stringify(header));
      assert.equal(errorOf(res.body), "GET /tokens answers only clients on the server's own machine: the request came through a proxy (X-Forwarded-For, Forwarded or X-Real-IP). There, `npx aviary token admin` prints the admin token");
    }
  });
});

describe("GET /tokens can be turned off", () => {
  const off =
    "GET /tokens is turned off on this server (--no-local-tokens or AVIARY_LOCAL_TOKENS=false), so the SDK CLI's local mode cannot get the admin token here. " +
    '`npx aviary token admin` on the server prints it; build with it directly: the SDK\'s runBuild({ tokenOverride: token, devModeOverride: "branch" }) with baseUrl set to this server, or POST /v1/build with Authorization: Bearer <token>';
  const servers: TestServer[] = [];
  after(() => Promise.all(servers.map((s) => s.stop())));

  async function refusedLocally(options: { args?: string[]; env?: Record<string, string> }): Promise<TestServer> {
    const server = await startServer({ project: PROJECT, ...options });
    servers.push(server);
    const res = await rawRequest(server.url, "/tokens?from=ts-sdk", { headers: { host: `localhost:${new URL(server.url).port}` } });
    assert.equal(res.status, 403);
    assert.equal(errorOf(res.body), off);
    assert.equal(res.body.includes(server.adminToken), false);
    return server;
  }

  test("AVIARY_LOCAL_TOKENS=false: even a local caller gets nothing", async () => {
    await refusedLocally({ env: { AVIARY_LOCAL_TOKENS: "false" } });
  });

  test("--no-local-tokens: even a local caller gets nothing, and the SDK still builds with the token handed to it", async () => {
    const server = await refusedLocally({ args: ["--no-local-tokens", "--allow-destructive"] });
    // What the message tells the user to do instead: a project folder whose config points at this server.
    const project = await mkdtemp(join(tmpdir(), "aviary-no-local-tokens-"));
    try {
      await cp(FIXTURE, project, { recursive: true });
      await symlink(join(ROOT, "node_modules"), join(project, "node_modules"), "dir");
      await writeFile(join(project, "tinybird.config.json"), JSON.stringify({ include: ["tinybird/resources.ts"], token: server.adminToken, baseUrl: server.url, devMode: "local" }));
      const result = await runBuild({ cwd: project, tokenOverride: server.adminToken, devModeOverride: "branch" });
      assert.equal(result.error, undefined);
      assert.equal(result.success, true);
      const answer = await api(server, "/v0/pipes/popular_pages.json?tenant_id=a");
      assert.equal(answer.status, 200);
      assert.deepEqual(((await answer.json()) as { data: unknown[] }).data, []);
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });
});
