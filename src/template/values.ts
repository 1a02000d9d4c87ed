/**
 * The Python value model templates compute with. Python distinguishes int from float,
 * so ints are bigints and floats are numbers. Dicts are Maps; lists are arrays and
 * tuples are arrays registered in `tuples` (they only differ in how they print).
 */
import { errors } from "./errors.ts";

export type DictKey = string | bigint | number | boolean | null;

export type Value =
  | null
  | boolean
  | bigint
  | number
  | string
  | readonly Value[]
  | ReadonlyMap<DictKey, Value>
  | SqlInt
  | SqlFloat
  | RawSql
  | Missing
  | Callable;

/** An IntN/UIntN parameter: prints as `toInt32('5')`, computes as the plain int. */
export class SqlInt {
  constructor(
    readonly value: bigint,
    readonly type: string,
  ) {}
  get sql(): string {
    return `to${this.type}('${this.value}')`;
  }
}

/** A Float32/Float64 parameter: prints as `toFloat32('1.0')`, computes as the plain float. */
export class SqlFloat {
  constructor(
    readonly value: number,
    readonly type: string,
  ) {}
  get sql(): string {
    return `to${this.type}('${pyFloatRepr(this.value)}')`;
  }
}

/** SQL that is already safe (quoted identifiers, `sql_and` output): printed verbatim. */
export class RawSql {
  constructor(readonly sql: string) {}
}

/**
 * A typed parameter that was not sent and has no default. Using it raises "Required
 * parameter is not defined"; `sql_and` and `defined` treat it as unset instead, which is
 * how `sql_and(b__in=Array(b))` can skip an absent `b`.
 */
export class Missing {
  constructor(readonly name: string) {}
}

export interface CallSite {
  /** Source name of each positional argument that is a bare variable, for error messages and `defined`. */
  readonly argNames: readonly (string | undefined)[];
  readonly line: number;
}

export type NativeFunction<S> = (args: Value[], kwargs: ReadonlyMap<string, Value>, site: CallSite, state: S) => Value;

/** A function templates may call. `lenient` functions receive `Missing` instead of raising. */
export class Callable {
  constructor(
    readonly name: string,
    // The state type is erased here; the evaluator passes its own RenderState.
    readonly impl: NativeFunction<never>,
    readonly lenient = false,
  ) {}
}

const tuples = new WeakSet<readonly Value[]>();

export function tuple(items: Value[]): readonly Value[] {
  const t = Object.freeze(items);
  tuples.add(t);
  return t;
}

export const isList = (v: Value): v is readonly Value[] => Array.isArray(v);
export const isDict = (v: Value): v is ReadonlyMap<DictKey, Value> => v instanceof Map;

export function typeName(v: Value): string {
  if (v === null) return "NoneType";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "bigint" || v instanceof SqlInt) return "int";
  if (typeof v === "number" || v instanceof SqlFloat) return "float";
  if (typeof v === "string" || v instanceof RawSql) return "str";
  if (isList(v)) return tuples.has(v) ? "tuple" : "list";
  if (isDict(v)) return "dict";
  return v instanceof Callable ? "function" : "Missing";
}

/** Python truthiness. Missing raises: a condition on an absent required parameter is an error. */
export function truthy(v: Value): boolean {
  if (v === null) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "bigint") return v !== 0n;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string") return v.length > 0;
  if (isList(v)) return v.length > 0;
  if (isDict(v)) return v.size > 0;
  if (v instanceof SqlInt || v instanceof SqlFloat) return truthy(v.value);
  if (v instanceof RawSql) return v.sql.length > 0;
  if (v instanceof Missing) throw errors.requiredParameter([v.name]);
  return true;
}

/** Python's `repr(float)`: shortest round-trip digits, `.0` on whole numbers, exponent outside [1e-4, 1e16). */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (Object.is(x, -0)) return "-0.0";
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e16 || abs < 1e-4)) {
    const [mantissa, exponent = ""] = x.toExponential().split("e");
    const sign = exponent.startsWith("-") ? "-" : "+";
    return `${mantissa}e${sign}${exponent.replace(/^[+-]/, "").padStart(2, "0")}`;
  }
  const s = String(x);
  return s.includes(".") ? s : `${s}.0`;
}

/** Python's `repr(str)`. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "\\" || ch === quote) out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return quote + out + quote;
}

/** Python's `repr()`. */
export function pyRepr(v: Value): string {
  if (typeof v === "string") return pyStrRepr(v);
  if (isList(v)) {
    const inner = v.map(pyRepr).join(", ");
    if (!tuples.has(v)) return `[${inner}]`;
    return v.length === 1 ? `(${inner},)` : `(${inner})`;
  }
  if (isDict(v)) return `{${[...v].map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(", ")}}`;
  return pyStr(v);
}

/** Python's `str()`. Typed parameters print their SQL form, as their `__str__` does upstream. */
export function pyStr(v: Value): string {
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "bigint" || typeof v === "string") return String(v);
  if (typeof v === "number") return pyFloatRepr(v);
  if (v instanceof SqlInt || v instanceof SqlFloat || v instanceof RawSql) return v.sql;
  if (v instanceof Missing) throw errors.requiredParameter([v.name]);
  if (v instanceof Callable) return `<function ${v.name}>`;
  return pyRepr(v);
}
