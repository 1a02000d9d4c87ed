/**
 * Session identifiers: a random UUID with a 30-minute sliding expiry, renewed on every event.
 * Modes (data-storage): "cookie" (default), "localStorage", "sessionStorage", or "none",
 * which keeps the id in this page's memory only, so nothing identifying is stored in the browser.
 */

const KEY = 'session-id';
const TTL_MS = 1800e3;

// The in-memory copy also covers blocked storage and cookies the browser refused,
// so the events of one page always share a session.
let memoryId = '';
let memoryExpiry = 0;

export function sessionId(mode: string | null | undefined, domain: string | null | undefined): string {
  const now = Date.now();
  const store = mode == 'localStorage' || mode == 'sessionStorage' ? mode : '';
  const cookie = mode != 'none' && !store;
  let id = '';
  try {
    if (store) {
      // Web storage has no expiry of its own: the value is "<id>|<expires at, ms>".
      const [value, expiry] = (window[store].getItem(KEY) ?? '').split('|');
      if (Number(expiry) > now) id = value!;
    } else if (cookie) id = /(?:^|; )session-id=([^;]+)/.exec(document.cookie)?.[1] ?? '';
  } catch {
    // Storage disabled (private mode, sandboxed iframe).
  }
  id ||= memoryExpiry > now ? memoryId : uuid();
  memoryId = id;
  memoryExpiry = now + TTL_MS;
  try {
    if (store) window[store].setItem(KEY, id + '|' + memoryExpiry);
    // A domain the page is not on would make the browser reject the whole cookie.
    else if (cookie)
      document.cookie = `${KEY}=${id}; Max-Age=1800; path=/; secure${domain && location.hostname.endsWith(domain) ? '; domain=' + domain : ''}`;
  } catch {
    // As above: the in-memory id still works for this page.
  }
  return id;
}

/** RFC 4122 version 4 (variant nibble fixed at 8); crypto.randomUUID exists only in secure contexts. */
function uuid(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b + 256).toString(16).slice(1))
    .join('')
    .replace(/(.{8})(.{4}).(.{3}).(.{3})/, '$1-$2-4$3-8$4-');
}
