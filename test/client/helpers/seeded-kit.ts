/**
 * A spawned server running the kit, filled as `aviary seed` fills it (generated traffic
 * through the Events API) for January 2024, the month the seed's snippets ask about; and
 * tenant JWTs for it. Used by the client and SDK tests.
 */
import { SignJWT } from "jose";
import { KIT_ENDPOINTS, type KitEndpointName } from "aviary/client";
import * as kit from "../../../kit/index.ts";
import { runSeed } from "../../../src/cli/seed.ts";
import type { GenerateOptions } from "../../../src/seed/generate.ts";
import { startServer, type StartOptions, type TestServer } from "../../helpers/server.ts";

export const SEED: GenerateOptions = { events: 4000, tenants: 3, domains: 2, days: 31, seed: 7, end: Date.parse("2024-02-01T00:00:00Z") };
export const TENANTS = ["customer-1", "customer-2", "customer-3"] as const;
export const JANUARY = { date_from: "2024-01-01", date_to: "2024-01-31" } as const;
/** What the custom-event reports cannot answer without: an event (and a property) the seed sends. */
export const EVENT_PARAMS: Readonly<Record<string, object>> = { event_properties: { event: "click" }, top_event_property_values: { event: "click", property: "element" } };

/** What an endpoint needs: `period` where it takes dates, two steps for a funnel, an event for the custom-event reports. */
export function kitParams(name: KitEndpointName, extra: object = {}, period: object = JANUARY): Record<string, string> {
  const declared = Object.keys(kit[KIT_ENDPOINTS[name]]._params);
  return { ...(declared.includes("date_from") ? period : {}), ...(name === "funnel" ? { step1: "page:/**", step2: "page:/**" } : {}), ...EVENT_PARAMS[name], ...extra } as Record<string, string>;
}

/** Endpoints whose answers move with the clock (the last minutes), whatever the data: left out where two reads a while apart are compared. */
export const NOW_RELATIVE: ReadonlySet<KitEndpointName> = new Set(["realtime", "current_visitors", "trend"]);

/** realtime's `current` row is dated at the request's second, which two requests may not share. */
export const undated = (rows: unknown[]) => rows.map((r) => ((r as { section?: string }).section === "current" ? { ...(r as object), time: "(now)" } : r));

/** The kit, named explicitly: the server's default project is configuration, not this test's. */
export const KIT_PROJECT = new URL("../../../kit/index.ts", import.meta.url).pathname;

export interface SeededKit {
  readonly server: TestServer;
  stop(): Promise<void>;
}

export async function startSeededKit(options: StartOptions = {}): Promise<SeededKit> {
  const server = await startServer({ project: KIT_PROJECT, ...options });
  try {
    const quiet = { write: () => true } as unknown as NodeJS.WritableStream;
    const report = await runSeed({ ...SEED, url: server.url, token: server.adminToken, out: quiet });
    if (report.events !== SEED.events || report.quarantined !== 0) throw new Error(`seed: ${JSON.stringify(report)}`);
    // A saved funnel per tenant, so funnel_definitions has rows to compare.
    const funnels = TENANTS.map((tenant_id) => JSON.stringify({ tenant_id, domain: "", funnel_id: "signup", name: "Signup", steps: ["page:/", "page:/**"] }));
    const saved = await fetch(`${server.url}/v0/events?name=analytics_funnels&wait=true`, { method: "POST", headers: { authorization: `Bearer ${server.adminToken}` }, body: funnels.join("\n") });
    if (saved.status !== 200) throw new Error(`funnels: ${saved.status} ${await saved.text()}`);
    await addEngagements(server);
    await addGoals(server);
    return { server, stop: () => server.stop() };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** An engagement (as data-engagement="true" sends) for each tenant's first page views, so page_engagement has rows to compare. */
async function addEngagements(server: TestServer): Promise<void> {
  const headers = { authorization: `Bearer ${server.adminToken}` };
  const lines: string[] = [];
  for (const tenant_id of TENANTS) {
    const res = await fetch(`${server.url}/v0/pipes/analytics_hits.json?tenant_id=${tenant_id}&from_date=2024-01-01&to_date=2024-01-31&limit=20`, { headers });
    const hits = ((await res.json()) as { data: { timestamp: string; session_id: string; domain: string; pathname: string }[] }).data;
    hits.forEach((h, i) => {
      const timestamp = new Date(Date.parse(`${h.timestamp.replace(" ", "T")}Z`) + 30_000).toISOString();
      const payload = JSON.stringify({ pathname: h.pathname, scroll_depth: (i * 37) % 101, engaged_ms: 1000 + i * 2500 });
      lines.push(JSON.stringify({ timestamp, action: "engagement", version: "1", session_id: h.session_id, tenant_id, domain: h.domain, payload }));
    });
  }
  const res = await fetch(`${server.url}/v0/events?name=analytics_events&wait=true`, { method: "POST", headers, body: lines.join("\n") });
  if (res.status !== 200) throw new Error(`engagements: ${res.status} ${await res.text()}`);
}

/** Two goals per domain of each tenant (the home page, and the seed's `click` event), so goal_definitions and goals have rows to compare. */
async function addGoals(server: TestServer): Promise<void> {
  const headers = { authorization: `Bearer ${server.adminToken}` };
  const lines: string[] = [];
  for (const tenant_id of TENANTS) {
    const res = await fetch(`${server.url}/v0/pipes/domains.json?tenant_id=${tenant_id}`, { headers });
    for (const { domain } of ((await res.json()) as { data: { domain: string }[] }).data) {
      lines.push(JSON.stringify({ tenant_id, domain, goal_id: "home", name: "Home page", kind: "page", match: "/" }));
      lines.push(JSON.stringify({ tenant_id, domain, goal_id: "click", name: "Clicked", kind: "event", match: "click" }));
    }
  }
  const res = await fetch(`${server.url}/v0/events?name=analytics_goals&wait=true`, { method: "POST", headers, body: lines.join("\n") });
  if (res.status !== 200) throw new Error(`goals: ${res.status} ${await res.text()}`);
}

/** A tenant's JWT as the seed describes it: HS256 keyed by the admin token, `fixed_params.tenant_id` on the pipes. */
export async function tenantJwt(server: Pick<TestServer, "adminToken">, tenant: string, resource = "*"): Promise<string> {
  return new SignJWT({ name: `tenant-${tenant}`, scopes: [{ type: "PIPES:READ", resource, fixed_params: { tenant_id: tenant } }] })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(server.adminToken));
}
