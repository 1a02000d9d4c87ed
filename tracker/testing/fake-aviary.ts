/**
 * A stand-in for the Aviary server, for tracker tests and the benchmark: serves tracker/dist
 * (/flock.js, /flock.js.map and the chunks) and records what the browser POSTs to
 * /v0/events (or any other path: data-proxy and data-proxy-url targets), answering as the
 * Events API does: 202 {"successful_rows":n,"quarantined_rows":0} with CORS headers, and
 * 204 to preflights. Tests only need `url`, `events` and `waitForEvents`, so a real server
 * can replace it later behind the same EventSink shape.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { trackerDist } from '../build.ts';

export interface CapturedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string;
  /** Parsed NDJSON lines of a POST body. */
  lines: Record<string, unknown>[];
  status: number;
  at: number;
}

export interface CapturedEvent extends Record<string, unknown> {
  action: string;
  session_id: string;
  tenant_id: string;
  domain: string;
  payload: unknown;
  /** From the request, not the event: `token` query parameter and path. */
  token: string | null;
  path: string;
}

export interface EventSink {
  /** Origin to use as data-host (and where flock.js is served from). */
  url: string;
  events: CapturedEvent[];
  waitForEvents(match: (e: CapturedEvent) => boolean, count?: number, timeoutMs?: number): Promise<CapturedEvent[]>;
}

export interface FakeAviary extends EventSink {
  requests: CapturedRequest[];
  /** The next `n` event POSTs get `status` (default 503) and are not recorded as events. */
  failNext(n: number, status?: number): void;
  /** Event POSTs are recorded at once but answered `ms` later (a request still in flight when the page leaves). */
  answerAfter(ms: number): void;
  close(): Promise<void>;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type, authorization',
  'access-control-max-age': '600',
};

const ASSETS: Record<string, string> = {
  '/flock.js': 'application/javascript',
  '/flock-web-vitals.js': 'application/javascript',
  '/flock-extensions.js': 'application/javascript',
  '/flock.js.map': 'application/json',
};

export async function startFakeAviary(): Promise<FakeAviary> {
  const requests: CapturedRequest[] = [];
  const events: CapturedEvent[] = [];
  let failures = 0;
  let failStatus = 503;
  let answerDelay = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const record: CapturedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      contentType: req.headers['content-type'] ?? '',
      lines: [],
      status: 200,
      at: Date.now(),
    };
    requests.push(record);
    if (req.method === 'GET' && ASSETS[url.pathname]) {
      const body = await readFile(`${trackerDist}${url.pathname}`);
      res.writeHead(200, { 'content-type': ASSETS[url.pathname]!, 'cache-control': 'no-store' }).end(body);
      return;
    }
    if (req.method === 'OPTIONS') {
      res.writeHead((record.status = 204), CORS).end();
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead((record.status = 404), CORS).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    record.lines = Buffer.concat(chunks)
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    if (failures > 0) {
      failures--;
      res.writeHead((record.status = failStatus), { ...CORS, 'content-type': 'application/json' }).end('{"error":"try later"}');
      return;
    }
    for (const line of record.lines) {
      events.push({ ...line, token: url.searchParams.get('token'), path: url.pathname } as CapturedEvent);
    }
    record.status = 202;
    if (answerDelay) await new Promise((r) => setTimeout(r, answerDelay));
    res
      .writeHead(202, { ...CORS, 'content-type': 'application/json' })
      .end(JSON.stringify({ successful_rows: record.lines.length, quarantined_rows: 0 }));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500, CORS).end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    events,
    failNext(n, status = 503) {
      failures = n;
      failStatus = status;
    },
    answerAfter(ms) {
      answerDelay = ms;
    },
    waitForEvents: (match, count = 1, timeoutMs = 5000) => waitFor(events, match, count, timeoutMs),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function waitFor<T>(items: T[], match: (item: T) => boolean, count: number, timeoutMs: number): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = items.filter(match);
    if (found.length >= count) return found;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${count} matching item(s); got ${found.length}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
