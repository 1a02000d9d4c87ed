/**
 * The token tracking scripts send events with, for the snippet in empty states. An admin
 * looking at a tenant gets a tenant-bound tracker token minted for it (`POST /v0/tokens`):
 * whatever data-tenant-id a page sends, its events land under that tenant, and with a
 * domain in view only pages on that site (or its subdomains) may use it. An admin with no
 * tenant in view (a single-site install) gets the shared `tracker` token. Everyone else
 * (other static tokens, tenant JWTs, which cannot mint) sees a placeholder to replace.
 */
import { useLoad } from "./use-load.ts";

export const TRACKER_TOKEN_PLACEHOLDER = "YOUR_TRACKER_TOKEN";

export interface TrackerToken {
  readonly token: string;
  /** "tenant": bound to the tenant in view; "shared": the project's `tracker` token. */
  readonly kind: "tenant" | "shared" | "placeholder";
  /** The sites a tenant-bound token may be used from; empty: any. */
  readonly domains: readonly string[];
}

/** Snippet tokens live long: one pasted into a site must not silently stop (the server allows 10 years at most). */
const LIFETIME_SECONDS = 3650 * 86_400;

/** A plain host name (the kit shows dotless hosts as `http://localhost:3000/`, which cannot be bound). */
const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;

function trackerScope(tenantId: string, domain: string | undefined) {
  const domains = domain !== undefined && HOST.test(domain) ? [domain, `*.${domain}`] : [];
  return {
    domains,
    scope: { type: "DATASOURCES:APPEND", resource: "analytics_events", fixed_params: { tenant_id: tenantId }, ...(domains.length > 0 ? { domains } : {}) },
  };
}

export function useTrackerToken(operator: boolean, tenantId: string | undefined, domain: string | undefined): TrackerToken {
  const bound = operator && tenantId ? trackerScope(tenantId, domain) : undefined;
  const minted = useLoad(
    bound ? `tracker token ${tenantId}\n${bound.domains.join(",")}` : null,
    (client) => client.createJwt(`tracker-${tenantId}`, [bound!.scope], Math.floor(Date.now() / 1000) + LIFETIME_SECONDS),
    { auxiliary: true },
  );
  const tokens = useLoad(operator && !bound ? "tokens" : null, (client) => client.tokens(), { auxiliary: true });
  if (bound && minted.data) return { token: minted.data, kind: "tenant", domains: bound.domains };
  const shared = tokens.data?.tokens.find((t) => t.name === "tracker")?.token;
  return shared ? { token: shared, kind: "shared", domains: [] } : { token: TRACKER_TOKEN_PLACEHOLDER, kind: "placeholder", domains: [] };
}
