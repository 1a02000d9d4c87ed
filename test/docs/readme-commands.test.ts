/**
 * README's intro, Quickstart and "Using it" run as written, so README cannot drift: the test
 * starts `npm start` itself (AVIARY_PORT=0 for a free port, AVIARY_DATA_DIR a fresh
 * directory), compares what it prints with README's sample, then runs every other `sh`
 * line in one shell with those variables set and README's http://127.0.0.1:7181 turned
 * into the server's address, and checks each line's output. A README line this file has no
 * check for fails the test: add one when README gains a command.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { DASHBOARD_PIPES } from "../../dashboard/src/api/dashboard-pipes.ts";
import { readmeBlocks } from "./readme-blocks.ts";
import { runLines, type LineResult } from "./shell-session.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const DOCUMENTED = "127.0.0.1:7181";

/** Lines the test does not run, and why. */
const NOT_RUN: Record<string, string> = {
  "npm ci": "installs: the test runs in the installed checkout",
  "npm test": "runs this very suite",
  "npm start": "started by the test before the other lines",
};

interface Server {
  readonly url: string;
  readonly adminToken: string;
}

type Check = (result: LineResult, server: Server) => Promise<void> | void;

const json = (text: string) => JSON.parse(text) as { data: Record<string, unknown>[]; rows: number };
const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()) as { scopes: { type: string; resource: string; fixed_params: unknown }[] };
const utcDay = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
const pipe = async (server: Server, path: string) => json(await (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.adminToken}` } })).text());

/** Each README command (without its comment), and what its output must be. */
const CHECKS: [RegExp, Check][] = [
  [/^echo "http:\/\/127\.0\.0\.1:7181\/\?token=\$\(npx aviary token jwt --tenant acme --dashboard\)"$/, async ({ stdout }, server) => {
    const link = stdout.trim();
    assert.ok(link.startsWith(`${server.url}/?token=`), link);
    const jwt = link.slice(`${server.url}/?token=`.length);
    assert.deepEqual(claims(jwt).scopes, DASHBOARD_PIPES.map((resource) => ({ type: "PIPES:READ", resource, fixed_params: { tenant_id: "acme" } })));
    const page = await fetch(link);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
    assert.equal((await fetch(`${server.url}/v0/pipes/kpis.json?token=${jwt}`)).status, 200);
  }],
  [/^npx aviary seed$/, ({ stderr }) => assert.match(stderr, /^seeded 100,000 events \(10 tenants, 2 domains each, 30 days\)/m)],
  [/^(TOKEN|JWT)=\$\(npx aviary token (admin|jwt --tenant customer-2 --dashboard( --write)?)\)$/, ({ stdout }) => assert.equal(stdout, "")],
  [/^curl -X POST "http:\/\/127\.0\.0\.1:7181\/v0\/events\?name=analytics_goals&token=\$JWT" -d '\{"goal_id":"signup",.*\}'$/, async ({ stdout }, server) => {
    assert.deepEqual(JSON.parse(stdout), { successful_rows: 1, quarantined_rows: 0 });
    // Accepted (202) and flushed shortly after: the goal then shows for customer-2, as the JWT's own.
    for (let i = 0; i < 200; i++) {
      const goals = (await pipe(server, "/v0/pipes/goal_definitions.json?tenant_id=customer-2")).data;
      if (goals.length > 0) return assert.deepEqual(goals.map((g) => [g.domain, g.goal_id, g.kind, g.match, g.revenue_property, g.currency]), [["customer-2.com", "signup", "event", "signup", "amount", "EUR"]]);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail("the goal written with the --write JWT never showed in goal_definitions");
  }],
  [/^curl -H "Authorization: Bearer \$TOKEN" "http:\/\/127\.0\.0\.1:7181\/v0\/pipes\/kpis\.json\?tenant_id=customer-1"$/, ({ stdout }) => {
    const { data } = json(stdout);
    // The default period: the last 7 days, today included, each with seeded visits.
    assert.deepEqual(data.map((row) => String(row.date).slice(0, 10)), [6, 5, 4, 3, 2, 1, 0].map(utcDay));
    for (const row of data) assert.ok(Number(row.visits) > 0 && Number(row.pageviews) >= Number(row.visits), JSON.stringify(row));
  }],
  [/^curl -H "Authorization: Bearer \$TOKEN" "http:\/\/127\.0\.0\.1:7181\/v0\/pipes\/top_pages\.json\?tenant_id=customer-1&limit=3"$/, ({ stdout }) => {
    const visits = json(stdout).data.map((row) => Number(row.visits));
    assert.equal(visits.length, 3);
    assert.ok(visits[2]! > 0 && visits[0]! >= visits[1]! && visits[1]! >= visits[2]!, String(visits));
  }],
  [/^curl -H "Authorization: Bearer \$TOKEN" "http:\/\/127\.0\.0\.1:7181\/v0\/sql\?q=SELECT\+count\(\)\+FROM\+analytics_events\+FORMAT\+JSON"$/, ({ stdout }) => {
    assert.deepEqual(json(stdout).data.map((row) => Number(row["count()"])), [100_000]);
  }],
  [/^curl "http:\/\/127\.0\.0\.1:7181\/v0\/pipes\/kpis\.json\?token=\$JWT"$/, async ({ stdout }, server) => {
    const own = json(stdout).data;
    assert.ok(own.some((row) => Number(row.visits) > 0), stdout);
    assert.deepEqual(own, (await pipe(server, "/v0/pipes/kpis.json?tenant_id=customer-2")).data);
  }],
];

/** `npm start` as a person runs it; resolves with the block it prints once it serves. */
function npmStart(env: NodeJS.ProcessEnv): { child: ChildProcess; banner: Promise<string> } {
  const child = spawn("npm", ["start"], { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  let stdout = "";
  const banner = new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/^ {2}Tracking code .*\n/m.test(stderr)) resolve(stderr);
    });
    child.once("exit", (code) => reject(new Error(`npm start exited with ${code}:\n${stdout}\n${stderr}`)));
  });
  return { child, banner };
}

/** README's sample with `…` standing for any text. */
function sampleMatches(sample: string, actual: string): void {
  const lines = (text: string) => text.replace(/^\n+|\n+$/g, "").split("\n");
  const expected = lines(sample).map((line) => new RegExp(`^${line.split("…").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".+")}$`));
  const got = lines(actual);
  assert.equal(got.length, expected.length, `README's sample has ${expected.length} lines, npm start printed:\n${actual}`);
  got.forEach((line, i) => assert.match(line, expected[i]!));
}

