/**
 * The Principal of a verified JWT. When several PIPES:READ scopes match a pipe, the one
 * naming it exactly wins; among wildcards the most specific (most literal characters)
 * wins, and among equally specific ones the first listed. Only the winner's fixed_params
 * apply: scopes are never merged, so a broad `*` scope cannot loosen a narrower one.
 */
import { scopesTenant, type JwtClaims, type JwtScope } from "./jwt-claims.ts";
import { domainList } from "./domain-list.ts";
import type { AppendBinding, DatasourceRead, Principal, Variables } from "./principal.ts";
import { resourcePattern, type ResourcePattern } from "./resource-pattern.ts";

interface PipeScope {
  readonly pattern: ResourcePattern;
  readonly fixed: Variables;
}

/** Pipe names looked up per token are remembered, up to this many (names come from URLs). */
const MEMO_LIMIT = 256;
const NO_PARAMS: Variables = Object.freeze({});

function winner(scopes: readonly PipeScope[], pipe: string): PipeScope | undefined {
  let best: PipeScope | undefined;
  for (const s of scopes) {
    if (!s.pattern.matches(pipe)) continue;
    if (!s.pattern.isWildcard) return s;
    if (!best || s.pattern.literalLength > best.pattern.literalLength) best = s;
  }
  return best;
}

export function jwtPrincipal(claims: JwtClaims, signature: string): Principal {
  const of = (type: JwtScope["type"]) => claims.scopes.filter((s) => s.type === type);
  const pipeScopes: PipeScope[] = of("PIPES:READ").map((s) => ({ pattern: resourcePattern(s.resource), fixed: Object.freeze({ ...s.fixed_params }) }));
  const memo = new Map<string, PipeScope | null>();
  const scopeFor = (pipe: string): PipeScope | undefined => {
    const known = memo.get(pipe);
    if (known !== undefined) return known ?? undefined;
    const found = winner(pipeScopes, pipe);
    if (memo.size < MEMO_LIMIT) memo.set(pipe, found ?? null);
    return found;
  };
  const appendable = new Set(of("DATASOURCES:APPEND").map((s) => s.resource));
  // readClaims lets a bound APPEND scope be the only one on its datasource.
  const bindings = new Map<string, AppendBinding>(
    of("DATASOURCES:APPEND")
      .filter((s) => s.fixed_params !== undefined || s.domains !== undefined)
      .map((s) => [s.resource, Object.freeze({ fixedColumns: Object.freeze({ ...s.fixed_params }), ...(s.domains ? { domains: domainList(s.domains) } : {}) })]),
  );
  const datasourceReads: DatasourceRead[] = of("DATASOURCES:READ").map((s) => (s.filter === undefined ? { datasource: s.resource } : { datasource: s.resource, filter: s.filter }));
  const name = claims.name ?? claims.sub ?? "";
  const tenant = scopesTenant(claims.scopes);
  return Object.freeze({
    kind: "jwt" as const,
    name,
    isAdmin: false,
    canReadPipe: (pipe: string) => scopeFor(pipe) !== undefined,
    fixedParams: (pipe: string) => scopeFor(pipe)?.fixed ?? NO_PARAMS,
    canAppend: (datasource: string) => appendable.has(datasource),
    appendBinding: (datasource: string) => bindings.get(datasource),
    datasourceReads: Object.freeze(datasourceReads),
    canQuerySql: datasourceReads.length > 0 || pipeScopes.length > 0,
    // Tokens with the same name share a budget; an unnamed token has one of its own.
    rateKey: `jwt:${name === "" ? signature : name}`,
    ...(tenant === undefined ? {} : { tenant }),
    ...(claims.limits?.rps === undefined ? {} : { pipeRps: claims.limits.rps }),
  });
}
