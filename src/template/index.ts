/**
 * The Tinybird template language → ClickHouse SQL. A compiler in stages:
 * tokenize → parse to frozen nodes → execute against the request's values → SQL text.
 * Compiled templates are cached by source, since a pipe's SQL is rendered on every request.
 */
import { collectParameters, forbiddenUses, reservedWarnings, type TemplateParam } from "./collect.ts";
import { errors } from "./errors.ts";
import { Scope } from "./evaluator.ts";
import { execBlock } from "./executor.ts";
import { parseTemplate } from "./parser.ts";
import { createState } from "./render-state.ts";
import type { Node } from "./template-nodes.ts";

export { CustomError, TemplateError } from "./errors.ts";
export type { TemplateParam } from "./collect.ts";

export interface RenderResult {
  sql: string;
  /** For the `X-Tb-Warning` header. */
  warnings: string[];
  /** ClickHouse settings the template asked for (`max_threads(2)` → `{ max_threads: 2 }`). */
  settings: Record<string, string | number>;
  /** From `cache_ttl('5m')`. */
  cacheTtl?: string;
}

export interface RenderOptions {
  /** Missing or invalid typed parameters render a sample value of their type instead of failing. */
  testMode?: boolean;
  /**
   * Defaults declared outside the SQL (TypeScript `params`). Used by a typed parameter
   * function only when the request did not send the value and the call has no default of
   * its own; `defined(x)` stays false.
   */
  defaults?: Readonly<Record<string, unknown>>;
  /** The clock `utc_today()` reads; the moment of the render when not given (tests fix it). */
  now?: Date;
}

interface Compiled {
  readonly nodes: readonly Node[];
  readonly forbidden: readonly { name: string; line: number }[];
  readonly warnings: readonly string[];
}

const CACHE_LIMIT = 1000;
const cache = new Map<string, Compiled>();

/** True when the SQL is a template: its first non-whitespace character is `%`. */
export function isTemplate(sql: string): boolean {
  return sql.trimStart().startsWith("%");
}

function compile(sql: string): Compiled {
  const hit = cache.get(sql);
  if (hit) return hit;
  // Drop the `%` marker, and its line when nothing else is on it, keeping line numbers as written.
  const marker = /^\s*%([ \t]*\r?\n)?/.exec(sql)?.[0] ?? "";
  const firstLine = 1 + (marker.match(/\n/g) ?? []).length;
  const nodes = parseTemplate(sql.slice(marker.length), firstLine);
  const compiled = Object.freeze({ nodes, forbidden: forbiddenUses(nodes), warnings: reservedWarnings(nodes) });
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(sql, compiled);
  return compiled;
}

/**
 * Render a node's SQL. `variables` are request values: raw strings from the query string,
 * or JSON-typed values from JWT fixed_params. Non-template SQL is returned unchanged.
 */
export function renderTemplate(sql: string, variables: Readonly<Record<string, unknown>>, options: RenderOptions = {}): RenderResult {
  if (!isTemplate(sql)) return { sql, warnings: [], settings: {} };
  const compiled = compile(sql);
  const forbidden = compiled.forbidden[0];
  if (forbidden) throw errors.forbiddenName(forbidden.name, forbidden.line);
  const state = createState(variables, options);
  const out: string[] = [];
  execBlock(compiled.nodes, new Scope(state), out);
  const result: RenderResult = { sql: out.join(""), warnings: [...compiled.warnings, ...state.warnings], settings: state.settings };
  if (state.cacheTtl !== undefined) result.cacheTtl = state.cacheTtl;
  return result;
}

/** Parameters a template declares, in first-appearance order, merged across calls of the same name. */
export function templateParameters(sql: string): TemplateParam[] {
  return isTemplate(sql) ? collectParameters(compile(sql).nodes) : [];
}

/** Names used as variables that may not be (`q`, `format`), each with the line of its first use. */
export function forbiddenVariableNames(sql: string): { name: string; line: number }[] {
  return isTemplate(sql) ? compile(sql).forbidden.map((f) => ({ ...f })) : [];
}
