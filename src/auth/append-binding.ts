/**
 * A tenant-bound APPEND scope applied to one request. With `domains`, the page must be on
 * one of them, as its `Origin` says (else its `Referer`: some browsers send no Origin on
 * same-origin posts); with neither header the request is refused, because such a token is
 * meant for browsers. This keeps other sites from using the token in their pages; it is no
 * authentication (any HTTP client can send any header), which is why the columns the scope
 * fixes are written into every row whatever the request says.
 */
import { errors } from "../errors.ts";
import { fixedColumnProblems, type DecidedColumns } from "../ingest/fixed-columns.ts";
import type { Datasource, Project } from "../project/model.ts";
import { headerHost } from "./domain-list.ts";
import { scopesTenant, type JwtScope } from "./jwt-claims.ts";
import type { AppendBinding, Principal } from "./principal.ts";

export interface PageHeaders {
  readonly origin?: string;
  readonly referer?: string;
}

/** The kit's column for the site a hit came from. */
const DOMAIN_COLUMN = "domain";
/** The column naming whose a row is. */
const TENANT_COLUMN = "tenant_id";

const hasColumn = (ds: Datasource, name: string) => ds.columns.some((c) => c.name === name);

/**
 * A tenant's JWT (one whose scopes fix a tenant_id) appends to a datasource with a
 * tenant_id column only through a scope that fixes it: an unbound scope would let it
 * write rows naming any tenant. Minting checks the same (appendScopeProblems); this holds
 * for tokens minted elsewhere with the admin token.
 */
export function checkTenantBound(principal: Principal, datasource: Datasource): void {
  if (principal.tenant === undefined || !hasColumn(datasource, TENANT_COLUMN)) return;
  if (principal.appendBinding?.(datasource.name)?.fixedColumns[TENANT_COLUMN] === undefined) throw errors.unboundTenantAppend(datasource.name, principal.tenant);
}

/**
 * The columns decided for the request's rows. A domain-bound token also guards the
 * `domain` column (unless it fixes it): a row naming one of the token's sites keeps it (a
 * page may name its parent domain, as the tracker's cookie option does), any other value,
 * empty included, becomes the verified page host. Replacing rather than quarantining keeps
 * the hit: it did come from that host, and the kit would otherwise fall back to the
 * payload's `href`, which the page writes.
 */
export function decideColumns(binding: AppendBinding, datasource: Datasource, headers: PageHeaders): DecidedColumns {
  const { domains, fixedColumns } = binding;
  if (!domains) return { fixed: fixedColumns };
  const host = headerHost(headers.origin) ?? headerHost(headers.referer);
  if (host === undefined) throw errors.originRequired(domains.entries);
  if (!domains.allows(host)) throw errors.originRefused(host, domains.entries);
  if (Object.hasOwn(fixedColumns, DOMAIN_COLUMN) || !hasColumn(datasource, DOMAIN_COLUMN)) return { fixed: fixedColumns };
  const keeps = (value: unknown) => typeof value === "string" && domains.allows(value.toLowerCase());
  return { fixed: fixedColumns, guarded: { [DOMAIN_COLUMN]: { keeps, otherwise: host } } };
}

/**
 * Why APPEND scopes cannot work on `project` (checked when minting): for a bound scope a
 * missing datasource or columns it lacks; in a tenant's JWT, a scope that leaves the
 * tenant_id column of its datasource free (see checkTenantBound).
 */
export function appendScopeProblems(project: Project, scopes: readonly JwtScope[]): string[] {
  const tenant = scopesTenant(scopes);
  return scopes
    .filter((s) => s.type === "DATASOURCES:APPEND")
    .flatMap((s) => {
      const ds = project.datasources.get(s.resource);
      if (s.fixed_params === undefined) {
        const unbound = tenant !== undefined && ds !== undefined && hasColumn(ds, TENANT_COLUMN);
        return unbound ? [`the scopes fix tenant_id ${tenant}, so the DATASOURCES:APPEND scope on '${s.resource}' must fix it too (fixed_params {"tenant_id": ${tenant}})`] : [];
      }
      if (!ds) return [`Data Source '${s.resource}' does not exist`];
      return fixedColumnProblems(ds, s.fixed_params);
    });
}
