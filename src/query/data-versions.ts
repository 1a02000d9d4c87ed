/**
 * How far the data has been written to, so that a cached endpoint answer is used exactly
 * until a write could have changed it. Every write reports itself (the Events API's
 * flusher, and every statement through the API's engine: appends, copy runs, builds).
 *
 * Tenants: a flush knows the tenants of its rows. An answer for a token that fixes
 * `tenant_id` depends on that tenant's rows only: the same assumption that keeps tenants
 * apart (a pipe that let such a token read other tenants' rows would show them to it).
 * So a flush of tenant A's events leaves tenant B's answers valid. Any other answer (the
 * admin's, a token without a fixed tenant) is outdated by every write. A write whose
 * tenants are not known outdates every tenant.
 *
 * Writes are not told apart by datasource: which tables a pipe reads cannot be known for
 * sure from its template (branches, TABLE(), joins written with commas), and being wrong
 * there would serve stale answers. Each tenant is counted apart: tenants sharing a count
 * (hash buckets, as before) let one see when the other's events arrive, by its answers
 * leaving the cache. Memory is bounded however many tenant ids senders invent: past
 * MAX_TENANTS the counts start again from a write that outdates every tenant.
 */
const MAX_TENANTS = 100_000;
/** Aviary's own tables (copy staging, the deploy record, shared state): no endpoint reads them. */
const INTERNAL = /^_aviary/i;

export class DataVersions {
  /** Bumped by a new project and by writes whose target is not known. */
  private epoch = 0;
  /** Bumped by every write. */
  private any = 0;
  /** Bumped by writes whose tenants are not known. */
  private all = 0;
  private readonly tenants = new Map<string, number>();

  /** A write whose target is not known (DDL, a statement not recognised, a new project whose views may have been backfilled). */
  writtenAnywhere(): void {
    this.epoch++;
  }

  /** Rows went into `table`; `tenants` when every row's tenant is known. */
  written(table: string, tenants?: ReadonlySet<string>): void {
    if (INTERNAL.test(table)) return;
    this.any++;
    if (tenants === undefined) this.all++;
    else {
      for (const t of tenants) this.tenants.set(t, (this.tenants.get(t) ?? 0) + 1);
      if (this.tenants.size > MAX_TENANTS) {
        this.tenants.clear();
        this.all++;
      }
    }
  }

  /** A text that changes whenever a write could change an answer for `tenant` (undefined: an answer for any or every tenant). */
  versionOf(tenant: string | undefined): string {
    return tenant === undefined ? `${this.epoch}:${this.any}` : `${this.epoch}:${this.all}.${this.tenants.get(tenant) ?? 0}`;
  }
}
