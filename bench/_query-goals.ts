/**
 * Goals for the query bench: what a site defines (a signup and a cart event, the latter
 * with revenue, a blog and a docs section, the pricing page) on each domain of the tenants
 * timed, written once through the Events API, so `goals` has conversions to count.
 */
import type { TestServer } from "../test/helpers/server.ts";

type Row = Record<string, unknown>;

const GOALS = [
  { goal_id: "signup", name: "Signup", kind: "event", match: "signup" },
  { goal_id: "cart", name: "Add to cart", kind: "event", match: "add_to_cart", revenue_property: "quantity", currency: "EUR" },
  { goal_id: "blog", name: "Blog post", kind: "page", match: "/blog/*" },
  { goal_id: "docs", name: "Docs", kind: "page", match: "/docs/**" },
  { goal_id: "pricing", name: "Pricing", kind: "page", match: "/pricing" },
];

async function call(server: TestServer, path: string, body: string): Promise<Row[]> {
  const res = await fetch(`${server.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${server.adminToken}` }, body });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${text.slice(0, 500)}`);
  return path.startsWith("/v0/sql") ? (JSON.parse(text) as { data: Row[] }).data : [];
}

export async function defineBenchGoals(server: TestServer, tenants: readonly string[]): Promise<void> {
  const list = tenants.map((t) => `'${t.replace(/'/g, "")}'`).join(", ");
  const [existing] = await call(server, "/v0/sql", `SELECT count() AS n FROM analytics_goals WHERE tenant_id IN (${list}) FORMAT JSON`);
  if (Number(existing?.n) > 0) return;
  const domains = await call(server, "/v0/sql", `SELECT DISTINCT tenant_id, domain FROM analytics_events WHERE tenant_id IN (${list}) AND domain != '' FORMAT JSON`);
  const rows = domains.flatMap((d) => GOALS.map((g) => JSON.stringify({ tenant_id: d.tenant_id, domain: d.domain, ...g })));
  await call(server, "/v0/events?name=analytics_goals&wait=true", rows.join("\n"));
}
