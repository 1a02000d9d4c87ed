/**
 * Static token scopes in Tinybird's text form, `TYPE:ACTION[:resource[:filter]]`
 * (`PIPES:READ:kpis`, `DATASOURCES:READ:events:tenant_id = 'a'`), and the object form
 * `GET /v0/tokens` answers with (`{"type": "PIPES:READ", "resource": "kpis"}`).
 */

const SCOPE_TYPES = ["ADMIN", "PIPES:READ", "DATASOURCES:READ", "DATASOURCES:APPEND"] as const;
export type ScopeType = (typeof SCOPE_TYPES)[number];

export interface Scope {
  readonly type: ScopeType;
  /** The pipe or datasource; absent for ADMIN, and for `DATASOURCES:APPEND` meaning every datasource. */
  readonly resource?: string;
  /** `DATASOURCES:READ` only: the condition rows must meet. */
  readonly filter?: string;
}

function isScopeType(value: unknown): value is ScopeType {
  return (SCOPE_TYPES as readonly unknown[]).includes(value);
}

/** Parses one scope string; undefined when it is not one Aviary knows. */
export function parseScope(text: string): Scope | undefined {
  if (text === "ADMIN") return { type: "ADMIN" };
  // The filter is SQL and may contain colons itself: only the first three are separators.
  const [kind = "", action = "", ...rest] = text.split(":");
  const type = `${kind}:${action}`;
  if (!isScopeType(type) || type === "ADMIN") return undefined;
  const [resource = "", ...filterParts] = rest;
  const filter = filterParts.join(":");
  if (resource === "") return type === "DATASOURCES:APPEND" ? { type } : undefined;
  if (filter !== "" && type !== "DATASOURCES:READ") return undefined;
  return filter === "" ? { type, resource } : { type, resource, filter };
}

export function formatScope(scope: Scope): string {
  return [scope.type, scope.resource, scope.filter].filter((part) => part !== undefined).join(":");
}