describe("README's first sections, run as written", () => {
  let dataDir: string;
  let start: ReturnType<typeof npmStart>;
  let server: Server;
  let printed: string;
  const { commands, samples } = readmeBlocks();

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "aviary-readme-"));
    start = npmStart({ ...process.env, AVIARY_PORT: "0", AVIARY_DATA_DIR: dataDir });
    printed = await start.banner;
    const url = /^ {2}Dashboard {6}(http:\/\/\S+)\/$/m.exec(printed)?.[1];
    assert.ok(url, printed);
    const { adminToken } = JSON.parse(await readFile(join(dataDir, "workspace.json"), "utf8")) as { adminToken: string };
    server = { url, adminToken };
  });
  after(async () => {
    if (start?.child.pid && start.child.exitCode === null) {
      const exited = new Promise((done) => start.child.once("exit", done));
      process.kill(-start.child.pid, "SIGTERM");
      await exited;
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test("npm start prints what README shows", () => {
    assert.equal(samples.length, 1, "one sample output: npm start's");
    const port = new URL(server.url).port;
    const asDocumented = printed
      .slice(printed.indexOf("\n  Aviary is running"))
      .replaceAll(`127.0.0.1:${port}`, DOCUMENTED)
      // The fresh directory stands for the default one, ./.aviary, which needs no flag.
      .replaceAll(` --data-dir ${dataDir}`, "")
      .replaceAll(dataDir, join(ROOT, ".aviary"));
    sampleMatches(samples[0]!, asDocumented);
    assert.ok(printed.includes(`                 ${server.adminToken}\n`), "the admin token, on first start");
  });

  test("every other command runs against the server and prints what README promises", async () => {
    const port = new URL(server.url).port;
    const run = commands.filter(({ command }) => !(command in NOT_RUN));
    const unchecked = run.filter(({ command }) => !CHECKS.some(([pattern]) => pattern.test(command)));
    assert.deepEqual(unchecked.map((c) => c.command), [], "README commands without a check in this file");
    const results = await runLines(
      run.map(({ line }) => line.replaceAll(DOCUMENTED, `127.0.0.1:${port}`)),
      { cwd: ROOT, env: { ...process.env, AVIARY_PORT: port, AVIARY_DATA_DIR: dataDir } },
    );
    for (const [i, { command }] of run.entries()) {
      const result = results[i]!;
      assert.equal(result.status, 0, `${command}\n${result.stdout}\n${result.stderr}`);
      await CHECKS.find(([pattern]) => pattern.test(command))![1](result, server);
    }
  });
});
