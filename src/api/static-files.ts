/**
 * Built browser assets (the tracker, the dashboard) served from memory: read once at
 * start, each with a strong ETag, so a request never touches the disk.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative } from "node:path";
import type { FastifyReply, FastifyRequest } from "fastify";

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

export interface StaticFile {
  readonly body: Buffer;
  readonly etag: string;
  readonly type: string;
}

/** Every file below `dir`, keyed by its path from there (`assets/x.js`); empty when `dir` is missing. */
export function loadStaticFiles(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const body = readFileSync(full);
        const etag = `"${createHash("sha1").update(body).digest("base64url")}"`;
        files.set(relative(dir, full), { body, etag, type: TYPES[extname(name)] ?? "application/octet-stream" });
      }
    }
  };
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory()) walk(dir);
  return files;
}

export function sendStatic(request: FastifyRequest, reply: FastifyReply, file: StaticFile, cacheControl: string): FastifyReply {
  reply.headers({ ETag: file.etag, "Cache-Control": cacheControl, "Content-Type": file.type, "X-Content-Type-Options": "nosniff" });
  if (request.headers["if-none-match"] === file.etag) return reply.code(304).send();
  return reply.send(file.body);
}
