/**
 * What a dashboard token may write: the tenant's own definitions (goals, and funnels where
 * the project has them), never events. `aviary token jwt --write` and the share dialog's
 * "can edit goals" mint exactly these scopes, and the dashboard shows its editors only to
 * a token that carries them. No imports: the CLI (src/cli/token-jwt.ts) loads this file as it is.
 */
export const DASHBOARD_WRITABLE = ["analytics_goals", "analytics_funnels"] as const;

export type DashboardWritable = (typeof DASHBOARD_WRITABLE)[number];

/** Columns a write scope fixes: whose rows they are, and for which site when the token has one. */
const BOUND_COLUMNS = ["tenant_id", "domain"];

export interface AppendScope {
  readonly type: "DATASOURCES:APPEND";
  readonly resource: string;
  readonly fixed_params: Readonly<Record<string, string>>;
}

/**
 * One APPEND scope per datasource, fixing the tenant_id (and domain) of the token's read
 * scopes, so every row it writes is its own tenant's whatever the row says.
 */
export function appendScopes(datasources: readonly string[], fixedParams: Readonly<Record<string, string>>): AppendScope[] {
  const fixed = Object.fromEntries(Object.entries(fixedParams).filter(([key]) => BOUND_COLUMNS.includes(key)));
  return datasources.map((resource) => ({ type: "DATASOURCES:APPEND", resource, fixed_params: fixed }));
}

interface ScopeLike {
  readonly type?: unknown;
  readonly resource?: unknown;
  readonly fixed_params?: { readonly tenant_id?: unknown };
}

/** Whether a JWT's scopes let it write `datasource` for its own tenant (the dashboard reads its token's payload). */
export function canWrite(scopes: readonly ScopeLike[], datasource: DashboardWritable): boolean {
  return scopes.some((s) => s.type === "DATASOURCES:APPEND" && s.resource === datasource && s.fixed_params?.tenant_id !== undefined);
}
