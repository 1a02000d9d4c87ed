/**
 * The Python builtins templates commonly call, with Python's results (ints stay ints,
 * `round` rounds half to even, `int('x')` is a ValueError → 400).
 */
import { type Bound, native } from "./args.ts";
import { errors } from "./errors.ts";
import { MAX_SEQUENCE, binaryOp, compare, plain } from "./operators.ts";
import { iterate, length } from "./sequences.ts";
import { parseFloat64, parseInteger } from "./type-checks.ts";
import { type Callable, type Value, pyStr, truthy, tuple, typeName } from "./values.ts";

function toInt(v: Value): Value {
  const p = plain(v);
  if (typeof p === "bigint") return p;
  if (typeof p === "boolean") return p ? 1n : 0n;
  if (typeof p === "number") {
    if (!Number.isFinite(p)) throw errors.value(`cannot convert float ${pyStr(p)} to integer`);
    return BigInt(Math.trunc(p));
  }
  if (typeof p === "string") {
    const n = parseInteger(p);
    if (n === undefined) throw errors.value(`invalid literal for int() with base 10: '${p}'`);
    return n;
  }
  throw errors.type(`int() argument must be a string or a number, not '${typeName(p)}'`);
}

function toFloat(v: Value): Value {
  const p = plain(v);
  if (typeof p === "bigint" || typeof p === "number") return Number(p);
  if (typeof p === "boolean") return p ? 1 : 0;
  if (typeof p === "string") {
    const f = parseFloat64(p);
    if (f === undefined) throw errors.value(`could not convert string to float: '${p}'`);
    return f;
  }
  throw errors.type(`float() argument must be a string or a number, not '${typeName(p)}'`);
}

function int(v: Value | undefined): bigint {
  const p = plain(v ?? null);
  if (typeof p !== "bigint") throw errors.type(`'${typeName(p)}' object cannot be interpreted as an integer`);
  return p;
}

function range(a: Bound): Value {
  const [start, stop] = a.stop === undefined ? [0n, int(a.start)] : [int(a.start), int(a.stop)];
  const step = a.step === undefined ? 1n : int(a.step);
  if (step === 0n) throw errors.value("range() arg 3 must not be zero");
  const count = step > 0n ? (stop - start + step - 1n) / step : (start - stop - step - 1n) / -step;
  if (count > BigInt(MAX_SEQUENCE)) throw errors.value(`range() too large (${count} items)`);
  const out: bigint[] = [];
  for (let i = start; step > 0n ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

/** Python's round(): half to even; an int with no ndigits. */
function round(a: Bound): Value {
  const x = plain(a.number!);
  if (typeof x === "bigint") return x;
  if (typeof x !== "number") throw errors.type(`type ${typeName(x)} doesn't define __round__ method`);
  const digits = a.ndigits === undefined || a.ndigits === null ? undefined : Number(int(a.ndigits));
  const scale = 10 ** (digits ?? 0);
  const y = x * scale;
  const r = Math.abs(y % 1) === 0.5 ? 2 * Math.round(y / 2) : Math.round(y);
  return digits === undefined ? BigInt(r) : r / scale;
}

function extreme(name: "min" | "max", args: Value[]): Value {
  const items = args.length === 1 ? iterate(args[0]!) : args;
  if (!items.length) throw errors.value(`${name}() arg is an empty sequence`);
  return items.reduce((best, v) => (compare(name === "min" ? "<" : ">", v, best) ? v : best));
}

function sorted(a: Bound): Value {
  const items = [...iterate(a.iterable!)].sort((x, y) => (compare("<", x, y) ? -1 : compare("<", y, x) ? 1 : 0));
  return a.reverse !== undefined && truthy(a.reverse) ? items.reverse() : items;
}

export function builtins(): Callable[] {
  return [
    native("len", ["obj"], (a) => length(a.obj!)),
    native("str", ["object?"], (a) => (a.object === undefined ? "" : pyStr(plain(a.object)))),
    native("int", ["x?"], (a) => (a.x === undefined ? 0n : toInt(a.x))),
    native("float", ["x?"], (a) => (a.x === undefined ? 0 : toFloat(a.x))),
    native("bool", ["x?"], (a) => a.x !== undefined && truthy(a.x)),
    native("list", ["iterable?"], (a) => (a.iterable === undefined ? [] : [...iterate(a.iterable)])),
    native("tuple", ["iterable?"], (a) => tuple(a.iterable === undefined ? [] : [...iterate(a.iterable)])),
    native("range", ["start", "stop?", "step?"], range),
    native("round", ["number", "ndigits?"], round),
    native("abs", ["x"], (a) => {
      const x = plain(a.x!);
      return compare("<", x, 0n) ? binaryOp("-", 0n, x) : binaryOp("+", 0n, x);
    }),
    native("sum", ["iterable", "start?"], (a) => iterate(a.iterable!).reduce((acc, v) => binaryOp("+", acc, v), a.start ?? 0n)),
    native("sorted", ["iterable", "reverse?"], sorted),
    native("enumerate", ["iterable", "start?"], (a) => iterate(a.iterable!).map((v, i) => tuple([BigInt(i) + int(a.start ?? 0n), v]))),
    native("zip", ["a", "b", "c?"], (a) => {
      const lists = [a.a, a.b, a.c].filter((x) => x !== undefined).map((x) => iterate(x!));
      const n = Math.min(...lists.map((l) => l.length));
      return Array.from({ length: n }, (_, i) => tuple(lists.map((l) => l[i]!)));
    }),
    // min/max take either one iterable or several values, so they bypass `bind`.
    ...(["min", "max"] as const).map((name) => native(name, ["a", "b?", "c?", "d?", "e?", "f?"], (a) => extreme(name, Object.values(a).filter((v): v is Value => v !== undefined)))),
  ];
}
