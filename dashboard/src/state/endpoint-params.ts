/**
 * Which parameters each endpoint accepts, read from the server's OpenAPI document (only
 * endpoints the token can read are listed). The dashboard sends a filter only to
 * endpoints that declare it, and offers click-to-filter only for dimensions the main
 * endpoints accept, so it never shows numbers that silently ignore a filter.
 */
export type EndpointParams = ReadonlyMap<string, ReadonlySet<string>>;

interface OpenApiDocument {
  paths?: Record<string, { get?: { parameters?: { name?: unknown; in?: unknown }[] } }>;
}

export function endpointParamsFrom(document: unknown): EndpointParams {
  const map = new Map<string, Set<string>>();
  const paths = (document as OpenApiDocument | null)?.paths ?? {};
  for (const [path, item] of Object.entries(paths)) {
    const name = /^\/pipes\/([^/]+)\.\{format\}$/.exec(path)?.[1];
    if (!name) continue;
    const names = (item.get?.parameters ?? []).filter((p) => p.in === "query" && typeof p.name === "string").map((p) => p.name as string);
    map.set(name, new Set(names));
  }
  return map;
}
