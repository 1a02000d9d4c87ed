/**
 * `npx aviary types` against a spawned server whose endpoints have no `output`: the
 * module it writes has the exact parameter and row types, compiles, and drives a typed
 * `createClient` that then queries the server.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { tsTypeOf } from "../../client/codegen/clickhouse-type.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";

const run = promisify(execFile);
const ROOT = new URL("../../", import.meta.url).pathname;
const PROJECT = new URL("./fixtures/untyped-project/index.ts", import.meta.url).pathname;

const EXPECTED_SALES = `/** sales: Revenue of one shop */
export interface SalesParams {
  /** Add refund columns */
  with_refunds?: boolean;
  /** The shop */
  shop: string;
  limit?: number;
}

export interface SalesRow {
  shop: string;
  revenue: number;
  units: number;
  last_order: string;
  refunds?: number;
  refunded?: number | null;
}
`;

const EXPECTED_BASKETS = `export interface BasketsRow {
  customer: string | null;
  status: "paid" | "refunded";
  items: string[];
  pair: [number, number];
  counts: Record<string, number>;
  day: string;
}
`;

describe("aviary types", () => {
  let server: TestServer;
  let dir: string;
  before(async () => {
    server = await startServer({ project: PROJECT });
    dir = await mkdtemp(join(tmpdir(), "aviary-types-"));
    const rows = [
      { timestamp: "2024-01-01 10:00:00", shop: "s1", customer: "c1", amount: 10.5, quantity: 2, items: ["a", "b"], status: "paid" },
      { timestamp: "2024-01-02 10:00:00", shop: "s1", customer: null, amount: 4, quantity: 1, items: ["c"], status: "refunded" },
    ];
    const res = await api(server, "/v0/events?name=orders&wait=true", { method: "POST", body: rows.map((r) => JSON.stringify(r)).join("\n") });
    assert.equal(res.status, 200, await res.clone().text());
  });
  after(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test("writes parameter and row types for every endpoint", async () => {
    const out = join(dir, "endpoints.ts");
    const { stderr } = await run(process.execPath, [join(ROOT, "bin/aviary.js"), "types", "--url", server.url, "--token", server.adminToken, "--out", out], { cwd: ROOT });
    assert.match(stderr, /wrote .*endpoints\.ts/);
    const module = await readFile(out, "utf8");
    assert.ok(module.includes(EXPECTED_SALES), module);
    assert.ok(module.includes(EXPECTED_BASKETS), module);
    assert.ok(module.includes(`export const ENDPOINT_NAMES = ["baskets", "sales"] as const;`), module);
  });

  test("the token can come from the data directory; stdout by default", async () => {
    const { stdout } = await run(process.execPath, [join(ROOT, "bin/aviary.js"), "types", "--url", server.url, "--data-dir", server.dataDir], { cwd: ROOT });
    assert.ok(stdout.includes(EXPECTED_SALES));
  });

  test("the module compiles and types a client that queries the server", async () => {
    const out = join(dir, "endpoints.ts");
    const app = join(dir, "app.ts");
    await writeFile(
      app,
      `import { createClient } from "aviary/client";
import { ENDPOINT_NAMES, type Endpoints } from "./endpoints.ts";

const client = createClient<Endpoints>({ token: process.env.TOKEN!, baseUrl: process.env.URL!, endpoints: ENDPOINT_NAMES });
const [sales] = await client.query.sales({ shop: "s1", with_refunds: true });
const revenue: number = sales!.revenue;
const refunded: number | null | undefined = sales!.refunded;
export const missingShop = () =>
  // @ts-expect-error shop is required
  client.query.sales({});
const baskets = await client.query.baskets();
const status: "paid" | "refunded" = baskets[0]!.status;
console.log(JSON.stringify({ revenue, refunded, status, units: sales!.units }));
`,
    );
    // A user's folder with Aviary installed: node_modules/aviary is this repository.
    await mkdir(join(dir, "node_modules"));
    await symlink(ROOT, join(dir, "node_modules/aviary"), "dir");
    await writeFile(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
    await writeFile(join(dir, "tsconfig.json"), JSON.stringify({ extends: join(ROOT, "tsconfig.json"), compilerOptions: { typeRoots: [join(ROOT, "node_modules/@types")] }, include: [app, out] }));
    const tsc = await run(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", join(dir, "tsconfig.json")], { cwd: ROOT }).catch((err: { stdout: string; code: number }) => err);
    assert.equal("code" in tsc ? tsc.code : 0, 0, tsc.stdout);
    const { stdout } = await run(process.execPath, ["--import", join(ROOT, "node_modules/tsx/dist/esm/index.mjs"), app], { cwd: dir, env: { ...process.env, TOKEN: server.adminToken, URL: server.url } });
    assert.deepEqual(JSON.parse(stdout), { revenue: 14.5, refunded: 4, status: "paid", units: 3 });
  });

  test("ClickHouse types map to the JSON the server writes", () => {
    const cases: [string, string][] = [
      ["LowCardinality(Nullable(String))", "string | null"],
      ["Array(Nullable(UInt8))", "(number | null)[]"],
      ["Tuple(a String, `b c` DateTime('UTC'))", '{ a: string; "b c": string }'],
      ["Tuple(Decimal(10, 2), Bool)", "[number, boolean]"],
      ["Map(String, Array(Int64))", "Record<string, number[]>"],
      ["Enum16('it\\'s' = 1, 'b' = -2)", `"it's" | "b"`],
      ["SimpleAggregateFunction(max, DateTime64(3))", "string"],
      ["Variant(String, UInt64)", "string | number"],
      ["Nothing", "null"],
      ["Something(New)", "unknown"],
    ];
    for (const [clickhouse, ts] of cases) assert.equal(tsTypeOf(clickhouse), ts, clickhouse);
  });
});
