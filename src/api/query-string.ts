/**
 * The server's query string parser (Fastify's `routerOptions.querystringParser`), decoding as
 * Tinybird's Python server does: every valid `%XX` escape decoded, a stray `%` kept as it is,
 * `+` a space, repeated keys a list. Clients send raw SQL in `q=` (`href not like '%localhost%'`);
 * Fastify's default parser leaves a whole value undecoded when one `%` in it is stray.
 * Node's own `querystring` has exactly these rules.
 */
import { parse } from "node:querystring";

export function parseQuery(query: string): Record<string, unknown> {
  return query.length === 0 ? {} : parse(query);
}
