/**
 * Delivery: events wait in memory and leave as NDJSON batches (one JSON object per line,
 * so a single event is also a valid stock Events API body).
 *
 * - fetch with keepalive, so a request started just before the page closes still completes;
 * - a string body is sent as text/plain, a CORS "simple" request: no preflight round trip,
 *   and the same body works for navigator.sendBeacon;
 * - network errors, 429 and 5xx put the batch back and retry with exponential backoff
 *   (1 s doubling to 30 s); the browser's `online` event retries at once;
 * - when the page is hidden or closing, everything still waiting goes through sendBeacon (but
 *   not a batch whose fetch the unload aborted: see `gone`).
 */

// Chrome allows 64 KB of keepalive/beacon bodies in flight per page; a char may take 3 bytes.
const MAX_BATCH_BYTES = 6e4;

let pending: string[] = [];
let busy = false;
let retryTimer: ReturnType<typeof setTimeout> | 0 = 0;
let backoff = 0;
// Set on pagehide. A keepalive fetch in flight when the page unloads still reaches the server,
// but its promise rejects: retried, the batch would go again by beacon and be stored twice
// (seen in Chromium on a third of link clicks that navigate). The rejection must come after
// this listener: it does when the page added no pagehide listener before the tracker's.
// Not reset if the page comes back from the back/forward cache: a failure is then dropped.
let gone: unknown;
let target = (): string => '';

export function startDelivery(url: () => string): void {
  target = url;
  addEventListener('online', () => {
    clearTimeout(retryTimer);
    retryTimer = backoff = 0;
    flush();
  });
  addEventListener('pagehide', () => {
    gone = 1;
    beacon();
  });
  document.addEventListener('visibilitychange', flush);
}

export function enqueue(line: string): void {
  pending.push(line);
  // A microtask batches events tracked in the same task, yet starts the request before
  // control returns to the browser (a page closed right after trackEvent still delivers).
  queueMicrotask(flush);
}

function takeBatch(): string[] {
  let n = 0;
  for (let size = 0; n < pending.length && (size += pending[n]!.length * 3) < MAX_BATCH_BYTES; ) n++;
  return pending.splice(0, n || 1);
}

function flush(): void {
  // Hidden pages may be frozen or discarded at any moment: hand everything to sendBeacon.
  if (document.visibilityState == 'hidden') beacon();
  else if (!busy && !retryTimer && pending.length) void post();
}

async function post(): Promise<void> {
  busy = true;
  const batch = takeBatch();
  let retry: boolean;
  try {
    const res = await fetch(target(), { method: 'POST', body: batch.join('\n'), keepalive: true });
    // Other 4xx (bad token, unknown datasource) will not get better by retrying.
    retry = res.status == 429 || res.status >= 500;
  } catch {
    // Offline, DNS, blocked: retry; unless the page is going (see `gone`).
    retry = !gone;
  }
  busy = false;
  if (retry) {
    pending = batch.concat(pending);
    backoff = Math.min(backoff * 2 || 1e3, 3e4);
    retryTimer = setTimeout(() => {
      retryTimer = 0;
      flush();
    }, backoff);
  } else {
    backoff = 0;
    flush();
  }
}

function beacon(): void {
  const url = target();
  while (pending.length) {
    const batch = takeBatch();
    if (!navigator.sendBeacon(url, batch.join('\n'))) {
      pending = batch.concat(pending);
      return;
    }
  }
}
