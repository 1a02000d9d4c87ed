/**
 * What one render carries besides the template: the request's values (converted to
 * Python values once) and what the template records on the side (settings, warnings).
 */
import { type DictKey, type Value, isDict, isList, pyFloatRepr, RawSql, SqlFloat, SqlInt } from "./values.ts";

export interface RenderState {
  readonly variables: ReadonlyMap<string, Value>;
  /** Fallbacks for typed parameters that were not sent and have no default in the call. */
  readonly defaults: ReadonlyMap<string, Value>;
  readonly testMode: boolean;
  /** The render's clock (`utc_today()`). */
  readonly now: Date;
  readonly settings: Record<string, string | number>;
  readonly warnings: string[];
  cacheTtl?: string;
}

/**
 * A request or JSON value as a Python value, the way `json.loads` would produce it:
 * whole numbers are ints, objects are dicts. undefined and null both mean "not sent".
 */
export function toValue(x: unknown): Value {
  if (x === undefined || x === null) return null;
  if (typeof x === "string" || typeof x === "boolean" || typeof x === "bigint") return x;
  if (typeof x === "number") return Number.isInteger(x) ? BigInt(x) : x;
  if (Array.isArray(x)) return x.map(toValue);
  if (x instanceof Date) return x.toISOString();
  if (typeof x === "object") {
    const map = new Map<DictKey, Value>();
    for (const [k, v] of Object.entries(x)) map.set(k, toValue(v));
    return map;
  }
  return String(x);
}

/** A Python value as plain JSON-able data (error bodies, parameter defaults). */
export function toPlain(v: Value): unknown {
  if (typeof v === "bigint") return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : String(v);
  if (typeof v === "number") return Number.isFinite(v) ? v : pyFloatRepr(v);
  if (v instanceof SqlInt || v instanceof SqlFloat) return toPlain(v.value);
  if (v instanceof RawSql) return v.sql;
  if (isList(v)) return v.map(toPlain);
  if (isDict(v)) return Object.fromEntries([...v].map(([k, x]) => [String(k), toPlain(x)]));
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  return undefined;
}

export function createState(
  variables: Readonly<Record<string, unknown>>,
  options: { testMode?: boolean; defaults?: Readonly<Record<string, unknown>>; now?: Date } = {},
): RenderState {
  const vars = new Map<string, Value>();
  for (const [k, v] of Object.entries(variables)) if (v !== undefined && v !== null) vars.set(k, toValue(v));
  const defaults = new Map<string, Value>();
  for (const [k, v] of Object.entries(options.defaults ?? {})) if (v !== undefined && v !== null) defaults.set(k, toValue(v));
  return { variables: vars, defaults, testMode: options.testMode ?? false, now: options.now ?? new Date(), settings: {}, warnings: [] };
}
