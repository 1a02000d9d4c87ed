/**
 * Template stage of a request: renders every node of a pipe, and of each pipe it reads
 * as a table, with the request's variables. The engine stage turns the result into SQL.
 */
import type { Pipe, Project } from "../project/model.ts";
import { renderTemplate } from "../template/index.ts";
import { tableReferences } from "../engine/sql-scan.ts";

export interface RenderedNode {
  readonly name: string;
  readonly sql: string;
}

export interface RenderedPipe {
  readonly name: string;
  readonly nodes: readonly RenderedNode[];
  /** Pipes this one reads as tables, rendered with the same variables. */
  readonly inlined: readonly RenderedPipe[];
  readonly settings: Readonly<Record<string, string | number>>;
  readonly warnings: readonly string[];
}

export type Variables = Readonly<Record<string, unknown>>;

function paramDefaults(pipe: Pipe): Record<string, unknown> {
  return Object.fromEntries(pipe.params.filter((p) => p.default !== undefined).map((p) => [p.name, p.default]));
}

export function renderPipe(project: Project, pipe: Pipe, variables: Variables, seen: readonly string[] = []): RenderedPipe {
  const nodes: RenderedNode[] = [];
  const inlined: RenderedPipe[] = [];
  // The endpoint's own, then what its templates ask for (`max_threads(2)`).
  const settings: Record<string, string | number> = { ...pipe.settings };
  const warnings: string[] = [];
  const defaults = paramDefaults(pipe);
  for (const node of pipe.nodes) {
    const result = renderTemplate(node.sql, variables, { defaults });
    const sql = result.sql.trim().replace(/;+\s*$/, "");
    Object.assign(settings, result.settings);
    warnings.push(...result.warnings);
    const local = new Set(nodes.map((n) => n.name));
    for (const ref of tableReferences(sql)) {
      const other = project.pipes.get(ref);
      if (!other || local.has(ref) || ref === pipe.name || inlined.some((p) => p.name === ref)) continue;
      if (seen.includes(ref)) throw new Error(`pipe "${pipe.name}" reads "${ref}", which reads it back`);
      const sub = renderPipe(project, other, variables, [...seen, pipe.name]);
      inlined.push(sub);
      Object.assign(settings, sub.settings);
      warnings.push(...sub.warnings);
    }
    nodes.push({ name: node.name, sql });
  }
  return { name: pipe.name, nodes, inlined, settings, warnings: [...new Set(warnings)] };
}
