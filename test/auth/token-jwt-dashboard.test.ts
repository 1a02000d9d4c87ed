/**
 * `aviary token jwt --dashboard`: exactly the dashboard's pipes (dashboard/src/api/dashboard-pipes.ts),
 * each with the tenant fixed, the same scopes the dashboard's "Share" action mints; `--pipes`
 * adds to them. And the list itself: kit endpoints that take the tenant, read by the
 * dashboard through one typed door only (headless-Chromium side: test/e2e/dashboard-share.test.ts).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { after, before, describe, test } from "node:test";
import { DASHBOARD_PIPES } from "../../dashboard/src/api/dashboard-pipes.ts";
import { dashboardScopes } from "../../dashboard/src/lib/share-link.ts";
import { declaredParameters } from "../../src/auth/declared-params.ts";
import { DEFAULT_PROJECT } from "../../src/config.ts";
import { loadProject } from "../../src/project/load-project.ts";

const run = promisify(execFile);
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()) as { name: string; exp: number; scopes: unknown };
const DASHBOARD_SRC = new URL("../../dashboard/src/", import.meta.url).pathname;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : Promise.resolve(/\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []))));
  return nested.flat();
}

describe("aviary token jwt --dashboard", () => {
  let dataDir: string;
  const jwt = async (...args: string[]) => (await run(process.execPath, ["bin/aviary.js", "token", "jwt", ...args, "--data-dir", dataDir])).stdout.trim();

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "aviary-jwt-dashboard-"));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  test("scopes exactly the dashboard's pipes, tenant_id fixed in each, for 30 days by default", async () => {
    const before = Math.floor(Date.now() / 1000);
    const claims = claimsOf(await jwt("--tenant", "acme", "--dashboard"));
    assert.deepEqual(
      claims.scopes,
      DASHBOARD_PIPES.map((resource) => ({ type: "PIPES:READ", resource, fixed_params: { tenant_id: "acme" } })),
    );
    assert.deepEqual(claims.scopes, dashboardScopes("acme"), "what the dashboard's Share action mints");
    assert.equal(claims.name, "acme");
    assert.ok(Math.abs(claims.exp - (before + 30 * 86_400)) < 60);
  });

  test("--pipes adds to --dashboard (each pipe once); --fixed and --ttl apply to all", async () => {
    const claims = claimsOf(await jwt("--tenant", "acme", "--dashboard", "--pipes", "trend, kpis", "--fixed", "domain=shop.acme.test", "--ttl", "1d"));
    const fixed = { tenant_id: "acme", domain: "shop.acme.test" };
    assert.deepEqual(
      claims.scopes,
      [...DASHBOARD_PIPES, "trend"].map((resource) => ({ type: "PIPES:READ", resource, fixed_params: fixed })),
    );
  });

  test("without --dashboard or --pipes it says what to give, exit code 2", async () => {
    await assert.rejects(
      jwt("--tenant", "acme"),
      (err: { code: number; stderr: string }) => err.code === 2 && err.stderr.trim() === "aviary: name the pipes: --dashboard (the dashboard's reports), --pipes 'kpis,top_*', or both",
    );
  });

  test("every pipe of the list is a kit endpoint that takes tenant_id", async () => {
    const kit = await loadProject(DEFAULT_PROJECT);
    for (const name of DASHBOARD_PIPES) {
      const pipe = kit.pipes.get(name);
      assert.equal(pipe?.type, "endpoint", `${name} is an endpoint of the kit`);
      assert.ok(declaredParameters(kit, pipe).has("tenant_id"), `${name} takes tenant_id`);
    }
  });

  test("only the API client builds /v0/pipes/ URLs, so its DashboardPipe-typed pipe() sees every pipe the dashboard reads", async () => {
    const files = await sourceFiles(DASHBOARD_SRC);
    const callers = [];
    for (const file of files) if ((await readFile(file, "utf8")).includes("/v0/pipes/")) callers.push(relative(DASHBOARD_SRC, file));
    assert.deepEqual(callers, ["api/api-client.ts"]);
    assert.match(await readFile(join(DASHBOARD_SRC, "api/api-client.ts"), "utf8"), /async pipe<Row>\(name: DashboardPipe,/);
  });
});
