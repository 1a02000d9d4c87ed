/**
 * Optional per-event dedupe for a datasource that names a dedupe key column: the
 * Events API drops a row whose key it accepted among the last `capacity` keys of
 * that datasource. The window lives in memory (a restart empties it) and is meant
 * for client retries and double-sent beacons. A datasource that needs exact,
 * durable uniqueness should use a ReplacingMergeTree sorted by that key.
 */
export class RecentKeys {
  // A Set iterates in insertion order, so its first element is always the oldest key.
  private readonly keys = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** False when the key is already in the window; otherwise remembers it. */
  reserve(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.capacity) this.keys.delete(this.keys.values().next().value as string);
    return true;
  }

  /** Forgets keys of rows that were not stored after all, so a retry is not dropped. */
  release(keys: readonly string[]): void {
    for (const key of keys) this.keys.delete(key);
  }
}
