/**
 * The claims of a verified JWT, checked into a typed value. `exp` is required and at most
 * ten years away; `nbf` and `iat` are optional numbers, and a token is refused before its
 * `nbf`. `workspace_id` and `name` are optional (one workspace per server; the seed's
 * example has neither), but a `workspace_id` that is present must be this workspace's.
 *
 * `fixed_params` fix a pipe's parameters on PIPES:READ and, beyond Tinybird, the columns
 * written into every appended row on DATASOURCES:APPEND, which may also list the `domains`
 * its pages must be on: together, a tenant-bound tracker token. Every scope that fixes
 * `tenant_id` fixes the same one: a JWT never carries two tenants' grants.
 */
import { domainEntryProblem } from "./domain-list.ts";
import { JwtError } from "./jwt-verifier.ts";

/** Ten years (leap days included): longer lives are refused when minting and when verifying. */
export const MAX_JWT_LIFETIME_SECONDS = Math.round(10 * 365.25 * 86_400);

const JWT_SCOPE_TYPES = ["PIPES:READ", "DATASOURCES:READ", "DATASOURCES:APPEND"] as const;
export type JwtScopeType = (typeof JWT_SCOPE_TYPES)[number];

/** What a fixed parameter may be: it reaches the template with this JSON type. */
export type FixedValue = string | number | boolean | readonly (string | number | boolean)[];

export interface JwtScope {
  readonly type: JwtScopeType;
  /** A pipe name or pattern (`top_*`, `*`) for PIPES:READ; a datasource name otherwise. */
  readonly resource: string;
  /** PIPES:READ: parameters the request cannot choose. DATASOURCES:APPEND: columns every row gets. */
  readonly fixed_params?: Readonly<Record<string, FixedValue>>;
  readonly filter?: string;
  /** DATASOURCES:APPEND only: hosts (`shop.example.com`, `*.example.com`) the appending page must be on. */
  readonly domains?: readonly string[];
}

export interface JwtClaims {
  readonly exp: number;
  readonly nbf?: number;
  readonly iat?: number;
  readonly name?: string;
  readonly sub?: string;
  readonly workspace_id?: string;
  readonly scopes: readonly JwtScope[];
  readonly limits?: { readonly rps?: number };
}

const isPrimitive = (v: unknown): v is string | number | boolean => typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));

function fixedParams(value: unknown, at: string): Record<string, FixedValue> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new JwtError(`${at}.fixed_params must be an object`);
  for (const [key, v] of Object.entries(value)) {
    if (!isPrimitive(v) && !(Array.isArray(v) && v.every(isPrimitive))) {
      throw new JwtError(`${at}.fixed_params.${key} must be a string, number, boolean or a list of them`);
    }
  }
  return value as Record<string, FixedValue>;
}

function scope(value: unknown, index: number): JwtScope {
  const at = `scopes[${index}]`;
  if (value === null || typeof value !== "object") throw new JwtError(`${at} must be an object with type and resource`);
  const s = value as Record<string, unknown>;
  if (!(JWT_SCOPE_TYPES as readonly unknown[]).includes(s.type)) throw new JwtError(`${at}.type must be one of ${JWT_SCOPE_TYPES.join(", ")}`);
  if (typeof s.resource !== "string" || s.resource === "") throw new JwtError(`${at}.resource must be a pipe or datasource name`);
  const type = s.type as JwtScopeType;
  if (s.fixed_params !== undefined && type === "DATASOURCES:READ") {
    throw new JwtError(`${at}: fixed_params only apply to PIPES:READ (parameters) and DATASOURCES:APPEND (columns of appended rows)`);
  }
  if (s.filter !== undefined && (type !== "DATASOURCES:READ" || typeof s.filter !== "string")) throw new JwtError(`${at}: filter must be a SQL condition on a DATASOURCES:READ scope`);
  if (s.domains !== undefined && type !== "DATASOURCES:APPEND") throw new JwtError(`${at}: domains only apply to DATASOURCES:APPEND`);
  return {
    type,
    resource: s.resource,
    ...(s.fixed_params === undefined ? {} : { fixed_params: fixedParams(s.fixed_params, at) }),
    ...(typeof s.filter === "string" && s.filter.trim() !== "" ? { filter: s.filter } : {}),
    ...(s.domains === undefined ? {} : { domains: domains(s.domains, at) }),
  };
}

