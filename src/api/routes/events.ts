/**
 * Events API: `POST /v0/events?name=<ds>[&wait=true]`. The body stays raw bytes (any
 * Content-Type: browsers' sendBeacon sends text/plain) and goes to the ingest core
 * untouched; this route only authenticates, resolves the datasource and encodes the
 * answer: 202 once the rows are on disk, 200 with `wait=true` once they are queryable.
 * A tenant-bound token's page check and fixed columns are decided here, from the token
 * and the page headers, and handed to the core as plain values; so is the sender's place
 * (for datasources with `ipGeolocation`), looked up from its address, which goes no further,
 * and its visitor id (for datasources with `visitorId`), a salted hash of the same.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { checkTenantBound, decideColumns } from "../../auth/append-binding.ts";
import { clientAddress, type TrustedProxies } from "../../ingest/geo/client-address.ts";
import type { Geolocator } from "../../ingest/geo/geolocator.ts";
import type { Ingest } from "../../ingest/ingest.ts";
import type { VisitorIds } from "../../ingest/visitor-ids.ts";
import { MAX_BODY_BYTES } from "../../ingest/decode-body.ts";
import type { ApiContext } from "../context.ts";
import { errors } from "../../errors.ts";
import { arg, flagArg, header, principalOf, queryOf } from "../request.ts";

/** Several X-Forwarded-For headers are one list, in order. */
const forwardedFor = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(",") : value);

/** Where the Events API learns who sent a request, beyond its token. */
export interface Senders {
  /** Whose `X-Forwarded-For` is believed when the client's address is resolved (once per request, for both below). */
  readonly proxies: TrustedProxies;
  readonly geo?: Geolocator;
  readonly visitors?: VisitorIds;
}

export function eventRoutes(app: FastifyInstance, ctx: ApiContext, ingest: Ingest, { proxies, geo, visitors }: Senders): void {
  // The sender's address as the request arrived: a client that resets its connection once its
  // body is sent leaves no address on the socket by the time the handler runs.
  const peers = new WeakMap<FastifyRequest, string | undefined>();
  // Its own plugin scope, so JSON bodies are not parsed by Fastify first (nor other routes' raw).
  void app.register(async (scope) => {
    scope.addHook("onRequest", (request, _reply, done) => {
      peers.set(request, request.socket.remoteAddress);
      done();
    });
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: MAX_BODY_BYTES }, (_request, body, done) => done(null, body));

    scope.post("/v0/events", async (request, reply) => {
      const principal = principalOf(ctx, request);
      const query = queryOf(request);
      const name = arg(query, "name");
      if (!name) throw errors.missingDatasourceName();
      const datasource = ctx.project.datasources.get(name);
      if (!datasource) throw errors.unknownDatasource(name);
      if (!principal.canAppend(name)) throw errors.noAppend(name);
      checkTenantBound(principal, datasource);
      const binding = principal.appendBinding?.(name);
      const bound = binding && decideColumns(binding, datasource, { origin: header(request.headers.origin), referer: header(request.headers.referer) });
      // Only the admin may date a row, or name its visitor, itself (imports, tests); anyone else's are set here.
      const writeTime = datasource.writeTime && !principal.isAdmin ? { [datasource.writeTime]: new Date().toISOString() } : undefined;
      const visitorColumn = datasource.visitorId && !principal.isAdmin ? datasource.visitorId : undefined;
      const client = datasource.ipGeolocation || visitorColumn ? clientAddress(peers.get(request), forwardedFor(request.headers["x-forwarded-for"]), proxies) : undefined;
      const sender = { address: client?.address, userAgent: header(request.headers["user-agent"]), origin: header(request.headers.origin), referer: header(request.headers.referer) };
      const visitorId = visitorColumn && { [visitorColumn]: (await visitors?.idOf(sender)) ?? "" };
      const decidedColumns = writeTime || visitorId ? { ...bound, fixed: { ...bound?.fixed, ...writeTime, ...visitorId } } : bound;
      const wait = flagArg(query, "wait");
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const contentEncoding = header(request.headers["content-encoding"]);
      // Only the place goes on: the address itself is never stored. Without one, a sender's
      // own place is removed (null), unless the sender is the admin.
      const found = datasource.ipGeolocation && geo?.placeOf(client);
      const place = datasource.ipGeolocation ? (found ?? (principal.isAdmin ? undefined : null)) : undefined;
      const result = await ingest.accept({ datasource, body, contentEncoding, wait, importId: request.id, decidedColumns, place });
      return reply.code(wait ? 200 : 202).send({ successful_rows: result.successfulRows, quarantined_rows: result.quarantinedRows });
    });
  });
}
