/**
 * `npm run bench -- fairness [--timeout S] [--requests N] [--connections C] [--events E]`:
 * can one tenant stall another? A victim tenant's `kpis` (its dashboard's first request),
 * N sequential requests alone, then N more while an attacker tenant sends worst-case
 * statements in a loop from C connections: the scalar-subquery generator through `q=` on a
 * pipe and a heavy `/v0/sql` join over the rows it may read. Same server, same run, on
 * 127.0.0.1, started with `--tenant-query-timeout S` (2 by default, to keep the run short).
 * Goal: victim p99 under attack ≤ 2 × p99 alone + one timeout.
 */
import { parseArgs } from "node:util";
import { SignJWT } from "jose";
import { generateEvents, tenantsFor } from "../src/seed/generate.ts";
import { api, startServer, type TestServer } from "../test/helpers/server.ts";
import { printTable, summarize } from "./_measure.ts";

const { values } = parseArgs({
  options: {
    timeout: { type: "string", default: "2" },
    requests: { type: "string", default: "30" },
    connections: { type: "string", default: "2" },
    events: { type: "string", default: "20000" },
  },
});
const timeoutSeconds = Number(values.timeout);
const requests = Number(values.requests);
const connections = Number(values.connections);
const [attacker, victim] = tenantsFor(2, 1).map((t) => t.id) as [string, string];

const GENERATOR = "SELECT (SELECT sum(cityHash64(toString(number))) FROM numbers(6000000000)) AS x FROM _";
const HEAVY_SQL = "SELECT sum(cityHash64(e.session_id, n.number)) AS x FROM numbers(1000000000) AS n, analytics_events AS e";

async function jwt(server: TestServer, name: string, scopes: unknown[]): Promise<string> {
  return new SignJWT({ name, scopes }).setProtectedHeader({ alg: "HS256", typ: "JWT" }).setExpirationTime("1h").sign(new TextEncoder().encode(server.adminToken));
}

async function seed(server: TestServer): Promise<void> {
  const events = [...generateEvents({ events: Number(values.events), tenants: 2, domains: 1, days: 30, seed: 1 })];
  const body = `${events.map((e) => JSON.stringify(e)).join("\n")}\n`;
  const res = await api(server, "/v0/events?name=analytics_events&wait=true", { method: "POST", body, headers: { "content-type": "application/x-ndjson" } });
  if (res.status !== 200) throw new Error(`seed: ${res.status} ${await res.text()}`);
}

/** Milliseconds of N sequential requests; any answer but 200 is a failure of the bench. */
async function victimRun(server: TestServer, token: string, n: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const res = await api(server, "/v0/pipes/kpis.json", { token });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`victim kpis: ${res.status} ${text}`);
    samples.push(performance.now() - start);
  }
  return samples;
}

interface Attacks {
  readonly statuses: Map<number, number>;
  /** Milliseconds per answer, by kind. */
  readonly ms: { q: number[]; sql: number[] };
}

/** One attacking connection: worst-case statements back to back until `stop`. */
async function attack(server: TestServer, token: string, stop: { now: boolean }, attacks: Attacks): Promise<void> {
  for (let i = 0; !stop.now; i++) {
    const kind = i % 2 === 0 ? "q" : "sql";
    const path = kind === "q" ? `/v0/pipes/kpis.json?q=${encodeURIComponent(GENERATOR)}` : `/v0/sql?q=${encodeURIComponent(HEAVY_SQL)}`;
    const start = performance.now();
    const res = await api(server, path, { token });
    await res.text();
    attacks.ms[kind].push(performance.now() - start);
    attacks.statuses.set(res.status, (attacks.statuses.get(res.status) ?? 0) + 1);
  }
}

const server = await startServer({ args: ["--tenant-query-timeout", String(timeoutSeconds)] });
try {
  await seed(server);
  const victimToken = await jwt(server, "victim", [{ type: "PIPES:READ", resource: "kpis", fixed_params: { tenant_id: victim } }]);
  const attackerToken = await jwt(server, "attacker", [
    { type: "PIPES:READ", resource: "kpis", fixed_params: { tenant_id: attacker } },
    { type: "DATASOURCES:READ", resource: "analytics_events", filter: `tenant_id = '${attacker}'` },
  ]);
  await victimRun(server, victimToken, 3); // warm-up
  const alone = summarize(await victimRun(server, victimToken, requests));

  const stop = { now: false };
  const attacks: Attacks = { statuses: new Map(), ms: { q: [], sql: [] } };
  const attackers = Array.from({ length: connections }, () => attack(server, attackerToken, stop, attacks));
  await new Promise((resolve) => setTimeout(resolve, 200)); // the first attacks reach the engine
  const started = performance.now();
  const underAttack = summarize(await victimRun(server, victimToken, requests));
  const attackSeconds = (performance.now() - started) / 1000;
  stop.now = true;
  await Promise.all(attackers);

  const goal = 2 * alone.p99 + timeoutSeconds * 1000;
  console.log(`\nvictim: ${requests} sequential GET /v0/pipes/kpis.json (its own tenant); attacker: ${connections} connections, --tenant-query-timeout ${timeoutSeconds}`);
  printTable(
    ["requests", "n", "p50 ms", "p99 ms", "mean ms"],
    [
      ["victim kpis, alone", alone.n, alone.p50, alone.p99, alone.mean],
      ["victim kpis, while the attacker loops", underAttack.n, underAttack.p50, underAttack.p99, underAttack.mean],
      ...(["q", "sql"] as const).map((kind) => {
        const m = summarize(attacks.ms[kind]);
        return [kind === "q" ? "attacker q= generator (wait + run)" : "attacker /v0/sql join (wait + run)", m.n, m.p50, m.p99, m.mean];
      }),
    ],
  );
  const answers = [...attacks.statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${n} × ${status}`).join(", ");
  console.log(`\nattacker answers in ${attackSeconds.toFixed(1)} s: ${answers}`);
  console.log(`p99 under attack / alone: ${(underAttack.p99 / alone.p99).toFixed(1)}; goal p99 ≤ 2 × ${alone.p99.toFixed(1)} + ${timeoutSeconds * 1000} = ${goal.toFixed(0)} ms: ${underAttack.p99 <= goal ? "ok" : "MISS"}`);
} finally {
  await server.stop();
}
