/**
 * Template stage of a copy: the pipe rendered with the run's parameters (the request's,
 * then the pipe's defaults) into one SELECT, decided before the job is queued so that a
 * bad parameter is the request's error (400), not a failed job.
 */
import type { Settings } from "../engine/engine.ts";
import { pipeSql } from "../engine/pipe-sql.ts";
import type { Pipe, Project } from "../project/model.ts";
import { renderPipe, type Variables } from "../query/render-pipe.ts";

export type CopyMode = "append" | "replace";

export interface CopyPlan {
  readonly pipe: string;
  readonly target: string;
  readonly mode: CopyMode;
  readonly sql: string;
  /** The template's hints, then the run's limits. */
  readonly settings: Settings;
  /** What the template saw, shown on the job. */
  readonly parameters: Variables;
  /** An append's deduplication token when the run is one of a schedule's ticks (any node may run it); else the job's. */
  readonly insertToken?: string;
}

/** `2024-01-31 10:00:00`, a DateTime literal in UTC. */
function sqlTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

/**
 * `copy_timestamp` is Tinybird's: when the job was received, whatever the request says.
 * `job_timestamp` (Tinybird Forward's name) is the same moment unless the request sets it.
 */
export function copyVariables(sent: Variables, at: Date): Variables {
  return { job_timestamp: sqlTime(at), ...sent, copy_timestamp: sqlTime(at) };
}

export function planCopy(project: Project, pipe: Pipe, sent: Variables, options: { at: Date; mode?: CopyMode; limits: Settings }): CopyPlan {
  const parameters = copyVariables(sent, options.at);
  const rendered = renderPipe(project, pipe, parameters);
  return {
    pipe: pipe.name,
    target: pipe.targetDatasource ?? "",
    mode: options.mode ?? pipe.copyMode ?? "append",
    sql: pipeSql(rendered),
    settings: { ...rendered.settings, ...options.limits },
    parameters,
  };
}
