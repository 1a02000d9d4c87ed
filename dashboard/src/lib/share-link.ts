/**
 * A customer's link to their own dashboard: `<origin>/?token=<jwt>`, where the JWT reads
 * exactly the dashboard's pipes with `tenant_id` fixed to the customer (the scopes
 * `aviary token jwt --tenant T --dashboard` prints). The page takes the token out of the
 * address bar on arrival (api/session-store.ts).
 */
import { DASHBOARD_PIPES, pipeReadScopes, type PipeReadScope } from "../api/dashboard-pipes.ts";
import { appendScopes, DASHBOARD_WRITABLE, type AppendScope } from "../api/dashboard-writes.ts";

export const SHARE_LIFETIMES = [
  { days: 1, label: "1 day" },
  { days: 7, label: "7 days" },
  { days: 30, label: "30 days" },
  { days: 90, label: "90 days" },
  { days: 365, label: "1 year" },
] as const;

/** Long enough for a month's reporting, short enough that a forwarded link does not live on. */
export const DEFAULT_SHARE_DAYS = 30;

/** With `write`, also the tenant's goals and funnels, as `aviary token jwt --dashboard --write`. */
export function dashboardScopes(tenantId: string, write = false): (PipeReadScope | AppendScope)[] {
  const fixed = { tenant_id: tenantId };
  return [...pipeReadScopes(DASHBOARD_PIPES, fixed), ...(write ? appendScopes(DASHBOARD_WRITABLE, fixed) : [])];
}

/** Unix seconds `days` from `now` (epoch milliseconds), as `POST /v0/tokens?expiration_time=` takes. */
export function expiresAfter(days: number, now = Date.now()): number {
  return Math.floor(now / 1000) + days * 86_400;
}

export function shareLink(origin: string, token: string): string {
  return `${origin}/?token=${encodeURIComponent(token)}`;
}
