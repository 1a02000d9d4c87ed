/**
 * Response compression. Text answers of 1 KB or more (JSON, CSV, NDJSON, the dashboard's
 * script and styles, the tracker, metrics) go out brotli- or gzip-compressed to a client
 * that accepts either: the dashboard's 356 KB script travels as about 110 KB, an endpoint's
 * JSON as a tenth of its size. Binary formats are sent as they are.
 *
 * Our own hook rather than @fastify/compress, whose 9.2.0 takes any answer whose first bytes
 * happen to read as a zlib header (a CSV starting with `80`, `x^`) for one already
 * compressed and sends it raw under a `Content-Encoding` it does not have.
 *
 * Request bodies are not inflated here: the Events API and datasource uploads undo gzip
 * themselves within their size limits (src/ingest/decode-body.ts).
 *
 * No secret is ever answered beside text an attacker chose through the victim's browser
 * (tokens travel in headers or the URL, never cookies), so compressed sizes tell nothing
 * (BREACH).
 */
import { pipeline, type Readable } from "node:stream";
import { promisify } from "node:util";
import { brotliCompress, brotliCompressSync, constants, createBrotliCompress, createGzip, gzip, gzipSync, type BrotliOptions } from "node:zlib";
import type { FastifyInstance, FastifyReply } from "fastify";

/** Content types worth compressing: text, in every form the server answers. */
export const COMPRESSIBLE = /^(?:text\/(?!event-stream)|application\/(?:json|x-ndjson|javascript|xml)(?:;|$)|image\/svg\+xml)/;
/** Smaller answers go as they are: the headers and the work would cost more than they save. */
export const COMPRESS_FROM_BYTES = 1024;
/** Ours, in the order preferred when the client takes several equally. */
export const ENCODINGS = ["br", "gzip"] as const;
export type Encoding = (typeof ENCODINGS)[number];

// Brotli's 4 compresses about as fast as gzip's default and smaller (11, its default, is far slower).
const brotliOptions = (size?: number): BrotliOptions => ({ params: { [constants.BROTLI_PARAM_QUALITY]: 4, ...(size !== undefined && { [constants.BROTLI_PARAM_SIZE_HINT]: size }) } });
// Up to this size compressing takes well under a millisecond: done at once, not in the thread pool.
const AT_ONCE_BYTES = 64 * 1024;
const brotliLater = promisify(brotliCompress);
const gzipLater = promisify(gzip);

/**
 * The encoding to answer in for an `Accept-Encoding` header (RFC 9110 §12.5.3): the one of
 * ours the client weighs highest above 0, brotli on a tie; null for none. Names are
 * case-insensitive, `x-gzip` is gzip, and `*` weighs every encoding the header does not name.
 */
export function chooseEncoding(header: string | undefined): Encoding | null {
  if (!header) return null;
  const weights = new Map<string, number>();
  for (const item of header.toLowerCase().split(",")) {
    const [name = "", ...params] = item.split(";").map((part) => part.trim());
    const q = params.find((p) => p.startsWith("q="));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    const coding = name === "x-gzip" ? "gzip" : name;
    if (coding !== "" && !weights.has(coding) && Number.isFinite(weight)) weights.set(coding, weight);
  }
  let chosen: Encoding | null = null;
  let best = 0;
  for (const encoding of ENCODINGS) {
    const weight = weights.get(encoding) ?? weights.get("*") ?? 0;
    if (weight > best) [chosen, best] = [encoding, weight];
  }
  return chosen;
}

function compressNow(encoding: Encoding, body: Buffer): Buffer {
  return encoding === "br" ? brotliCompressSync(body, brotliOptions(body.length)) : gzipSync(body);
}

/**
 * `body` compressed in the thread pool. `best`: brotli 9 and gzip 9, for copies made once and
 * sent many times (static-files.ts; brotli 11 takes over half a second for the dashboard's
 * script, 9 is within 8% of its size); else the levels of a dynamic answer.
 */
export function compressLater(encoding: Encoding, body: Buffer, best = false): Promise<Buffer> {
  if (encoding === "gzip") return gzipLater(body, { level: best ? 9 : -1 });
  const options = brotliOptions(body.length);
  return brotliLater(body, best ? { params: { ...options.params, [constants.BROTLI_PARAM_QUALITY]: 9 } } : options);
}

const isStream = (payload: unknown): payload is Readable => typeof (payload as Readable | null)?.pipe === "function";

/**
 * For an error answer sent in place of one already given its headers: a stream that fails
 * before its first compressed bytes leaves `Content-Encoding` (and an export's type, file
 * name and row count) set, which would label the plain error as compressed, or as the export.
 */
export function clearAnswerHeaders(reply: FastifyReply): void {
  for (const header of ["content-encoding", "content-length", "content-disposition", "content-type", "x-aviary-rows"]) reply.removeHeader(header);
}

/** Compresses the answers of every route registered after it (and of the hooks' own errors). */
export function compressResponses(app: FastifyInstance): void {
  // A callback, not an async hook: most answers (every tracker event's) leave at the first test, without a promise.
  app.addHook("onSend", (request, reply, payload, done) => {
    const text = typeof payload === "string" || Buffer.isBuffer(payload);
    if (!text && !isStream(payload)) return done(null, payload);
    if (text && Buffer.byteLength(payload) < COMPRESS_FROM_BYTES) return done(null, payload);
    // Partial content is about the plain bytes; an answer already encoded stays as it is.
    if (reply.statusCode === 206 || reply.hasHeader("content-range") || reply.hasHeader("content-encoding")) return done(null, payload);
    if (!COMPRESSIBLE.test(String(reply.getHeader("content-type") ?? ""))) return done(null, payload);
    const vary = reply.getHeader("vary");
    if (!/accept-encoding/i.test(String(vary ?? ""))) reply.header("vary", vary ? `${String(vary)}, Accept-Encoding` : "Accept-Encoding");
    const encoding = chooseEncoding(request.headers["accept-encoding"]);
    if (encoding === null) return done(null, payload);
    reply.header("content-encoding", encoding);
    // Fastify counts the bytes of what is returned; a stream goes out chunked.
    reply.removeHeader("content-length");
    if (isStream(payload)) {
      const compressor = encoding === "br" ? createBrotliCompress(brotliOptions()) : createGzip();
      // Either side failing or closed early (the client went away) ends both. The whole answer is never held,
      // though the compressor sends its bytes as its buffer fills, not at every chunk.
      return done(null, pipeline(payload, compressor, () => undefined));
    }
    const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload as string);
    if (body.length <= AT_ONCE_BYTES) return done(null, compressNow(encoding, body));
    compressLater(encoding, body).then((compressed) => done(null, compressed), done);
  });
}
