/**
 * Tinybird Classic published endpoints outside the datafiles (in its UI), so a classic
 * project's pipes declare no TYPE endpoint; the published node was the last one, often
 * named `endpoint`. When no pipe of a datafile project declares TYPE endpoint, each pipe
 * without a TYPE that is neither a materialization nor a copy (DATASOURCE or
 * TARGET_DATASOURCE alone make those) serves its last node as an endpoint, and one note
 * says so.
 */
import type { Pipe, ProjectIssue } from "./model.ts";

export function publishClassicEndpoints(pipes: readonly Pipe[], source: string): { pipes: Pipe[]; note?: ProjectIssue } {
  const untyped = pipes.filter((p) => p.type === "default");
  if (untyped.length === 0 || pipes.some((p) => p.type === "endpoint")) return { pipes: [...pipes] };
  const names = untyped.map((p) => p.name).join(", ");
  return {
    pipes: pipes.map((p): Pipe => (p.type === "default" ? { ...p, type: "endpoint" } : p)),
    note: {
      loc: { file: source },
      message: `classic-format project: no pipe declares TYPE endpoint, so each pipe without a TYPE serves its last node as an endpoint, as Tinybird Classic published them: ${names}`,
    },
  };
}
