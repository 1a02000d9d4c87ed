/**
 * Results of endpoints that declare a cache (`Pipe.cacheSeconds`), keyed by the exact
 * statement that would run (see pipe-statement-key.ts), so two callers share an entry only
 * when the engine would answer them the very same bytes. Bounded by entries and bytes
 * (least recently used go first); failures are never kept; callers asking for an entry
 * that is being computed wait for that one computation instead of starting their own.
 *
 * An owner (a token's rate key) may hold a share of the entries and bytes: past that its
 * own oldest entries go, so one tenant can neither push every other tenant's answers out
 * nor, by filling the cache, watch for other tenants' misses evicting its entries.
 */

export interface ResultCacheOptions {
  readonly maxEntries: number;
  readonly maxBytes: number;
  /** What one owner may hold; the totals when not given. */
  readonly maxEntriesPerOwner?: number;
  readonly maxBytesPerOwner?: number;
  /** Milliseconds, monotonic; injectable for tests. */
  readonly now?: () => number;
}

export type CacheOutcome = "hit" | "miss" | "coalesced";

export interface Cached<V> {
  readonly value: V;
  /** Whole seconds since the value was computed (HTTP's `Age`). */
  readonly age: number;
  readonly outcome: CacheOutcome;
}

interface Entry<V> {
  readonly value: V;
  readonly owner: string;
  /** When its computation started: the data is as of then. */
  readonly at: number;
  readonly expires: number;
  readonly bytes: number;
}

/** Runs work in the caller's turn at the engine (the fair queue); a plain call by default. */
export type Turn = <T>(work: () => Promise<T>) => Promise<T>;

const now = () => performance.now();

export class ResultCache<V> {
  /** Map order is recency: the first key is the least recently used. */
  private readonly entries = new Map<string, Entry<V>>();
  private readonly pending = new Map<string, Promise<{ value: V; at: number }>>();
  private bytes = 0;
  private readonly owners = new Map<string, { entries: number; bytes: number }>();
  private readonly perOwner: { readonly entries: number; readonly bytes: number };
  private readonly now: () => number;

  constructor(
    private readonly options: ResultCacheOptions,
    private readonly sizeOf: (value: V) => number,
  ) {
    this.now = options.now ?? now;
    this.perOwner = { entries: options.maxEntriesPerOwner ?? options.maxEntries, bytes: options.maxBytesPerOwner ?? options.maxBytes };
  }

  /**
   * The value under `key` if computed less than `ttlMs` ago, else `load()`'s. The load runs
   * inside `turn`, and only there does it become the one others wait for: a caller refused
   * a turn (its own token's limits) fails alone, never the callers waiting behind it.
   */
  async get(key: string, ttlMs: number, load: () => Promise<V>, turn: Turn = (work) => work(), owner = ""): Promise<Cached<V>> {
    const early = this.lookup(key);
    if (early) return early;
    // Another caller's load found inside the turn is waited for after it (boxed, so the
    // async function does not adopt it): waiting must not hold an engine slot.
    const got = await turn(async () => {
      const found = this.lookup(key);
      if (found) return { found };
      const { value, at } = await this.start(key, ttlMs, load, owner);
      return { found: { value, age: this.ageOf(at), outcome: "miss" as const } };
    });
    return got.found;
  }

  /** Entries kept and their bytes, for tests and metrics. */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private lookup(key: string): Cached<V> | Promise<Cached<V>> | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expires > this.now()) {
      this.entries.delete(key);
      this.entries.set(key, entry);
      return { value: entry.value, age: this.ageOf(entry.at), outcome: "hit" };
    }
    if (entry) this.remove(key, entry);
    const pending = this.pending.get(key);
    return pending?.then(({ value, at }) => ({ value, age: this.ageOf(at), outcome: "coalesced" as const }));
  }

  private start(key: string, ttlMs: number, load: () => Promise<V>, owner: string): Promise<{ value: V; at: number }> {
    const at = this.now();
    const started = load().then((value) => {
      this.store(key, { value, owner, at, expires: at + ttlMs, bytes: this.sizeOf(value) + key.length });
      return { value, at };
    });
    this.pending.set(key, started);
    // Settled either way, it is no longer pending; a failure is simply not stored.
    const done = () => {
      if (this.pending.get(key) === started) this.pending.delete(key);
    };
    started.then(done, done);
    return started;
  }

  private store(key: string, entry: Entry<V>): void {
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    // One huge result must not flush every other tenant's entries.
    if (entry.bytes > Math.min(this.options.maxBytes / 8, this.perOwner.bytes)) return;
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    const mine = this.owners.get(entry.owner) ?? { entries: 0, bytes: 0 };
    this.owners.set(entry.owner, { entries: mine.entries + 1, bytes: mine.bytes + entry.bytes });
    // The owner's own oldest first, then everyone's.
    for (const [oldest, victim] of this.entries) {
      const held = this.owners.get(entry.owner)!;
      if (held.entries <= this.perOwner.entries && held.bytes <= this.perOwner.bytes) break;
      if (victim.owner === entry.owner) this.remove(oldest, victim);
    }
    for (const [oldest, victim] of this.entries) {
      if (this.entries.size <= this.options.maxEntries && this.bytes <= this.options.maxBytes) break;
      this.remove(oldest, victim);
    }
  }

  private remove(key: string, entry: Entry<V>): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    const held = this.owners.get(entry.owner)!;
    if (held.entries === 1) this.owners.delete(entry.owner);
    else this.owners.set(entry.owner, { entries: held.entries - 1, bytes: held.bytes - entry.bytes });
  }

  private ageOf(at: number): number {
    return Math.max(0, Math.floor((this.now() - at) / 1000));
  }
}
