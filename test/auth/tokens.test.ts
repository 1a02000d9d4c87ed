/**
 * Static tokens declared by the project, the tokens API (`GET /v0/tokens`,
 * `POST /v0/tokens/?expiration_time=`), `@tinybirdco/sdk`'s `createJWT` against it, the
 * `aviary token` commands, the server-wide rate limit, and tokens across a restart that
 * redeploys a changed project.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { after, before, describe, test } from "node:test";
import { createClient, createJWT, TokenApiError } from "@tinybirdco/sdk";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { FIXTURE, getData, loadEvents, randomEvents } from "./helpers/auth-fixture.ts";

const run = promisify(execFile);
const aviary = async (...args: string[]) => (await run(process.execPath, ["bin/aviary.js", ...args])).stdout;

interface Listed {
  name: string;
  token: string;
  scopes: { type: string; resource?: string; filter?: string }[];
}

const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe("tokens: project tokens, tokens API, SDK, CLI, rate limits, restarts", () => {
  let project: string;
  let dataDir: string;
  let server: TestServer;
  let listed: Listed[];
  const tokenNamed = (name: string) => listed.find((t) => t.name === name)!.token;

  before(async () => {
    project = await mkdtemp(join(tmpdir(), "aviary-auth-project-"));
    dataDir = await mkdtemp(join(tmpdir(), "aviary-auth-data-"));
    await cp(FIXTURE, project, { recursive: true });
    server = await startServer({ project, dataDir });
    await loadEvents(server, randomEvents(200, 3));
  });
  after(async () => {
    await server.stop();
    await rm(project, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  test("GET /v0/tokens lists the admin token and the project's tokens with their scopes", async () => {
    const res = await api(server, "/v0/tokens");
    assert.equal(res.status, 200);
    listed = ((await res.json()) as { tokens: Listed[] }).tokens;
    assert.deepEqual(
      listed.map((t) => ({ name: t.name, scopes: t.scopes })),
      [
        { name: "admin token", scopes: [{ type: "ADMIN" }] },
        {
          name: "dashboard",
          scopes: ["analytics_hits", "current_visitors", "kpis", "top_actions", "top_pages"].map((resource) => ({ type: "PIPES:READ", resource })),
        },
        { name: "tracker", scopes: [{ type: "DATASOURCES:APPEND", resource: "analytics_events" }] },
      ],
    );
    assert.equal(tokenNamed("admin token"), server.adminToken);
    for (const t of listed) assert.match(t.token, /^p\.ey[\w-]+\.[\w-]+$/);
    for (const token of [tokenNamed("dashboard"), tokenNamed("tracker")]) {
      const refused = await api(server, "/v0/tokens", { token });
      assert.equal(refused.status, 403);
      assert.deepEqual(await refused.json(), { error: "Only the admin token can manage tokens" });
    }
  });

  test("npx aviary token list prints the same tokens", async () => {
    const json = JSON.parse(await aviary("token", "list", "--json", "--data-dir", dataDir)) as { tokens: Listed[] };
    assert.deepEqual(json.tokens, listed);
    const lines = (await aviary("token", "list", "--data-dir", dataDir)).trim().split("\n");
    assert.deepEqual(lines[2]!.split("\t"), ["tracker", tokenNamed("tracker"), "DATASOURCES:APPEND:analytics_events"]);
  });

  test("project tokens grant exactly their scopes", async () => {
    const dashboard = tokenNamed("dashboard");
    const tracker = tokenNamed("tracker");
    assert.equal((await api(server, "/v0/pipes/kpis.json", { token: dashboard })).status, 200);
    assert.equal((await api(server, "/v0/pipes/kpis.json", { token: tracker })).status, 403);
    const row = JSON.stringify(randomEvents(1, 99)[0]);
    const append = (token: string) => api(server, "/v0/datasources?name=analytics_events&mode=append&format=ndjson", { token, method: "POST", body: row, headers: { "content-type": "application/x-ndjson" } });
    assert.equal((await append(tracker)).status, 200);
    assert.equal((await append(dashboard)).status, 403);
    // A static token with PIPES:READ on a pipe may read it as a table in /v0/sql, not the raw table.
    assert.equal((await getData(server, `/v0/sql?q=${encodeURIComponent("SELECT count() AS c FROM analytics_hits FORMAT JSON")}`, dashboard)).status, 200);
    const raw = await getData(server, `/v0/sql?q=${encodeURIComponent("SELECT count() FROM analytics_events")}`, dashboard);
    assert.equal(raw.status, 403);
    assert.equal(JSON.parse(raw.text).error, "The token you have provided doesn't have access to this resource: analytics_events");
  });

  test("@tinybirdco/sdk createJWT works against POST /v0/tokens, and its token queries with fixed params", async () => {
    const expiresAt = new Date(Date.now() + 3600_000);
    const scopes = [{ type: "PIPES:READ" as const, resource: "top_*", fixed_params: { tenant_id: "globex" } }];
    const { token } = await createJWT({ baseUrl: server.url, token: server.adminToken }, { name: "sdk-tenant", expiresAt, scopes, limits: { rps: 50 } });
    assert.deepEqual(claimsOf(token), { ...claimsOf(token), name: "sdk-tenant", exp: Math.floor(expiresAt.getTime() / 1000), scopes, limits: { rps: 50 } });
    const tenant = createClient({ baseUrl: server.url, token, devMode: false });
    const result = (await tenant.query("top_pages", { tenant_id: "acme" })) as { data: { domain: string }[] };
    assert.ok(result.data.length > 0);
    for (const row of result.data) assert.ok(row.domain.includes("globex"), row.domain);

    const admin = createClient({ baseUrl: server.url, token: server.adminToken, devMode: false });
    const viaClient = await admin.tokens.createJWT({ name: "via-client", expiresAt: Math.floor(Date.now() / 1000) + 60, scopes });
    assert.equal((await api(server, "/v0/pipes/top_pages.json", { token: viaClient.token })).status, 200);

    await assert.rejects(createJWT({ baseUrl: server.url, token: tokenNamed("dashboard") }, { name: "x", expiresAt, scopes }), (err: unknown) => err instanceof TokenApiError && err.status === 403);
    await assert.rejects(
      createJWT({ baseUrl: server.url, token: server.adminToken }, { name: "x", expiresAt, scopes: [{ type: "PIPES:READ" as const, resource: "" }] }),
      (err: unknown) => err instanceof TokenApiError && err.status === 400 && String(err.body).includes("scopes[0].resource"),
    );
    await assert.rejects(createJWT({ baseUrl: server.url, token: server.adminToken }, { name: "x", expiresAt: new Date(Date.now() - 1000), scopes }), (err: unknown) => err instanceof TokenApiError && err.status === 400);
    const noExpiry = await api(server, "/v0/tokens/", { method: "POST", body: JSON.stringify({ name: "x", scopes }), headers: { "content-type": "application/json" } });
    assert.equal(noExpiry.status, 400);
  });

  test("npx aviary token jwt prints a tenant JWT with wildcards, rps and a ttl", async () => {
    const before = Math.floor(Date.now() / 1000);
    const token = (await aviary("token", "jwt", "--tenant", "initech", "--pipes", "kpis, top_*", "--ttl", "30d", "--rps", "7", "--data-dir", dataDir)).trim();
    const claims = claimsOf(token);
    assert.deepEqual(claims.scopes, [
      { type: "PIPES:READ", resource: "kpis", fixed_params: { tenant_id: "initech" } },
      { type: "PIPES:READ", resource: "top_*", fixed_params: { tenant_id: "initech" } },
    ]);
    assert.equal(claims.name, "initech");
    assert.deepEqual(claims.limits, { rps: 7 });
    assert.ok(Math.abs(Number(claims.exp) - (before + 30 * 86_400)) < 60);
    const got = await getData(server, "/v0/pipes/top_pages.json?tenant_id=acme", token);
    assert.equal(got.status, 200);
    assert.deepEqual(got.data, (await getData(server, "/v0/pipes/top_pages.json?tenant_id=initech", server.adminToken)).data);
    await assert.rejects(aviary("token", "jwt", "--tenant", "x", "--pipes", "kpis", "--ttl", "soon", "--data-dir", dataDir), /--ttl must be a duration/);
  });

  test("a token command run on a data directory no server has used says so, each time (and once that it made a new workspace), whose tokens the running server refuses", async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), "aviary-elsewhere-"));
    try {
      const first = await run(process.execPath, ["bin/aviary.js", "token", "jwt", "--tenant", "acme", "--pipes", "kpis", "--data-dir", elsewhere]);
      assert.match(first.stderr, new RegExp(`^aviary: no server has started on ${elsewhere} yet, so a new workspace was made there; a server started on another data directory refuses its tokens`));
      assert.equal((await getData(server, "/v0/pipes/kpis.json", first.stdout.trim())).status, 403);
      const again = await run(process.execPath, ["bin/aviary.js", "token", "admin", "--data-dir", elsewhere]);
      assert.match(again.stderr, new RegExp(`^aviary: no server has started on ${elsewhere} yet; a server started on another data directory refuses its tokens`));
      const refused = await fetch(`${server.url}/v0/pipes/kpis.json`, { headers: { authorization: `Bearer ${again.stdout.trim()}` } });
      assert.equal(refused.status, 403);
      assert.match(((await refused.json()) as { error: string }).error, /: not a token of this server \(one made for another data directory or workspace, or removed\)$/);
      assert.equal((await run(process.execPath, ["bin/aviary.js", "token", "admin", "--data-dir", dataDir])).stderr, "");
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  test("a token given other scopes, or removed from tokens.json, while the server runs: applies within seconds to its holder alone", async () => {
    // Polls until the status is as expected (the server looks at tokens.json every second).
    const settles = async (path: string, token: string, status: number) => {
      let last = 0;
      for (let i = 0; i < 50; i++) {
        last = (await api(server, path, { token })).status;
        if (last === status) return;
        await pause(100);
      }
      assert.equal(last, status, `${path} with the token`);
    };
    const live = (await aviary("token", "create", "--name", "live", "--scope", "PIPES:READ:kpis", "--data-dir", dataDir)).trim();
    await settles("/v0/pipes/kpis.json", live, 200);
    // Same name: same token text, new scopes. Nobody sends a token the server does not know meanwhile.
    assert.equal((await aviary("token", "create", "--name", "live", "--scope", "PIPES:READ:top_pages", "--data-dir", dataDir)).trim(), live);
    await settles("/v0/pipes/kpis.json", live, 403);
    await settles("/v0/pipes/top_pages.json", live, 200);
    const file = join(dataDir, "tokens.json");
    const stored = JSON.parse(await readFile(file, "utf8")) as { tokens: { name: string }[] };
    await writeFile(`${file}.edit`, JSON.stringify({ tokens: stored.tokens.filter((t) => t.name !== "live") }));
    await rename(`${file}.edit`, file);
    await settles("/v0/pipes/top_pages.json", live, 403);
  });

  test("after a restart with a changed project: same values, scopes follow the project, removed tokens stop working", async () => {
    const cliToken = (await aviary("token", "create", "--name", "ops", "--scope", "PIPES:READ:kpis", "--data-dir", dataDir)).trim();
    const jwt = (await aviary("token", "jwt", "--tenant", "acme", "--pipes", "kpis", "--data-dir", dataDir)).trim();
    await server.stop({ keepData: true });
    const edit = async (file: string, from: string, to: string) => {
      const path = join(project, file);
      await writeFile(path, (await readFile(path, "utf8")).replace(from, to));
    };
    await edit("kpis.pipe", 'TOKEN "dashboard" READ', "");
    await edit("analytics_events.datasource", 'TOKEN "tracker" APPEND', "");
    await edit("top_pages.pipe", 'TOKEN "dashboard" READ', 'TOKEN "dashboard" READ\nTOKEN "reader" READ');
    server = await startServer({ project, dataDir, args: ["--rate-limit-rps", "2"] });

    const now = ((await (await api(server, "/v0/tokens")).json()) as { tokens: Listed[] }).tokens;
    assert.deepEqual(now.map((t) => t.name), ["admin token", "dashboard", "reader", "ops"]);
    assert.equal(now.find((t) => t.name === "dashboard")!.token, tokenNamed("dashboard"));
    assert.equal(now.find((t) => t.name === "ops")!.token, cliToken);
    assert.equal((await api(server, "/v0/pipes/kpis.json", { token: tokenNamed("dashboard") })).status, 403);
    assert.equal((await api(server, "/v0/pipes/top_pages.json", { token: tokenNamed("dashboard") })).status, 200);
    assert.equal((await api(server, "/v0/pipes/top_pages.json", { token: now.find((t) => t.name === "reader")!.token })).status, 200);
    assert.equal((await api(server, "/v0/pipes/kpis.json", { token: tokenNamed("tracker") })).status, 403);
    assert.equal((await api(server, "/v0/pipes/kpis.json", { token: cliToken })).status, 200);
    assert.equal((await api(server, "/v0/pipes/kpis.json", { token: jwt })).status, 200);
  });

  test("--rate-limit-rps: every non-admin token gets that many requests per second; the admin none", async () => {
    await pause(1100);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await api(server, "/v0/pipes/top_pages.json", { token: tokenNamed("dashboard") })).status);
    assert.deepEqual(statuses, [200, 200, 429]);
    for (let i = 0; i < 5; i++) assert.equal((await api(server, "/v0/pipes/top_pages.json")).status, 200);
  });

  test("--rate-limit-rps counts a request with a JSON body once (its token is checked before the body is parsed, and again by the route)", async () => {
    await pause(1100);
    const post = () => api(server, "/v0/pipes/top_pages.json", { token: tokenNamed("dashboard"), method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ limit: 3 }) });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post()).status);
    assert.deepEqual(statuses, [200, 200, 429]);
  });
});
