/**
 * The tokens a project declares (`TOKEN "tracker" APPEND` on a datasource,
 * `TOKEN "dashboard" READ` on pipes, the SDK's `tokens`), as scope strings per token name.
 * On a datasource READ means DATASOURCES:READ and APPEND DATASOURCES:APPEND; on a pipe READ
 * means PIPES:READ.
 */
import type { Project } from "../project/model.ts";
import { formatScope, type Scope } from "./scopes.ts";

export function declaredTokens(project: Project): Map<string, string[]> {
  const byName = new Map<string, Set<string>>();
  const grant = (name: string, scope: Scope) => {
    const scopes = byName.get(name) ?? new Set<string>();
    scopes.add(formatScope(scope));
    byName.set(name, scopes);
  };
  for (const ds of project.datasources.values()) {
    for (const t of ds.tokens) grant(t.name, { type: t.permission === "APPEND" ? "DATASOURCES:APPEND" : "DATASOURCES:READ", resource: ds.name });
  }
  for (const pipe of project.pipes.values()) {
    for (const t of pipe.tokens) if (t.permission === "READ") grant(t.name, { type: "PIPES:READ", resource: pipe.name });
  }
  return new Map([...byName].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, scopes]) => [name, [...scopes].sort()]));
}
