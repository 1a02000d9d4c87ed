/**
 * Who a request acts as, once its token is verified: what it may read and append, and
 * which parameters it may not choose itself. Everything after auth asks this, never the token.
 */
export type Variables = Readonly<Record<string, unknown>>;

export interface Principal {
  readonly kind: "admin" | "static" | "jwt";
  /** For logs and rate limits: the token's name. */
  readonly name: string;
  readonly isAdmin: boolean;
  canReadPipe(pipe: string): boolean;
  /** Parameters the token fixes for this pipe; they override whatever the request sends. */
  fixedParams(pipe: string): Variables;
  canAppend(datasource: string): boolean;
}

export const adminPrincipal: Principal = Object.freeze({
  kind: "admin" as const,
  name: "admin token",
  isAdmin: true,
  canReadPipe: () => true,
  fixedParams: () => ({}),
  canAppend: () => true,
});
