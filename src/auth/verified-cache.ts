/**
 * A bounded LRU of verified tokens, so a JWT sent on every request is checked once
 * until it expires. Only successes are kept: a failure costs one HMAC each time,
 * and an attacker cannot flush good entries with garbage.
 */
interface Entry<V> {
  readonly value: V;
  /** Unix seconds after which the entry is stale (the token's `exp`). */
  readonly expires: number;
}

export class VerifiedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(private readonly capacity: number) {}

  get(key: string, nowSeconds: number): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (entry.expires <= nowSeconds) return undefined;
    // Re-inserting moves the entry to the young end of the Map's insertion order.
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, expires: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
