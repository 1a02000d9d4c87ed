/**
 * Shared by the access-control tests: the fixture project (test/fixtures/auth: a
 * tenant-keyed landing table, a materialized target carrying tenant_id, endpoints that
 * chain nodes, read the target and take Array parameters), seeded random events of
 * several tenants, and a hand-made HS256 signer for crafting hostile JWTs.
 */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { api, type TestServer } from "../../helpers/server.ts";

export const FIXTURE = "test/fixtures/auth";

/** No name is a substring of another, nor of any column name or JSON key. */
export const TENANTS = ["acme", "globex", "umbrella", "initech"] as const;
export type Tenant = (typeof TENANTS)[number];

export interface Event {
  timestamp: string;
  session_id: string;
  action: string;
  tenant_id: string;
  domain: string;
  pathname: string;
}

/** A small deterministic PRNG, so a failing run can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every value a tenant's event carries names the tenant, so a leaked row shows in the text. */
export function randomEvents(count: number, seed = 42): Event[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, () => {
    const tenant = pick(TENANTS);
    const day = 1 + Math.floor(random() * 28);
    const hour = Math.floor(random() * 24);
    return {
      timestamp: `2024-0${1 + Math.floor(random() * 6)}-${String(day).padStart(2, "0")} ${String(hour).padStart(2, "0")}:00:00`,
      session_id: `${tenant}-s${Math.floor(random() * 30)}`,
      action: pick(["page_hit", "page_hit", "page_hit", "click", "signup"]),
      tenant_id: tenant,
      domain: pick([`${tenant}.com`, `app.${tenant}.io`]),
      pathname: `/${tenant}/p${Math.floor(random() * 8)}`,
    };
  });
}

export async function loadEvents(server: TestServer, events: readonly Event[]): Promise<void> {
  const res = await api(server, "/v0/datasources?name=analytics_events&mode=append&format=ndjson", {
    method: "POST",
    body: events.map((e) => JSON.stringify(e)).join("\n"),
    headers: { "content-type": "application/x-ndjson" },
  });
  assert.equal(res.status, 200, await res.clone().text());
}

const b64 = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** Signs `header.payload` with HMAC-SHA256 whatever the header says: the way to forge `alg` lies. */
export function hs256(payload: unknown, key: string, header: unknown = { alg: "HS256", typ: "JWT" }): string {
  const head = `${b64(header)}.${b64(payload)}`;
  return `${head}.${createHmac("sha256", key).update(head).digest("base64url")}`;
}

export const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

/** The seed's JWT payload, verbatim except for an `exp` that has not passed yet. */
export function seedPayload(tenant: string, exp = inAnHour()) {
  return {
    iss: "your-app",
    sub: tenant,
    exp,
    scopes: [
      { type: "PIPES:READ", resource: "current_visitors", fixed_params: { tenant_id: tenant } },
      { type: "PIPES:READ", resource: "kpis", fixed_params: { tenant_id: tenant } },
      { type: "PIPES:READ", resource: "top_*", fixed_params: { tenant_id: tenant } },
    ],
  };
}

export async function getData(server: Pick<TestServer, "url" | "adminToken">, path: string, token: string | null, init: RequestInit = {}): Promise<{ status: number; text: string; data?: unknown[] }> {
  const res = await api(server, path, { ...init, token });
  const text = await res.text();
  let data: unknown[] | undefined;
  try {
    data = (JSON.parse(text) as { data?: unknown[] }).data;
  } catch {
    data = undefined;
  }
  return { status: res.status, text, data };
}
