/**
 * The website under test: a tiny HTTP server (its own origin, so requests to the event sink
 * are cross-origin as in production) serving the HTML pages a test registers, our tracker at
 * /assets/flock.js (for self-hosted copies that need data-host), and the published
 * @tinybirdco/flock.js at /vendor/flock.js for the compatibility test.
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { trackerDist } from '../build.ts';

export interface TestSite {
  url: string;
  /** Serves `html` at `path` (and at every path under it, for SPA reloads); returns the full URL. */
  page(path: string, html: string): string;
  close(): Promise<void>;
}

/** The published package's browser build (its package.json "main"). */
export function publishedFlockPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tinybirdco/flock.js/package.json')), 'dist/index.js');
}

export async function startTestSite(): Promise<TestSite> {
  const pages = new Map<string, string>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const script = path === '/vendor/flock.js' ? publishedFlockPath() : path.startsWith('/assets/flock') ? join(trackerDist, path.slice(8)) : '';
    if (script) {
      readFile(script).then(
        (body) => res.writeHead(200, { 'content-type': 'application/javascript' }).end(body),
        () => res.writeHead(404).end(),
      );
      return;
    }
    const html = pages.get(path) ?? [...pages].find(([p]) => path.startsWith(p + '/'))?.[1];
    if (html === undefined) res.writeHead(404).end('not found');
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    page(path, html) {
      pages.set(path, html);
      return url + path;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `<script defer src="…" data-…>`: attribute values are HTML-escaped; `true` writes a bare attribute. */
export function scriptTag(src: string, attrs: Record<string, string> = {}, defer = true): string {
  const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const list = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${esc(v)}"`)
    .join('');
  return `<script${defer ? ' defer' : ''} src="${esc(src)}"${list}></script>`;
}

export function htmlPage(head: string, body = '<h1>Aviary test page</h1><p>Some text to paint.</p>'): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>test</title>${head}</head><body>${body}</body></html>`;
}
