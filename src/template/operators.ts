/**
 * Python semantics for operators over template values: arithmetic keeps int (bigint) and
 * float (number) apart, typed parameters compute as their plain value, and mixing
 * unrelated types is a TypeError as in Python.
 */
import { errors } from "./errors.ts";
import type { BinaryOp, CompareOp } from "./expr-nodes.ts";
import { Missing, RawSql, SqlFloat, SqlInt, type Value, isDict, isList, tuple, typeName } from "./values.ts";

/** Results larger than this (string/list repetition) are refused rather than built. */
export const MAX_SEQUENCE = 10_000_000;

/** Strip typed wrappers to the plain Python value they compute as; bools count as ints. */
export function plain(v: Value): Value {
  if (v instanceof Missing) throw errors.requiredParameter([v.name]);
  if (v instanceof SqlInt || v instanceof SqlFloat) return v.value;
  if (v instanceof RawSql) return v.sql;
  return v;
}

function numeric(v: Value): bigint | number | undefined {
  if (typeof v === "boolean") return v ? 1n : 0n;
  return typeof v === "bigint" || typeof v === "number" ? v : undefined;
}

function unsupported(op: string, a: Value, b: Value): never {
  throw errors.type(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function repeat(seq: Value, times: bigint): Value {
  const n = times < 0n ? 0 : Number(times);
  const length = typeof seq === "string" ? seq.length : isList(seq) ? seq.length : 0;
  if (length * n > MAX_SEQUENCE) throw errors.value(`sequence repetition too large (${length} × ${n})`);
  if (typeof seq === "string") return seq.repeat(n);
  return Array.from({ length: n }, () => seq as readonly Value[]).flat();
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n) && ((a < 0n) !== (b < 0n)) ? q - 1n : q;
}

function arith(op: BinaryOp, a: bigint | number, b: bigint | number): Value {
  if (typeof a === "bigint" && typeof b === "bigint") {
    if ((op === "/" || op === "//" || op === "%") && b === 0n) throw errors.value("division by zero");
    switch (op) {
      case "+": return a + b;
      case "-": return a - b;
      case "*": return a * b;
      case "/": return Number(a) / Number(b);
      case "//": return floorDiv(a, b);
      case "%": return a - floorDiv(a, b) * b;
    }
  }
  const x = Number(a);
  const y = Number(b);
  if ((op === "/" || op === "//" || op === "%") && y === 0) throw errors.value("float division by zero");
  switch (op) {
    case "+": return x + y;
    case "-": return x - y;
    case "*": return x * y;
    case "/": return x / y;
    case "//": return Math.floor(x / y);
    case "%": return x - Math.floor(x / y) * y;
  }
}

export function binaryOp(op: BinaryOp, left: Value, right: Value): Value {
  const a = plain(left);
  const b = plain(right);
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined && y !== undefined) return arith(op, x, y);
  if (op === "+") {
    if (typeof a === "string" && typeof b === "string") return a + b;
    if (isList(a) && isList(b)) return typeName(a) === "tuple" ? tuple([...a, ...b]) : [...a, ...b];
  }
  if (op === "*") {
    if ((typeof a === "string" || isList(a)) && typeof y === "bigint") return repeat(a, y);
    if ((typeof b === "string" || isList(b)) && typeof x === "bigint") return repeat(b, x);
  }
  if (op === "%" && typeof a === "string") throw errors.type("%-formatting of strings is not supported in templates");
  return unsupported(op, a, b);
}

export function unaryOp(op: "-" | "+", operand: Value): Value {
  const v = numeric(plain(operand));
  if (v === undefined) throw errors.type(`bad operand type for unary ${op}: '${typeName(operand)}'`);
  return op === "-" ? -v : v;
}

export function pyEquals(left: Value, right: Value): boolean {
  const a = plain(left);
  const b = plain(right);
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined && y !== undefined) {
    if (typeof x === typeof y) return x === y;
    const f = typeof x === "number" ? x : (y as number);
    const i = typeof x === "bigint" ? x : (y as bigint);
    return Number.isInteger(f) && BigInt(f) === i;
  }
  if (isList(a) && isList(b)) return a.length === b.length && a.every((v, i) => pyEquals(v, b[i]!));
  if (isDict(a) && isDict(b)) return a.size === b.size && [...a].every(([k, v]) => b.has(k) && pyEquals(v, b.get(k)!));
  return a === b;
}

/** Compare strings by code point, as Python does (JS `<` compares UTF-16 units). */
function compareStrings(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function order(left: Value, right: Value, op: string): number {
  const a = plain(left);
  const b = plain(right);
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  if (typeof a === "string" && typeof b === "string") return compareStrings(a, b);
  if (isList(a) && isList(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!pyEquals(a[i]!, b[i]!)) return order(a[i]!, b[i]!, op);
    }
    return a.length - b.length;
  }
  throw errors.type(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

export function contains(container: Value, item: Value): boolean {
  const c = plain(container);
  if (typeof c === "string") {
    const i = plain(item);
    if (typeof i !== "string") throw errors.type(`'in <string>' requires string as left operand, not ${typeName(i)}`);
    return c.includes(i);
  }
  if (isList(c)) return c.some((v) => pyEquals(v, item));
  if (isDict(c)) return [...c.keys()].some((k) => pyEquals(k, item));
  throw errors.type(`argument of type '${typeName(c)}' is not iterable`);
}

export function compare(op: CompareOp, a: Value, b: Value): boolean {
  switch (op) {
    case "==": return pyEquals(a, b);
    case "!=": return !pyEquals(a, b);
    case "<": return order(a, b, op) < 0;
    case "<=": return order(a, b, op) <= 0;
    case ">": return order(a, b, op) > 0;
    case ">=": return order(a, b, op) >= 0;
    case "in": return contains(b, a);
    case "not in": return !contains(b, a);
    // Identity only matters for None/True/False in templates; value identity covers those.
    case "is": return a === b;
    case "is not": return a !== b;
  }
}
