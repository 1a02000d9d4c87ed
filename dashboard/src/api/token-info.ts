/**
 * What the dashboard may learn from a token without asking the server. Nothing here is
 * trusted for access: the server verifies every request. A JWT's payload only tells us
 * which tenant it is fixed to (so we do not offer a tenant picker), when it expires and
 * what it may write.
 */
import { canWrite, DASHBOARD_WRITABLE, type DashboardWritable } from "./dashboard-writes.ts";

export interface TokenInfo {
  /** Static tokens start with `p.` (Tinybird's rule); anything else is a JWT. */
  readonly kind: "static" | "jwt";
  /** The tenant a JWT's `fixed_params` pin every endpoint to, if it pins one. */
  readonly tenantId?: string;
  /** Expiry in epoch milliseconds, for JWTs that carry `exp`. */
  readonly expiresAt?: number;
  /** The JWT's `name` claim, for the header. */
  readonly name?: string;
  /** Definitions a JWT may write for its own tenant (its bound APPEND scopes): editors show only for these. */
  readonly writable?: readonly DashboardWritable[];
}

interface JwtScope {
  type?: unknown;
  resource?: unknown;
  fixed_params?: Record<string, unknown>;
}

function decodeBase64Url(part: string): string {
  const base64 = part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "=");
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

export function tokenInfo(token: string): TokenInfo {
  if (token.startsWith("p.")) return { kind: "static" };
  try {
    const payload = JSON.parse(decodeBase64Url(token.split(".")[1] ?? "")) as { exp?: unknown; name?: unknown; scopes?: JwtScope[] };
    const tenant = (payload.scopes ?? []).map((s) => s.fixed_params?.tenant_id).find((t) => t !== undefined && t !== null);
    return {
      kind: "jwt",
      tenantId: tenant === undefined ? undefined : String(tenant),
      expiresAt: typeof payload.exp === "number" ? payload.exp * 1000 : undefined,
      name: typeof payload.name === "string" ? payload.name : undefined,
      writable: DASHBOARD_WRITABLE.filter((ds) => canWrite(payload.scopes ?? [], ds)),
    };
  } catch {
    // Not a decodable JWT: the server will say what is wrong with it.
    return { kind: "jwt" };
  }
}
