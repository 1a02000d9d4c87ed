/**
 * Iteration, indexing and slicing with Python semantics (negative indexes, dict keys,
 * strings by code point).
 */
import { errors } from "./errors.ts";
import { plain } from "./operators.ts";
import { type DictKey, type Value, isDict, isList, tuple, typeName } from "./values.ts";

/** The items a `for` loop visits: list/tuple items, string characters, dict keys. */
export function iterate(v: Value): readonly Value[] {
  const p = plain(v);
  if (isList(p)) return p;
  if (typeof p === "string") return Array.from(p);
  if (isDict(p)) return [...p.keys()];
  throw errors.type(`'${typeName(p)}' object is not iterable`);
}

export function length(v: Value): bigint {
  const p = plain(v);
  if (typeof p === "string") return BigInt(Array.from(p).length);
  if (isList(p)) return BigInt(p.length);
  if (isDict(p)) return BigInt(p.size);
  throw errors.type(`object of type '${typeName(p)}' has no len()`);
}

function toIndex(v: Value, what: string): number {
  const p = plain(v);
  if (typeof p === "bigint") return Number(p);
  if (typeof p === "boolean") return p ? 1 : 0;
  throw errors.type(`${what} indices must be integers, not ${typeName(p)}`);
}

/** A plain JS key for dict lookups; typed wrappers look up as their plain value. */
export function dictKey(v: Value): DictKey {
  const p = plain(v);
  if (p === null || typeof p !== "object") return p;
  throw errors.type(`unhashable type: '${typeName(p)}'`);
}

export function getItem(container: Value, index: Value): Value {
  const c = plain(container);
  if (isDict(c)) {
    const key = dictKey(index);
    if (!c.has(key)) throw errors.value(`KeyError: ${String(key)}`);
    return c.get(key)!;
  }
  const seq = typeof c === "string" ? Array.from(c) : isList(c) ? c : undefined;
  if (!seq) throw errors.type(`'${typeName(c)}' object is not subscriptable`);
  const i = toIndex(index, typeName(c));
  const at = i < 0 ? seq.length + i : i;
  if (at < 0 || at >= seq.length) throw errors.value(`${typeName(c)} index out of range`);
  return seq[at]!;
}

export function getSlice(container: Value, lower: Value, upper: Value, step: Value): Value {
  const c = plain(container);
  const seq = typeof c === "string" ? Array.from(c) : isList(c) ? c : undefined;
  if (!seq) throw errors.type(`'${typeName(c)}' object is not subscriptable`);
  const n = seq.length;
  const by = step === null ? 1 : toIndex(step, "slice");
  if (by === 0) throw errors.value("slice step cannot be zero");
  const clamp = (v: Value, dflt: number) => {
    if (v === null) return dflt;
    const i = toIndex(v, "slice");
    const at = i < 0 ? n + i : i;
    return by > 0 ? Math.min(Math.max(at, 0), n) : Math.min(Math.max(at, -1), n - 1);
  };
  const start = clamp(lower, by > 0 ? 0 : n - 1);
  const stop = clamp(upper, by > 0 ? n : -1);
  const out: Value[] = [];
  for (let i = start; by > 0 ? i < stop : i > stop; i += by) out.push(seq[i]!);
  if (typeof c === "string") return (out as string[]).join("");
  return typeName(c) === "tuple" ? tuple(out) : out;
}
