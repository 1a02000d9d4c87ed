/**
 * Response compression. Text answers of 1 KB or more (JSON, CSV, NDJSON, the dashboard's
 * script and styles, the tracker, metrics) go out brotli- or gzip-compressed to a client
 * that accepts either: the dashboard's 356 KB script travels as about 100 KB, and an
 * endpoint's JSON as a tenth of its size. Binary formats are sent as they are.
 *
 * Request bodies are not inflated here: the Events API and datasource uploads undo gzip
 * themselves within their size limits (src/ingest/decode-body.ts), which refuses a small
 * body that inflates past them; a generic inflater in front would not.
 *
 * No secret is ever answered beside text an attacker chose through the victim's browser
 * (tokens travel in headers, never cookies), so compressed sizes tell nothing (BREACH).
 */
import compress, { type FastifyCompressOptions } from "@fastify/compress";
import type { FastifyInstance } from "fastify";

/** Content types worth compressing: text, in every form the server answers. */
export const COMPRESSIBLE = /^(?:text\/(?!event-stream)|application\/(?:json|x-ndjson|javascript|xml)(?:;|$)|image\/svg\+xml)/;
/** Smaller answers go as they are: the headers and the work would cost more than they save. */
export const COMPRESS_FROM_BYTES = 1024;
/** In the order preferred when the client accepts several equally. */
export const ENCODINGS = ["br", "gzip"] as const;
export type Encoding = (typeof ENCODINGS)[number];

const OPTIONS: FastifyCompressOptions = {
  encodings: [...ENCODINGS],
  threshold: COMPRESS_FROM_BYTES,
  customTypes: COMPRESSIBLE,
  globalDecompression: false,
};

/** Registers compression for every route registered after it. */
export function compressResponses(app: FastifyInstance): void {
  void app.register(compress, OPTIONS);
}