function domains(value: unknown, at: string): string[] {
  if (!Array.isArray(value) || value.length === 0) throw new JwtError(`${at}.domains must be a non-empty list of host names`);
  value.forEach((entry: unknown, i) => {
    const problem = domainEntryProblem(entry);
    if (problem !== undefined) throw new JwtError(`${at}.domains[${i}] ${problem}`);
  });
  return (value as string[]).map((d) => d.toLowerCase());
}

/** Another APPEND scope on the same datasource would append without the bound one's columns. */
function checkAppendScopes(scopes: readonly JwtScope[]): void {
  const appends = scopes.filter((s) => s.type === "DATASOURCES:APPEND");
  for (const bound of appends.filter((s) => s.fixed_params !== undefined || s.domains !== undefined)) {
    if (appends.filter((s) => s.resource === bound.resource).length > 1) {
      throw new JwtError(`scopes: a DATASOURCES:APPEND scope with fixed_params or domains must be the only one on "${bound.resource}"`);
    }
  }
}

/** The tenant_id the scopes fix (JSON text), the same in every scope that fixes one; undefined when none does. */
export function scopesTenant(scopes: readonly JwtScope[]): string | undefined {
  const fixing = scopes.flatMap((s, i) => (s.fixed_params?.tenant_id === undefined ? [] : [{ at: i, tenant: JSON.stringify(s.fixed_params.tenant_id) }]));
  const first = fixing[0];
  const other = fixing.find((f) => f.tenant !== first?.tenant);
  if (first && other) {
    throw new JwtError(`scopes: a JWT is one tenant's, but scopes[${first.at}] fixes tenant_id ${first.tenant} and scopes[${other.at}] fixes ${other.tenant}`);
  }
  return first?.tenant;
}

/** A NumericDate claim, worded as PyJWT words its type errors (Tinybird shows those). */
function timeClaim(payload: Record<string, unknown>, key: "exp" | "nbf" | "iat", label: string): number | undefined {
  const v = payload[key];
  if (v !== undefined && (typeof v !== "number" || !Number.isFinite(v))) throw new JwtError(`${label} claim (${key}) must be an integer.`);
  return v as number | undefined;
}

const optionalString = (payload: Record<string, unknown>, key: string): string | undefined => {
  const v = payload[key];
  if (v !== undefined && typeof v !== "string") throw new JwtError(`${key} must be a string`);
  return v;
};

export function readClaims(payload: Record<string, unknown>, workspaceId: string, nowSeconds: number): JwtClaims {
  const exp = timeClaim(payload, "exp", "Expiration Time");
  const nbf = timeClaim(payload, "nbf", "Not Before");
  const iat = timeClaim(payload, "iat", "Issued At");
  if (exp === undefined) throw new JwtError('Token is missing the "exp" claim');
  if (exp <= nowSeconds) throw new JwtError("Signature has expired");
  if (exp > nowSeconds + MAX_JWT_LIFETIME_SECONDS) throw new JwtError("Expiration Time claim (exp) is more than 10 years away; tokens may live 10 years at most");
  if (nbf !== undefined && nbf > nowSeconds) throw new JwtError("The token is not yet valid (nbf)");
  const workspace = optionalString(payload, "workspace_id");
  if (workspace !== undefined && workspace !== workspaceId) throw new JwtError("workspace_id is not this server's workspace");
  if (!Array.isArray(payload.scopes)) throw new JwtError("scopes must be a list");
  const limits = payload.limits;
  let rps: number | undefined;
  if (limits !== undefined) {
    const value = (limits as { rps?: unknown } | null)?.rps;
    if (value !== undefined && (typeof value !== "number" || !Number.isFinite(value))) throw new JwtError("limits.rps must be a number");
    rps = value;
  }
  const scopes = payload.scopes.map(scope);
  checkAppendScopes(scopes);
  scopesTenant(scopes);
  return {
    exp,
    ...(nbf === undefined ? {} : { nbf }),
    ...(iat === undefined ? {} : { iat }),
    name: optionalString(payload, "name"),
    sub: optionalString(payload, "sub"),
    workspace_id: workspace,
    scopes,
    ...(rps === undefined ? {} : { limits: { rps } }),
  };
}
