/**
 * Attacker's pass over the query path (session 8, queries):
 * - the result cache's data versions count tenants in 4096 hash buckets (src/query/data-versions.ts),
 *   and every answer says whether it was cached (`X-Aviary-Cache: hit|miss`, `Age`; a miss is
 *   also slower). A tenant whose id shares a bucket with another tenant sees its own cached
 *   answers outdated exactly when that other tenant's events arrive: it learns when another
 *   tenant has traffic, without reading a row of it. With N tenants each has about N/4096
 *   bucket-mates; `attacker-4477` shares customer-1's bucket.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { ndjson, tokenNamed } from "../ingest/events-client.ts";

const VICTIM = "customer-1";
const bucketOf = (t: string) => createHash("sha1").update(t).digest().readUInt32BE(0) % 4096;
/** A tenant id sharing the victim's bucket (found by trying names, as any tenant that may pick its id could). */
function collidingTenant(): string {
  for (let i = 0; ; i++) if (bucketOf(`attacker-${i}`) === bucketOf(VICTIM)) return `attacker-${i}`;
}

const stamp = () => new Date().toISOString().replace("T", " ").slice(0, 19);
const pageHit = (tenant: string, session: string) => ({
  timestamp: stamp(),
  session_id: session,
  action: "page_hit",
  version: "1",
  tenant_id: tenant,
  domain: `${tenant}.example`,
  payload: JSON.stringify({ "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0", pathname: "/p", href: `https://${tenant}.example/p` }),
});

function jwt(server: TestServer, tenant: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ["bin/aviary.js", "token", "jwt", "--tenant", tenant, "--pipes", "kpis", "--data-dir", server.dataDir], (err, out) => (err ? reject(err) : resolve(out.trim()))),
  );
}

describe("query path (attacker's regressions, session 8)", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server?.stop());

  test("another tenant's writes do not show in a tenant's cache outcome (X-Aviary-Cache), even when their ids share a version bucket", async () => {
    const attacker = collidingTenant();
    assert.equal(bucketOf(attacker), bucketOf(VICTIM));
    const tracker = await tokenNamed(server, "tracker");
    const post = async (tenant: string) => {
      const res = await api(server, "/v0/events?name=analytics_events&wait=true", { method: "POST", token: tracker, headers: { origin: `https://${tenant}.example` }, body: ndjson([pageHit(tenant, `s-${tenant}-${Date.now()}`)]) });
      assert.ok(res.status === 200 || res.status === 202, await res.text());
    };
    await post(attacker);
    await post("control-tenant");
    const attackerJwt = await jwt(server, attacker);
    const controlJwt = await jwt(server, "control-tenant");
    const day = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);
    const outcome = async (token: string) => {
      const res = await api(server, `/v0/pipes/kpis.json?date_from=${day}`, { token });
      assert.equal(res.status, 200, await res.text());
      return res.headers.get("x-aviary-cache");
    };
    await outcome(attackerJwt);
    await outcome(controlJwt);
    assert.equal(await outcome(attackerJwt), "hit", "the attacker's answer is cached");
    assert.equal(await outcome(controlJwt), "hit", "the control tenant's answer is cached");
    // The victim gets a visit.
    await post(VICTIM);
    assert.equal(await outcome(controlJwt), "hit", "a tenant in another bucket keeps its cached answer");
    assert.equal(await outcome(attackerJwt), "hit", `${attacker}'s cache outcome changed with ${VICTIM}'s write: it tells ${attacker} when ${VICTIM} has traffic`);
  });
});
