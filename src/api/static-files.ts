/**
 * Built browser assets (the tracker, the dashboard) served from memory: read once at
 * start, each with a strong ETag, so a request never touches the disk. Compressed copies
 * are made once, on the first request that accepts each encoding, at a higher level than
 * the compression of dynamic answers (compression.ts), which would redo it every time;
 * the encoding is chosen as there.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative } from "node:path";
import type { FastifyReply, FastifyRequest } from "fastify";
import { chooseEncoding, COMPRESS_FROM_BYTES, COMPRESSIBLE, compressLater, type Encoding } from "./compression.ts";

const TYPES: Readonly<Record<string, string>> = {
  ".js": "text/javascript; charset=UTF-8",
  ".map": "application/json; charset=UTF-8",
  ".html": "text/html; charset=UTF-8",
  ".css": "text/css; charset=UTF-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=UTF-8",
  ".woff2": "font/woff2",
  ".webp": "image/webp",
  ".txt": "text/plain; charset=UTF-8",
};

/** The Content-Type a file of this name is served with. */
export function fileContentType(name: string): string {
  return TYPES[extname(name)] ?? "application/octet-stream";
}

export interface StaticFile {
  readonly body: Buffer;
  readonly etag: string;
  readonly type: string;
  /** Compressed copies, by encoding, once asked for. */
  readonly encoded: Map<Encoding, Promise<Buffer>>;
  /** Compressed at the highest level worth it (a built file, sent many times), else at a dynamic answer's. */
  readonly best: boolean;
}

/** Bytes served as a static file: its ETag is a digest of them, its compressed copies made when first asked for. */
export function staticFile(body: Buffer, type: string, best = true): StaticFile {
  return { body, etag: `"${createHash("sha1").update(body).digest("base64url")}"`, type, encoded: new Map(), best };
}

/** Every file below `dir`, keyed by its path from there (`assets/x.js`); empty when `dir` is missing. */
export function loadStaticFiles(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        files.set(relative(dir, full), staticFile(readFileSync(full), fileContentType(name)));
      }
    }
  };
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory()) walk(dir);
  return files;
}

/** `If-None-Match` (RFC 9110 §13.1.2): `*`, or a list of tags compared weakly (`W/"x"` matches `"x"`). */
function matchesAny(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(",").some((tag) => {
    const trimmed = tag.trim();
    return trimmed === "*" || trimmed.replace(/^W\//, "") === etag;
  });
}

function encodingFor(request: FastifyRequest, file: StaticFile): Encoding | null {
  if (file.body.length < COMPRESS_FROM_BYTES || !COMPRESSIBLE.test(file.type)) return null;
  return chooseEncoding(request.headers["accept-encoding"]);
}

export async function sendStatic(request: FastifyRequest, reply: FastifyReply, file: StaticFile, cacheControl: string): Promise<FastifyReply> {
  const encoding = encodingFor(request, file);
  // Each encoding is its own representation, with its own validator.
  const etag = encoding === null ? file.etag : `${file.etag.slice(0, -1)}-${encoding}"`;
  reply.headers({ ETag: etag, "Cache-Control": cacheControl, "Content-Type": file.type, "X-Content-Type-Options": "nosniff", Vary: "Accept-Encoding" });
  if (matchesAny(request.headers["if-none-match"], etag)) return reply.code(304).send();
  if (encoding === null) return reply.send(file.body);
  let body = file.encoded.get(encoding);
  if (!body) {
    body = compressLater(encoding, file.body, file.best);
    file.encoded.set(encoding, body);
  }
  return reply.header("Content-Encoding", encoding).send(await body);
}
