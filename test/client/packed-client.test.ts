/**
 * The client package as an app outside this repository gets it: `npm pack` on client/, the
 * tarball installed offline into a scratch project; a plain Node script and a Vite app (built
 * with the repo's vite, run in headless Chromium) query a running server with a tenant JWT and
 * get that tenant's rows; tsc checks code against the packed declarations alone.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { createAnalyticsClient } from "aviary/client";
import { launchChromium } from "../e2e/helpers/browser.ts";
import { installInto, packClient, serveStatic, type PackedClient } from "./helpers/scratch-app.ts";
import { JANUARY, startSeededKit, tenantJwt, TENANTS, type SeededKit } from "./helpers/seeded-kit.ts";

const run = promisify(execFile);
const ROOT = new URL("../../", import.meta.url).pathname;
const [TENANT, OTHER] = TENANTS;

// The seed's snippet, reading the server and the token from the environment.
const NODE_APP = `import { createAnalyticsClient } from "@aviary/client";

const tinybird = createAnalyticsClient({ token: process.env.JWT, baseUrl: process.env.URL });
const kpis = await tinybird.query.kpis({ date_from: "2024-01-01", date_to: "2024-01-31" });
// The JWT's fixed tenant_id wins over the one the code sends.
const domains = await tinybird.query.domains({ tenant_id: "customer-123" });
console.log(JSON.stringify({ kpis, domains }));
`;

const BROWSER_APP = `import { createAnalyticsClient } from "@aviary/client";

const params = new URLSearchParams(location.search);
const tinybird = createAnalyticsClient({ token: params.get("token")!, baseUrl: params.get("url")! });
const out = document.querySelector("#out")!;
tinybird.query.kpis({ date_from: "2024-01-01", date_to: "2024-01-31" }).then(
  (kpis) => (out.textContent = JSON.stringify(kpis)),
  (err: Error) => (out.textContent = "error: " + err.message),
);
`;

const TYPED = `import { createAnalyticsClient, type AnalyticsEventInput } from "@aviary/client";

const tinybird = createAnalyticsClient({ token: "YOUR_JWT_TOKEN" });
const [day] = await tinybird.query.kpis({ date_from: "2024-01-01", date_to: "2024-01-31" });
export const visits: number = day!.visits;
export const date: string = day!.date;
export const growth: number | undefined = day!.visits_growth_percentage;
export const event: AnalyticsEventInput = { timestamp: new Date(), action: "signup", version: "1", payload: "{}" };
`;

const WRONG = `import { createAnalyticsClient } from "@aviary/client";

const tinybird = createAnalyticsClient({ token: "YOUR_JWT_TOKEN" });
export const kpis = await tinybird.query.kpis({ date_from: "2024-01-01", date_form: "2024-01-31" });
export const visits: string = kpis[0]!.visits;
export const pages = await tinybird.query.top_page();
`;

describe("the packed client package", () => {
  let dir: string;
  let packed: PackedClient;
  let kitServer: SeededKit;
  let jwt: string;
  let expected: { kpis: object[]; domains: object[] };
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "aviary-packed-client-"));
    [packed, kitServer] = await Promise.all([packClient(dir), startSeededKit()]);
    const app = join(dir, "app");
    await mkdir(app);
    await installInto(app, packed.tarball);
    jwt = await tenantJwt(kitServer.server, TENANT);
    const admin = createAnalyticsClient({ token: kitServer.server.adminToken, baseUrl: kitServer.server.url });
    const kpis = await admin.query.kpis({ ...JANUARY, tenant_id: TENANT });
    // Answers the tests can tell apart: the tenant had visits, and not the same as another tenant's.
    assert.ok(kpis.some((day) => day.visits > 0));
    assert.notDeepEqual(kpis, await admin.query.kpis({ ...JANUARY, tenant_id: OTHER }));
    expected = { kpis, domains: await admin.query.domains({ tenant_id: TENANT }) };
  });
  after(async () => {
    await kitServer?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test("the tarball holds the built package only, with no dependencies", async () => {
    const dts = packed.files.filter((f) => f.endsWith(".d.ts"));
    assert.deepEqual(packed.files, ["README.md", ...dts, "dist/index.js", "package.json"].sort());
    assert.ok(dts.includes("dist/index.d.ts") && dts.includes("dist/kit-types.d.ts"), dts.join(", "));
    const manifest = JSON.parse(await readFile(join(dir, "app/node_modules/@aviary/client/package.json"), "utf8")) as Record<string, unknown>;
    assert.deepEqual([manifest.dependencies, manifest.peerDependencies], [undefined, undefined]);
    const readme = await readFile(join(dir, "app/node_modules/@aviary/client/README.md"), "utf8");
    assert.ok(readme.includes("createAnalyticsClient({\n  token: 'YOUR_JWT_TOKEN', // Tenant-specific JWT\n});"));
  });

  test("a Node script gets the tenant's rows with the tenant's JWT", async () => {
    await writeFile(join(dir, "app/app.mjs"), NODE_APP);
    const { stdout } = await run(process.execPath, ["app.mjs"], { cwd: join(dir, "app"), env: { ...process.env, JWT: jwt, URL: kitServer.server.url } });
    assert.deepEqual(JSON.parse(stdout), expected);
  });

  test("the declarations alone type the kit: right names compile, wrong ones are errors", async () => {
    await writeFile(join(dir, "app/typed.ts"), TYPED);
    await writeFile(join(dir, "app/wrong.ts"), WRONG);
    // No @types, no skipLibCheck: the package's .d.ts files must stand on their own.
    const compilerOptions = { strict: true, noEmit: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", types: [], lib: ["ES2022", "DOM"], skipLibCheck: false };
    await writeFile(join(dir, "app/tsconfig.json"), JSON.stringify({ compilerOptions, files: ["typed.ts", "wrong.ts"] }));
    const tsc = await run(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], { cwd: join(dir, "app") }).then(
      () => ({ code: 0, stdout: "" }),
      (err: { code: number; stdout: string }) => err,
    );
    assert.equal(tsc.code, 2);
    assert.deepEqual(tsc.stdout.trim().split("\n"), [
      "wrong.ts(4,74): error TS2561: Object literal may only specify known properties, but 'date_form' does not exist in type 'KpisParams'. Did you mean to write 'date_from'?",
      "wrong.ts(5,14): error TS2322: Type 'number' is not assignable to type 'string'.",
      "wrong.ts(6,43): error TS2551: Property 'top_page' does not exist on type 'QueryNamespace<KitEndpoints<Record<never, never>>>'. Did you mean 'top_pages'?",
    ]);
  });

  test("a Vite app gets the tenant's rows in the browser", async () => {
    const app = join(dir, "app/vite-app");
    await mkdir(app);
    await writeFile(join(app, "index.html"), `<!doctype html><html><body><pre id="out"></pre><script type="module" src="./main.ts"></script></body></html>`);
    await writeFile(join(app, "main.ts"), BROWSER_APP);
    await run(process.execPath, [join(ROOT, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "warn"], { cwd: app });
    const [site, browser] = await Promise.all([serveStatic(join(app, "dist")), launchChromium()]);
    try {
      const page = await browser.newPage();
      await page.goto(`${site.url}/?${new URLSearchParams({ url: kitServer.server.url, token: jwt })}`);
      await page.waitForFunction(() => document.querySelector("#out")?.textContent);
      const out = (await page.textContent("#out"))!;
      assert.ok(!out.startsWith("error: "), out);
      assert.deepEqual(JSON.parse(out), expected.kpis);
    } finally {
      await Promise.all([browser.close(), site.close()]);
    }
  });
});
