/**
 * The SDK's own CLI (`tinybird build`, from node_modules) deploys a TypeScript project
 * (test/fixtures/sdk-build: a datasource, a materialized view into an aggregating target,
 * an endpoint) onto a running Aviary exactly as onto Tinybird Local; then the endpoint
 * answers. The CLI's local mode always talks to http://localhost:7181, which an `npm start`
 * may hold while the tests run: the CLI runs with local-port-redirect.ts preloaded, which
 * sends its requests for localhost:7181 to this test's server, on a free port.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { Tinybird } from "@tinybirdco/sdk";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { KIT_PROJECT } from "../client/helpers/seeded-kit.ts";
import { pageViews, popularPages } from "../fixtures/sdk-build/tinybird/resources.ts";

const run = promisify(execFile);
const ROOT = new URL("../../", import.meta.url).pathname;
const FIXTURE = join(ROOT, "test/fixtures/sdk-build");
const TSX = join(ROOT, "node_modules/tsx/dist/esm/index.mjs");
const REDIRECT = join(ROOT, "test/sdk/local-port-redirect.ts");
const TINYBIRD_CLI = join(ROOT, "node_modules/@tinybirdco/sdk/bin/tinybird.js");

// CI variables make the CLI pick a branch; each test sets the branch it means.
const BRANCH_VARIABLES = ["VERCEL_GIT_COMMIT_REF", "GITHUB_HEAD_REF", "GITHUB_REF_NAME", "CI_COMMIT_BRANCH", "CIRCLE_BRANCH", "BUILD_SOURCEBRANCHNAME", "BITBUCKET_BRANCH", "GIT_BRANCH", "TRAVIS_BRANCH"];

describe("tinybird build (the SDK's CLI, local mode) against Aviary", () => {
  let server: TestServer;
  let project: string;

  async function tinybirdBuild(env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
    const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !BRANCH_VARIABLES.includes(key)));
    const local = `http://localhost:${new URL(server.url).port}`;
    const result = await run(process.execPath, ["--import", TSX, "--import", REDIRECT, TINYBIRD_CLI, "build"], {
      cwd: project,
      env: { ...base, TINYBIRD_TOKEN: server.adminToken, NO_COLOR: "1", AVIARY_TEST_LOCAL_URL: local, ...env },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
      (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, output: err.stdout + err.stderr }),
    );
    return result;
  }

  before(async () => {
    // A user's project folder: the fixture, outside any git checkout, with the SDK installed.
    project = await mkdtemp(join(tmpdir(), "aviary-sdk-build-"));
    await cp(FIXTURE, project, { recursive: true });
    await symlink(join(ROOT, "node_modules"), join(project, "node_modules"), "dir");
    // --allow-destructive: the build replaces the kit, as a Tinybird Local build replaces a workspace's resources.
    server = await startServer({ project: KIT_PROJECT, args: ["--allow-destructive"] });
  });
  after(async () => {
    await server?.stop();
    if (project) await rm(project, { recursive: true, force: true });
  });

  test("deploys the datasource, the materialized view and the endpoint", async () => {
    const { code, output } = await tinybirdBuild();
    assert.equal(code, 0, output);
    for (const line of ["Tinybird Local branch: aviary existing", "page_views.datasource created", "daily_views.datasource created", "daily_views_mv.pipe created", "popular_pages.pipe created", "kpis.pipe deleted", "Build completed"]) {
      assert.ok(output.includes(line), `missing "${line}" in:\n${output}`);
    }
  });

  test("the endpoint answers, fed through the view, over HTTP and through the SDK client", async () => {
    const rows = [
      { timestamp: "2024-05-01 10:00:00", tenant_id: "a", pathname: "/pricing" },
      { timestamp: "2024-05-01 11:00:00", tenant_id: "a", pathname: "/pricing" },
      { timestamp: "2024-05-02 09:00:00", tenant_id: "a", pathname: "/" },
      { timestamp: "2024-05-02 09:30:00", tenant_id: "b", pathname: "/docs" },
    ];
    const res = await api(server, "/v0/events?name=page_views&wait=true", { method: "POST", body: rows.map((r) => JSON.stringify(r)).join("\n"), headers: { "content-type": "application/x-ndjson" } });
    assert.equal(res.status, 200, await res.clone().text());
    const answer = await api(server, "/v0/pipes/popular_pages.json?tenant_id=a");
    assert.equal(answer.status, 200);
    assert.deepEqual(((await answer.json()) as { data: unknown[] }).data, [{ pathname: "/pricing", views: 2 }, { pathname: "/", views: 1 }]);

    const tinybird = new Tinybird({ datasources: { pageViews }, pipes: { popularPages }, baseUrl: server.url, token: server.adminToken, devMode: false });
    const all = await tinybird.popularPages.query({ limit: 2 });
    assert.deepEqual(all.data, [{ pathname: "/pricing", views: 2 }, { pathname: "/", views: 1 }]);
  });

  test("building again changes nothing; a git branch gets its own local workspace name, the same data", async () => {
    const again = await tinybirdBuild();
    assert.equal(again.code, 0, again.output);
    assert.match(again.output, /No changes/);
    const onBranch = await tinybirdBuild({ GITHUB_REF_NAME: "feature/try-it" });
    assert.equal(onBranch.code, 0, onBranch.output);
    assert.match(onBranch.output, /Tinybird Local branch: feature_try_it ✓ created/);
    assert.match(onBranch.output, /No changes/);
  });

  test("a project Aviary cannot run fails the build with the reason, and the deployed one keeps serving", async () => {
    await writeFile(join(project, "tinybird.config.json"), JSON.stringify({ ...(JSON.parse(await readFile(join(FIXTURE, "tinybird.config.json"), "utf8")) as object), include: ["unsupported.ts"] }));
    const { code, output } = await tinybirdBuild();
    assert.equal(code, 1, output);
    // The CLI prints each error under its file name.
    assert.match(output, /shared_clicks\.pipe\n\s+line \d+: node "shared" reads from "marketing\.clicks" is datasource "clicks" shared from workspace "marketing"/);
    // The Kafka datasource and its connection are accepted (inactive): no error names them.
    assert.doesNotMatch(output, /clicks\.datasource|kafka_in\.connection/);
    const answer = await api(server, "/v0/pipes/popular_pages.json?tenant_id=b");
    assert.deepEqual(((await answer.json()) as { data: unknown[] }).data, [{ pathname: "/docs", views: 1 }]);
  });
});
