/**
 * The seed's snippets compile (`tsc` on seed-app/app.ts alone, which holds them as
 * written) and run against a spawned server filled as `aviary seed` fills it, with a
 * tenant JWT in place of the seed's 'YOUR_JWT_TOKEN'.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { createAnalyticsClient } from "aviary/client";
import { JANUARY, startSeededKit, tenantJwt, TENANTS, type SeededKit } from "./helpers/seeded-kit.ts";

const run = promisify(execFile);
const ROOT = new URL("../../", import.meta.url).pathname;
const APP = new URL("./seed-app/", import.meta.url).pathname;

describe("the seed's snippets", () => {
  let kitServer: SeededKit;
  before(async () => {
    kitServer = await startSeededKit();
  });
  after(() => kitServer?.stop());

  test("compile with tsc (strict)", async () => {
    const tsc = await run(process.execPath, [`${ROOT}node_modules/typescript/bin/tsc`, "--noEmit", "-p", `${APP}tsconfig.json`], { cwd: ROOT }).catch((err: { stdout: string; code: number }) => err);
    assert.equal("code" in tsc ? tsc.code : 0, 0, tsc.stdout);
  });

  test("run: every answer is the JWT tenant's, whatever tenant_id the code sends", async () => {
    const tenant = TENANTS[0];
    const { stdout } = await run(process.execPath, ["--import", "tsx", "--import", `${APP}point-at-test-server.ts`, `${APP}app.ts`], {
      cwd: ROOT,
      env: { ...process.env, SEED_APP_URL: kitServer.server.url, SEED_APP_JWT: await tenantJwt(kitServer.server, tenant) },
    });
    const got = JSON.parse(stdout) as Record<"kpis" | "result" | "domains" | "actions", Record<string, unknown>[]>;
    const admin = createAnalyticsClient({ token: kitServer.server.adminToken, baseUrl: kitServer.server.url });
    assert.deepEqual(got.kpis, await admin.query.kpis({ ...JANUARY, tenant_id: tenant }));
    assert.deepEqual(got.result, await admin.query.kpis({ ...JANUARY, tenant_id: tenant, domain: "app.customer.com" }));
    assert.deepEqual(got.domains, await admin.query.domains({ tenant_id: tenant }));
    assert.deepEqual(got.actions, await admin.query.actions({ tenant_id: tenant }));
    // The shapes the seed documents.
    assert.equal(got.kpis.length, 31);
    assert.ok(got.kpis.some((day) => Number(day.visits) > 0));
    assert.ok(got.domains.length > 0);
    for (const row of got.domains) {
      assert.deepEqual(Object.keys(row), ["domain", "first_seen", "last_seen", "total_hits"]);
      assert.match(String(row.domain), /(^|\.)customer-1\.com$/);
      // A DateTime as ClickHouse prints it, as the public kit returns it (the seed's example shows ISO 8601).
      assert.match(String(row.first_seen), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    }
    assert.ok(got.actions.some((row) => row.action === "page_hit"));
  });
});
