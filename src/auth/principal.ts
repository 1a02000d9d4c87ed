/**
 * Who a request acts as, once its token is verified: what it may read and append, and
 * which parameters it may not choose itself. Everything after auth asks this, never the token.
 */
import type { DomainList } from "./domain-list.ts";

export type Variables = Readonly<Record<string, unknown>>;

/** What a tenant-bound DATASOURCES:APPEND scope adds to the grant (beyond Tinybird). */
export interface AppendBinding {
  /** Column → the value every appended row gets, whatever the row itself says. */
  readonly fixedColumns: Variables;
  /** The sites a request must come from (its Origin, else its Referer); any when absent. */
  readonly domains?: DomainList;
}

/** A `DATASOURCES:READ` scope: the datasource and the SQL condition its rows must meet. */
export interface DatasourceRead {
  readonly datasource: string;
  /** A WHERE fragment over the datasource's columns; every row when absent. */
  readonly filter?: string;
}

export interface Principal {
  readonly kind: "admin" | "static" | "jwt";
  /** For logs and rate limits: the token's name (a JWT's `name`, else its `sub`). */
  readonly name: string;
  readonly isAdmin: boolean;
  canReadPipe(pipe: string): boolean;
  /** Parameters the token fixes for this pipe; they override whatever the request sends. */
  fixedParams(pipe: string): Variables;
  canAppend(datasource: string): boolean;
  /** The binding of its APPEND scope on this datasource; undefined: rows are appended as sent. */
  appendBinding?(datasource: string): AppendBinding | undefined;
  /** Its `DATASOURCES:READ` scopes; the admin reads everything and lists none. */
  readonly datasourceReads: readonly DatasourceRead[];
  /** Whether `/v0/sql` is open to it: only to tokens that may read (a DATASOURCES:READ or PIPES:READ scope). */
  readonly canQuerySql: boolean;
  /** Identity shared by every token that should share one rate-limit budget. */
  readonly rateKey: string;
  /** A JWT's tenant: the tenant_id its scopes fix (as JSON), absent when none does. */
  readonly tenant?: string;
  /** A JWT's `limits.rps`: requests per second per pipe for its name; absent or ≤ 0 is unlimited. */
  readonly pipeRps?: number;
}

export const adminPrincipal: Principal = Object.freeze({
  kind: "admin" as const,
  name: "admin token",
  isAdmin: true,
  canReadPipe: () => true,
  fixedParams: () => ({}),
  canAppend: () => true,
  datasourceReads: [],
  canQuerySql: true,
  rateKey: "admin",
});
