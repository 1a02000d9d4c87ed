/**
 * Columns the caller decides instead of the row (a tenant-bound tracker token's
 * `tenant_id`): part of the check stage, written into each event where its column reads
 * from before the row is checked, so the row, its quarantine line and the write-ahead log
 * all carry the decided value. The core knows nothing of tokens: it gets plain values.
 */
import { errors } from "../errors.ts";
import type { Column, Datasource } from "../project/model.ts";
import { parseSteps } from "./json-path.ts";
import { converterFor } from "./types/column-converter.ts";
import { isPlainObject } from "./types/convert.ts";

/** A column whose row value stays when `keeps` accepts it and becomes `otherwise` when not. */
export interface GuardedColumn {
  readonly keeps: (rowValue: unknown) => boolean;
  readonly otherwise: unknown;
}

export interface DecidedColumns {
  /** Column → the value every row gets, whatever it sends. */
  readonly fixed?: Readonly<Record<string, unknown>>;
  readonly guarded?: Readonly<Record<string, GuardedColumn>>;
}

/** Rewrites one parsed event in place (it is the request's own) and returns it. */
export type EventRewrite = (event: unknown) => unknown;

interface Target {
  readonly keys: readonly string[];
  readonly decide: (rowValue: unknown) => unknown;
}

/** Where a column reads from, as object keys; undefined when its path goes through an array. */
export function keysOf(column: Column): string[] | undefined {
  const steps = parseSteps(column.jsonPath ?? `$.${column.name}`);
  return steps.every((s) => typeof s === "string") ? (steps as string[]) : undefined;
}

function problemOf(ds: Datasource, name: string, value: unknown): string | undefined {
  const column = ds.columns.find((c) => c.name === name);
  if (!column) return `'${name}' is not a column of '${ds.name}'`;
  if (!keysOf(column)) return `column '${name}' is read through an array index (${column.jsonPath}), which cannot be fixed`;
  if (converterFor(column.type).convert(value) === undefined) return `${JSON.stringify(value)} is not a value of column '${name}' (${column.type})`;
  return undefined;
}

/** Why these values cannot be written into `ds`'s rows; empty when they can. For minting tokens too. */
export function fixedColumnProblems(ds: Datasource, fixed: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(fixed).flatMap(([name, value]) => problemOf(ds, name, value) ?? []);
}

export function read(event: Record<string, unknown>, keys: readonly string[]): unknown {
  let value: unknown = event;
  for (const key of keys) value = isPlainObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
  return value;
}

/** Own data properties only: a `__proto__` key must not reach the prototype setter. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

export function write(event: Record<string, unknown>, keys: readonly string[], value: unknown): void {
  let at = event;
  for (const key of keys.slice(0, -1)) {
    const next = Object.hasOwn(at, key) ? at[key] : undefined;
    if (!isPlainObject(next)) put(at, key, {});
    at = at[key] as Record<string, unknown>;
  }
  put(at, keys[keys.length - 1]!, value);
}

/** The rewrite for one request, or a 403 naming every column it cannot decide. */
export function compileRewrite(ds: Datasource, decided: DecidedColumns): EventRewrite | undefined {
  const fixed = Object.entries(decided.fixed ?? {});
  const guarded = Object.entries(decided.guarded ?? {});
  if (fixed.length === 0 && guarded.length === 0) return undefined;
  const problems = [...fixed, ...guarded.map(([name, g]) => [name, g.otherwise] as const)].flatMap(([name, value]) => problemOf(ds, name, value) ?? []);
  if (problems.length > 0) throw errors.undecidableColumns(ds.name, problems);
  const keysFor = (name: string) => keysOf(ds.columns.find((c) => c.name === name)!)!;
  const targets: Target[] = [
    ...guarded.map(([name, g]) => ({ keys: keysFor(name), decide: (v: unknown) => (g.keeps(v) ? v : g.otherwise) })),
    ...fixed.map(([name, value]) => ({ keys: keysFor(name), decide: () => value })),
  ];
  return (event) => {
    // Anything but an object is quarantined whole by the row check; nothing to write into.
    if (!isPlainObject(event)) return event;
    for (const t of targets) write(event, t.keys, t.decide(read(event, t.keys)));
    return event;
  };
}
