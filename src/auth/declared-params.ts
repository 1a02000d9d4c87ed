/**
 * Fixed params a pipe does not declare. A JWT's `fixed_params` only filter through the
 * parameters a pipe's templates read, so a key the pipe does not know (`Tenant_ID` for
 * `tenant_id`) filters nothing and the token reads the pipe unfiltered. `aviary token jwt`
 * refuses such keys; the server, which cannot refuse tokens minted elsewhere without
 * breaking them, warns once per token and pipe.
 */
import { tableReferences } from "../engine/sql-scan.ts";
import type { Pipe, Project } from "../project/model.ts";
import { templateParameters } from "../template/index.ts";
import type { Principal, Variables } from "./principal.ts";

/** TypeScript `params`, names the templates read, and those of pipes read as tables (inlined, they see the caller's values). */
export function declaredParameters(project: Project, pipe: Pipe, seen: ReadonlySet<string> = new Set()): Set<string> {
  const names = new Set(pipe.params.map((p) => p.name));
  const nodes = new Set(pipe.nodes.map((n) => n.name));
  for (const node of pipe.nodes) {
    for (const p of templateParameters(node.sql)) names.add(p.name);
    for (const ref of tableReferences(node.sql)) {
      const inner = project.pipes.get(ref);
      if (inner && !nodes.has(ref) && !seen.has(ref)) for (const n of declaredParameters(project, inner, new Set([...seen, pipe.name]))) names.add(n);
    }
  }
  return names;
}

const folded = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Each undeclared key, with the declared name it probably meant (same letters in another case or spelling of separators). */
export function undeclaredFixedParams(project: Project, pipe: Pipe, fixed: Variables): { key: string; meant?: string }[] {
  const declared = declaredParameters(project, pipe);
  return Object.keys(fixed)
    .filter((key) => !declared.has(key))
    .map((key) => {
      const meant = [...declared].find((d) => folded(d) === folded(key));
      return meant === undefined ? { key } : { key, meant };
    });
}

export interface WarningLogger {
  warn(details: object, message: string): void;
}

/** Per verified token (its Principal is cached) and per pipe version (a new build makes new Pipes). */
const warned = new WeakMap<Principal, WeakSet<Pipe>>();

export function warnUndeclaredFixedParams(logger: WarningLogger, project: Project, principal: Principal, pipe: Pipe): void {
  const fixed = principal.fixedParams(pipe.name);
  if (Object.keys(fixed).length === 0) return;
  let pipes = warned.get(principal);
  if (!pipes) warned.set(principal, (pipes = new WeakSet()));
  if (pipes.has(pipe)) return;
  pipes.add(pipe);
  const undeclared = undeclaredFixedParams(project, pipe, fixed);
  if (undeclared.length === 0) return;
  logger.warn(
    { token: principal.name, pipe: pipe.name, undeclared },
    "a JWT fixes parameters this pipe does not declare: they filter nothing, so the token reads the pipe without them (mint it again with the pipe's parameter names)",
  );
}
