/**
 * The Principal of a static (`p.`) token: its scopes name resources exactly, as in
 * Tinybird. A static token fixes no parameters; its rows are limited by DATASOURCES:READ
 * filters only.
 */
import { adminPrincipal, type DatasourceRead, type Principal } from "./principal.ts";
import type { Scope } from "./scopes.ts";

export function staticPrincipal(name: string, scopes: readonly Scope[]): Principal {
  if (scopes.some((s) => s.type === "ADMIN")) return Object.freeze({ ...adminPrincipal, kind: "static" as const, name, rateKey: `static:${name}` });
  const pipes = new Set(scopes.filter((s) => s.type === "PIPES:READ").map((s) => s.resource));
  const appends = scopes.filter((s) => s.type === "DATASOURCES:APPEND");
  const appendsAll = appends.some((s) => s.resource === undefined);
  const appendable = new Set(appends.map((s) => s.resource));
  const datasourceReads: DatasourceRead[] = scopes
    .filter((s) => s.type === "DATASOURCES:READ" && s.resource !== undefined)
    .map((s) => (s.filter === undefined ? { datasource: s.resource! } : { datasource: s.resource!, filter: s.filter }));
  return Object.freeze({
    kind: "static" as const,
    name,
    isAdmin: false,
    canReadPipe: (pipe: string) => pipes.has(pipe),
    fixedParams: () => ({}),
    canAppend: (datasource: string) => appendsAll || appendable.has(datasource),
    datasourceReads: Object.freeze(datasourceReads),
    // Only tokens that may read get /v0/sql: the tracker's APPEND-only token is public.
    canQuerySql: pipes.size > 0 || datasourceReads.length > 0,
    rateKey: `static:${name}`,
  });
}
