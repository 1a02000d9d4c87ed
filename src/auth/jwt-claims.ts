/**
 * The claims of a verified JWT, checked into a typed value. `exp` is required;
 * `workspace_id` and `name` are optional (one workspace per server; the seed's example
 * has neither), but a `workspace_id` that is present must be this workspace's.
 */
import { JwtError } from "./jwt-verifier.ts";

const JWT_SCOPE_TYPES = ["PIPES:READ", "DATASOURCES:READ", "DATASOURCES:APPEND"] as const;
export type JwtScopeType = (typeof JWT_SCOPE_TYPES)[number];

/** What a fixed parameter may be: it reaches the template with this JSON type. */
export type FixedValue = string | number | boolean | readonly (string | number | boolean)[];

export interface JwtScope {
  readonly type: JwtScopeType;
  /** A pipe name or pattern (`top_*`, `*`) for PIPES:READ; a datasource name otherwise. */
  readonly resource: string;
  readonly fixed_params?: Readonly<Record<string, FixedValue>>;
  readonly filter?: string;
}

export interface JwtClaims {
  readonly exp: number;
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
  if (s.fixed_params !== undefined && type !== "PIPES:READ") throw new JwtError(`${at}: fixed_params only apply to PIPES:READ`);
  if (s.filter !== undefined && (type !== "DATASOURCES:READ" || typeof s.filter !== "string")) throw new JwtError(`${at}: filter must be a SQL condition on a DATASOURCES:READ scope`);
  return {
    type,
    resource: s.resource,
    ...(s.fixed_params === undefined ? {} : { fixed_params: fixedParams(s.fixed_params, at) }),
    ...(typeof s.filter === "string" && s.filter.trim() !== "" ? { filter: s.filter } : {}),
  };
}

const optionalString = (payload: Record<string, unknown>, key: string): string | undefined => {
  const v = payload[key];
  if (v !== undefined && typeof v !== "string") throw new JwtError(`${key} must be a string`);
  return v;
};

export function readClaims(payload: Record<string, unknown>, workspaceId: string, nowSeconds: number): JwtClaims {
  const exp = payload.exp;
  if (exp === undefined) throw new JwtError('Token is missing the "exp" claim');
  if (typeof exp !== "number" || !Number.isFinite(exp)) throw new JwtError("Expiration Time claim (exp) must be an integer.");
  if (exp <= nowSeconds) throw new JwtError("Signature has expired");
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
  return {
    exp,
    name: optionalString(payload, "name"),
    sub: optionalString(payload, "sub"),
    workspace_id: workspace,
    scopes: payload.scopes.map(scope),
    ...(rps === undefined ? {} : { limits: { rps } }),
  };
}
