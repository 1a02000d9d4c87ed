/**
 * Upgrade in place from the previous release: that release (test/helpers/previous-release.ts)
 * starts on a new data directory, gets the seeded kit's traffic and answers every endpoint
 * it has; then this build starts on the same directory. It must deploy over it, answer every
 * endpoint it has, and answer the old ones exactly as the release did for the old data.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { KIT_ENDPOINTS, type KitEndpointName } from "aviary/client";
import { runSeed } from "../../src/cli/seed.ts";
import { KIT_PROJECT, kitParams, NOW_RELATIVE, SEED, TENANTS, undated } from "../client/helpers/seeded-kit.ts";
import { checkoutPreviousRelease, PREVIOUS_RELEASE } from "../helpers/previous-release.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";

const dir = await mkdtemp(join(tmpdir(), "aviary-upgrade-"));
const release = await checkoutPreviousRelease(dir);
const servers: TestServer[] = [];
after(async () => {
  for (const server of servers) await server.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Every endpoint's answer for every seeded tenant; an endpoint the server lacks answers 404 and is left out. */
async function answers(server: TestServer): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for (const name of (Object.keys(KIT_ENDPOINTS) as KitEndpointName[]).filter((n) => !NOW_RELATIVE.has(n))) {
    for (const tenant of TENANTS) {
      const res = await api(server, `/v0/pipes/${name}.json?${new URLSearchParams(kitParams(name, { tenant_id: tenant }))}`);
      const body = (await res.json()) as { data?: unknown[]; error?: string };
      if (res.status === 404) continue;
      assert.equal(res.status, 200, `${name}: ${body.error}`);
      out.set(`${name} ${tenant}`, undated(body.data ?? []));
    }
  }
  return out;
}

test(`a data directory made by ${PREVIOUS_RELEASE.tag} upgrades in place: every endpoint answers, old numbers unchanged`, { skip: release === undefined && `this clone's history lacks ${PREVIOUS_RELEASE.tag} (${PREVIOUS_RELEASE.commit}): a shallow clone` }, async () => {
  const dataDir = join(dir, "data");
  const old = await startServer({ root: release!, project: join(release!, "kit/index.ts"), dataDir });
  servers.push(old);
  const quiet = { write: () => true } as unknown as NodeJS.WritableStream;
  const seeded = await runSeed({ ...SEED, url: old.url, token: old.adminToken, out: quiet });
  assert.equal(seeded.events, SEED.events);
  const before = await answers(old);
  assert.ok(before.size > 0);
  await old.stop();

  const current = await startServer({ project: KIT_PROJECT, dataDir });
  servers.push(current);
  assert.equal(current.adminToken, old.adminToken);
  const after = await answers(current);
  const endpoints = Object.keys(KIT_ENDPOINTS).filter((n) => !NOW_RELATIVE.has(n as KitEndpointName));
  assert.equal(after.size, endpoints.length * TENANTS.length, "every endpoint of this build answers");
  for (const [key, rows] of before) assert.deepEqual(after.get(key), rows, key);
});
