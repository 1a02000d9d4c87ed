/**
 * A short-lived cache of API answers keyed by token and URL. Widgets that need the same
 * endpoint with the same parameters (the domain list in the header and in the empty
 * state, say) share one request, and flipping back to a recent view is instant. Entries
 * expire quickly: this is a dashboard of live data.
 */
const TTL_MS = 20_000;
const MAX_ENTRIES = 200;

interface Entry {
  readonly at: number;
  readonly promise: Promise<unknown>;
}

const entries = new Map<string, Entry>();

export function cached<T>(key: string, load: () => Promise<T>, options: { fresh?: boolean } = {}): Promise<T> {
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && !options.fresh && now - hit.at < TTL_MS) return hit.promise as Promise<T>;
  const promise = load();
  entries.set(key, { at: now, promise });
  // Failures are not remembered: a retry must really retry.
  promise.catch(() => {
    if (entries.get(key)?.promise === promise) entries.delete(key);
  });
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  return promise;
}

export function clearCache(): void {
  entries.clear();
}
