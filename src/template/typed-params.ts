/**
 * The typed parameter functions: `String(x)`, `Int32(limit, 50)`, `Date(d)`, `Boolean(b)`,
 * `Array(ids, 'Int32')`, `JSON(j)`. They validate a request value and return something
 * that prints as safe SQL. `required=`, `description=`, … are metadata read only by the
 * parameter collector; they change nothing here.
 */
import { type Bound, native } from "./args.ts";
import { errors } from "./errors.ts";
import { plain } from "./operators.ts";
import { type RenderState, toValue } from "./render-state.ts";
import { CONVERTERS, elementConverter, sampleValue, typeLabel } from "./type-checks.ts";
import { Callable, type CallSite, Missing, type Value, isList, pyStr, truthy } from "./values.ts";
import { parseJson } from "../json-nesting.ts";

const METADATA = ["description?", "required?", "example?", "format?", "enum?"];
const SCALAR_PARAMS = ["x", "default?", ...METADATA, "defined?"];
export const ARRAY_PARAMS = ["x", "type?", "default?", "defined?", ...METADATA, "_type?"];

export const TYPED_FUNCTIONS = new Set([...Object.keys(CONVERTERS), "Boolean", "JSON", "Array"]);

/**
 * The value to validate: the request's, else the call's default, else a declared default.
 * A scalar parameter sent several times (repeated keys) takes the first value, as Tinybird does.
 */
function resolve(a: Bound, site: CallSite, state: RenderState, scalar = true): { name: string; value: Value } {
  const name = site.argNames[0] ?? "value";
  let value = a.x ?? null;
  if (scalar && isList(value) && site.argNames[0] !== undefined) value = value[0] ?? null;
  if (value === null) value = a.default ?? null;
  if (value === null) value = state.defaults.get(name) ?? null;
  return { name, value };
}

/** A parameter with no value: `defined=False` makes it None, test mode a sample, else Missing. */
function absent(name: string, a: Bound, state: RenderState, sample: () => Value): Value {
  if (state.testMode) return sample();
  if (a.defined !== undefined && !truthy(a.defined)) return null;
  return new Missing(name);
}

function scalar(type: string): Callable {
  const convert = CONVERTERS[type]!;
  return native<RenderState>(type, SCALAR_PARAMS, (a, site, state) => {
    const { name, value } = resolve(a, site, state);
    if (value === null) return absent(name, a, state, () => sampleValue(type));
    const raw = pyStr(plain(value));
    const out = convert(raw);
    if (out !== undefined) return out;
    if (state.testMode) return sampleValue(type);
    throw errors.invalidValue(raw, typeLabel(type));
  });
}

/** 1 or 0. `'0'`, `'false'` and an absent value with no default are 0, other values their truthiness. */
const boolean = native<RenderState>("Boolean", SCALAR_PARAMS, (a, site, state) => {
  const { value } = resolve(a, site, state);
  if (value === null) return 0n;
  const p = plain(value);
  const raw = pyStr(p).trim().toLowerCase();
  return raw === "0" || raw === "false" ? 0n : truthy(p) ? 1n : 0n;
});

const json = native<RenderState>("JSON", SCALAR_PARAMS, (a, site, state) => {
  const { name, value } = resolve(a, site, state, false);
  if (value === null) return absent(name, a, state, () => new Map());
  if (typeof value !== "string") return value;
  try {
    return toValue(parseJson(value));
  } catch {
    if (state.testMode) return new Map();
    throw errors.invalidValue(value, "JSON");
  }
});

/** Element type from `Array(x, 'Int32')` or `Array(x, Int32)`; String when not given. */
function elementType(a: Bound): string {
  const t = a.type ?? a._type ?? null;
  if (t === null) return "String";
  if (t instanceof Callable) return t.name;
  if (typeof t === "string") return t;
  throw errors.type(`Array() type must be a type name, not ${pyStr(t)}`);
}

const array = native<RenderState>("Array", ARRAY_PARAMS, (a, site, state) => {
  const type = elementType(a);
  const convert = elementConverter(type);
  if (!convert) throw errors.value(`Template Syntax Error: Unsupported type for Array: ${type}`);
  const { name, value } = resolve(a, site, state, false);
  if (value === null) return absent(name, a, state, () => [sampleValue(type, true)]);
  const p = plain(value);
  // A comma-joined string (`ids=1,2,3`) or real list (repeated keys, JSON); '' is the empty array.
  const items = isList(p) ? p.map((x) => pyStr(plain(x))) : pyStr(p) === "" ? [] : pyStr(p).split(",");
  const raw = items.join(",");
  return items.map((item, i) => {
    const out = convert(item);
    if (out !== undefined) return out;
    if (state.testMode) return sampleValue(type, true);
    throw errors.invalidArrayElement(raw, i, item, typeLabel(type));
  });
});

export function typedFunctions(): Callable[] {
  return [...Object.keys(CONVERTERS).map(scalar), boolean, json, array];
}
