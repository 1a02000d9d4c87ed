/**
 * How far each datasource has been written to, so that a cached endpoint answer is used
 * exactly until the data under it changes. Every write reports itself (the flusher, copy
 * runs, a new build); a write into a datasource also changes the targets of the
 * materialized views that read it, and theirs in turn.
 *
 * Tenants: a flush knows the tenants of its rows, and an answer for one tenant depends on
 * that tenant's rows only (the kit filters every read by the tenant a token fixes, which
 * is what keeps tenants apart in the first place). So a flush of tenant A's events leaves
 * tenant B's cached answers valid. An answer asked without a tenant depends on every write.
 */
import type { Project } from "../project/model.ts";
import { datasourcesReadBy } from "../auth/datasource-access.ts";

interface Counters {
  /** Bumped by every write. */
  any: number;
  /** Bumped by writes whose tenants are not known. */
  all: number;
  readonly tenants: Map<string, number>;
}

export class DataVersions {
  private readonly counters = new Map<string, Counters>();
  /** Datasource → the view targets its writes reach (itself included). */
  private reach = new Map<string, readonly string[]>();
  private readonly readsByPipe = new Map<string, readonly string[]>();
  private project: Project;
  /** Bumped when the project changes or a write's target is unknown: nothing cached before it is used after it. */
  private epoch = 0;

  constructor(project: Project) {
    this.project = project;
    this.reach = reachOf(project);
  }

  /** A new project is served: its views may have been backfilled, and pipes read other tables. */
  serve(project: Project): void {
    this.project = project;
    this.reach = reachOf(project);
    this.readsByPipe.clear();
    this.epoch++;
  }

  /** Rows went into `datasource`; `tenants` when every row's tenant is known. */
  written(datasource: string, tenants?: ReadonlySet<string>): void {
    for (const name of this.reach.get(datasource) ?? [datasource]) {
      const c = this.countersOf(name);
      c.any++;
      if (tenants === undefined) c.all++;
      else for (const t of tenants) c.tenants.set(t, (c.tenants.get(t) ?? 0) + 1);
    }
  }

  /** A write whose target is not known (DDL, a statement not recognised): nothing cached before it is used after it. */
  writtenAnywhere(): void {
    this.epoch++;
  }

  /** A text that changes whenever a write could change what `pipe` answers for `tenant` (undefined: any tenant). */
  versionOf(pipe: string, tenant: string | undefined): string {
    const parts = this.readsOf(pipe).map((name) => {
      const c = this.countersOf(name);
      return tenant === undefined ? `${c.any}` : `${c.all}.${c.tenants.get(tenant) ?? 0}`;
    });
    return `${this.epoch}:${parts.join(",")}`;
  }

  private readsOf(pipe: string): readonly string[] {
    let reads = this.readsByPipe.get(pipe);
    if (reads === undefined) {
      reads = [...datasourcesReadBy(this.project, pipe)].sort();
      this.readsByPipe.set(pipe, reads);
    }
    return reads;
  }

  private countersOf(name: string): Counters {
    let c = this.counters.get(name);
    if (c === undefined) this.counters.set(name, (c = { any: 0, all: 0, tenants: new Map() }));
    return c;
  }
}

/** For each datasource, it and every datasource materialized views fill from it, transitively. */
function reachOf(project: Project): Map<string, readonly string[]> {
  const views = [...project.pipes.values()].filter((p) => p.type === "materialized" && p.targetDatasource !== undefined);
  const fedBy = new Map<string, string[]>();
  for (const view of views) for (const source of datasourcesReadBy(project, view.name)) fedBy.set(source, [...(fedBy.get(source) ?? []), view.targetDatasource!]);
  const reach = new Map<string, readonly string[]>();
  for (const name of project.datasources.keys()) {
    const found = new Set([name]);
    const queue = [name];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      for (const target of fedBy.get(next) ?? []) {
        if (found.has(target)) continue;
        found.add(target);
        queue.push(target);
      }
    }
    reach.set(name, [...found]);
  }
  return reach;
}
