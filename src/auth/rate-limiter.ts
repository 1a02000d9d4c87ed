/**
 * Token buckets: `rps` requests per second with a burst of `rps`, one bucket per key
 * (Tinybird's `count_per_period=rps, period=1 s, max_burst=rps`). `rps <= 0` is unlimited.
 */
export interface Admission {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Seconds until the bucket is full again. */
  readonly resetSeconds: number;
  /** Seconds until one more request is allowed (0 when allowed now). */
  readonly retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  rps: number;
  /** Milliseconds, monotonic. */
  updated: number;
}

/** Past this many buckets, full ones (idle keys) are dropped; they would start full anyway. */
const SWEEP_AT = 50_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  take(key: string, rps: number, nowMs: number = performance.now()): Admission {
    if (!(rps > 0)) return { allowed: true, limit: 0, remaining: 0, resetSeconds: 0, retryAfterSeconds: 0 };
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      if (this.buckets.size >= SWEEP_AT) this.sweep(nowMs);
      bucket = { tokens: rps, rps, updated: nowMs };
      this.buckets.set(key, bucket);
    }
    bucket.rps = rps;
    bucket.tokens = Math.min(rps, bucket.tokens + ((nowMs - bucket.updated) / 1000) * rps);
    bucket.updated = nowMs;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    return {
      allowed,
      limit: rps,
      remaining: Math.floor(bucket.tokens),
      resetSeconds: Math.ceil((rps - bucket.tokens) / rps),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / rps)),
    };
  }

  private sweep(nowMs: number): void {
    for (const [key, b] of this.buckets) if (b.tokens + ((nowMs - b.updated) / 1000) * b.rps >= b.rps) this.buckets.delete(key);
  }
}
