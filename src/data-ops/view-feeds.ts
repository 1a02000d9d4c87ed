/**
 * Which materialized views a change to a datasource's rows reaches: the views that read it,
 * then the views that read their targets, and so on. Targets come in the order they must be
 * recomputed (a target before the views that read it).
 */
import { viewSelect } from "../engine/deploy.ts";
import { tableReferences } from "../engine/sql-scan.ts";
import type { Project } from "../project/model.ts";

export interface ViewFeed {
  readonly view: string;
  readonly target: string;
  /** The view's query as deployed. */
  readonly select: string;
  /** Datasources it reads. */
  readonly reads: ReadonlySet<string>;
}

export interface ReachedTarget {
  readonly target: string;
  /** Every view writing into it, also those that do not read the changed rows: a partition is recomputed whole. */
  readonly feeds: readonly ViewFeed[];
  /** Read straight from the changed datasource; false when only through another view's target. */
  readonly direct: boolean;
}

export function viewFeeds(project: Project): ViewFeed[] {
  return [...project.pipes.values()].flatMap((pipe) => {
    if (pipe.type !== "materialized" || pipe.targetDatasource === undefined) return [];
    const select = viewSelect(project, pipe);
    const reads = new Set([...tableReferences(select)].filter((name) => project.datasources.has(name)));
    return [{ view: pipe.name, target: pipe.targetDatasource, select, reads }];
  });
}

export function reachedTargets(project: Project, changed: string): ReachedTarget[] {
  const feeds = viewFeeds(project);
  const reached: ReachedTarget[] = [];
  const seen = new Set<string>([changed]);
  let frontier = [changed];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const feed of feeds) {
      if (seen.has(feed.target) || !frontier.some((name) => feed.reads.has(name))) continue;
      seen.add(feed.target);
      next.push(feed.target);
      reached.push({ target: feed.target, feeds: feeds.filter((f) => f.target === feed.target), direct: feed.reads.has(changed) });
    }
    frontier = next;
  }
  return reached;
}

/** A materialized view writes into this datasource: its rows follow their sources. */
export function reachedByAView(project: Project, datasource: string): boolean {
  return [...project.pipes.values()].some((p) => p.type === "materialized" && p.targetDatasource === datasource);
}
