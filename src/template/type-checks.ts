/**
 * Validators behind the typed parameter functions. Each takes the parameter as its Python
 * `str()` and returns the converted value, or undefined when it does not fit the type.
 */
import { SqlFloat, SqlInt, type Value } from "./values.ts";

function intRange(bits: number, signed: boolean): readonly [bigint, bigint] {
  const b = BigInt(bits);
  return signed ? [-(1n << (b - 1n)), (1n << (b - 1n)) - 1n] : [0n, (1n << b) - 1n];
}

export const INT_TYPES: Readonly<Record<string, readonly [bigint, bigint]>> = Object.fromEntries(
  [8, 16, 32, 64, 128, 256].flatMap((bits) => [
    [`Int${bits}`, intRange(bits, true)],
    [`UInt${bits}`, intRange(bits, false)],
  ]),
);

/** Python's int(): optional sign, digits, surrounding whitespace and `_` between digits. */
export function parseInteger(raw: string): bigint | undefined {
  const s = raw.trim();
  if (!/^[+-]?\d+(_\d+)*$/.test(s)) return undefined;
  return BigInt(s.replaceAll("_", ""));
}

function parseInteger32(raw: string): bigint | undefined {
  return checkInt(raw, "Int32");
}

function checkInt(raw: string, type: string): bigint | undefined {
  const n = parseInteger(raw);
  const range = INT_TYPES[type];
  return n !== undefined && range && n >= range[0] && n <= range[1] ? n : undefined;
}

/** Python's float(): decimal or exponent notation, inf/infinity/nan in any case. */
export function parseFloat64(raw: string): number | undefined {
  const s = raw.trim();
  // Digits after the point need the point, so the pattern cannot backtrack quadratically.
  if (/^[+-]?(\d+(_\d+)*(\.(\d+(_\d+)*)?)?|\.\d+(_\d+)*)([eE][+-]?\d+)?$/.test(s)) return Number(s.replaceAll("_", ""));
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(s);
  if (!special) return undefined;
  if (special[2]!.toLowerCase() === "nan") return NaN;
  return special[1] === "-" ? -Infinity : Infinity;
}

function validCalendar(y: string, m: string, d: string, hh = "0", mm = "0", ss = "0"): boolean {
  const [Y, M, D, H, Mi, S] = [y, m, d, hh, mm, ss].map(Number) as [number, number, number, number, number, number];
  const t = new Date(Date.UTC(Y, M - 1, D, H, Mi, S));
  return t.getUTCFullYear() === Y && t.getUTCMonth() === M - 1 && t.getUTCDate() === D && H < 24 && Mi < 60 && S < 60;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;
const DATETIME64 = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?$/;

function matchDate(re: RegExp, raw: string): string | undefined {
  const m = re.exec(raw);
  return m && validCalendar(m[1]!, m[2]!, m[3]!, m[4], m[5], m[6]) ? raw : undefined;
}

export type Converter = (raw: string) => Value | undefined;

/**
 * Scalar converters by type name. IntN/FloatN keep their type so they print as
 * `toInt32('5')`; `Int`/`Integer` print bare; dates stay strings and print quoted.
 */
export const CONVERTERS: Readonly<Record<string, Converter>> = {
  String: (raw) => raw,
  ...Object.fromEntries(Object.keys(INT_TYPES).map((t) => [t, (raw: string) => {
    const n = checkInt(raw, t);
    return n === undefined ? undefined : new SqlInt(n, t);
  }])),
  Int: parseInteger32,
  Integer: parseInteger32,
  Float32: (raw) => {
    const f = parseFloat64(raw);
    return f === undefined ? undefined : new SqlFloat(f, "Float32");
  },
  Float64: (raw) => {
    const f = parseFloat64(raw);
    return f === undefined ? undefined : new SqlFloat(f, "Float64");
  },
  Date: (raw) => matchDate(DATE, raw),
  DateTime: (raw) => matchDate(DATETIME, raw),
  DateTime64: (raw) => matchDate(DATETIME64, raw),
};

/** Array element converters: the same checks, but elements are plain values (`[1,2,3]`, not `[toInt32('1'),…]`). */
export function elementConverter(type: string): Converter | undefined {
  if (INT_TYPES[type]) return (raw) => checkInt(raw, type);
  if (type === "Int" || type === "Integer") return parseInteger32;
  if (type === "Float32" || type === "Float64") return parseFloat64;
  if (type === "Boolean") return (raw) => (["0", "false"].includes(raw.trim().toLowerCase()) ? 0n : raw.trim() ? 1n : 0n);
  return Object.hasOwn(CONVERTERS, type) ? CONVERTERS[type] : undefined;
}

/** Type name used in messages and OpenAPI: the aliases check as Int32. */
export function typeLabel(type: string): string {
  return type === "Int" || type === "Integer" ? "Int32" : type;
}

/** A well-typed stand-in for a missing parameter (or Array element) when rendering in test mode. */
export function sampleValue(type: string, element = false): Value {
  const samples: Record<string, string> = { Date: "2019-01-01", DateTime: "2019-01-01 00:00:00", DateTime64: "2019-01-01 00:00:00.000", String: "" };
  const convert = element ? elementConverter(type) : CONVERTERS[type];
  return convert?.(samples[type] ?? "0") ?? null;
}
