/**
 * Python-style argument binding for native functions: positional arguments fill the
 * parameter list in order, keywords fill by name, and mistakes raise Python's TypeErrors.
 */
import { errors } from "./errors.ts";
import { Callable, type CallSite, type NativeFunction, type Value, pyStr } from "./values.ts";

export type Bound = Record<string, Value | undefined>;

/**
 * Bind `args`/`kwargs` to `params`. A parameter written `name?` is optional; the others
 * must be given. Unset optional parameters are `undefined` (distinct from an explicit None).
 */
export function bind(fn: string, params: readonly string[], args: readonly Value[], kwargs: ReadonlyMap<string, Value>): Bound {
  const names = params.map((p) => p.replace(/\?$/, ""));
  if (args.length > names.length) throw errors.type(`${fn}() takes at most ${names.length} arguments (${args.length} given)`);
  const out: Bound = {};
  args.forEach((v, i) => (out[names[i]!] = v));
  for (const [k, v] of kwargs) {
    if (!names.includes(k)) throw errors.type(`${fn}() got an unexpected keyword argument '${k}'`);
    if (out[k] !== undefined) throw errors.type(`${fn}() got multiple values for argument '${k}'`);
    out[k] = v;
  }
  params.forEach((p, i) => {
    if (!p.endsWith("?") && out[names[i]!] === undefined) throw errors.type(`${fn}() missing required argument: '${names[i]}'`);
  });
  return out;
}

/** The argument as a str, or a TypeError naming the function. */
export function str(fn: string, v: Value | undefined, what = "argument"): string {
  if (typeof v !== "string") throw errors.type(`${fn}() ${what} must be str, not ${v === undefined ? "missing" : pyStr(v)}`);
  return v;
}

/** Define a native function with a Python-like signature. */
export function native<S>(name: string, params: readonly string[], body: (a: Bound, site: CallSite, state: S) => Value, lenient = false): Callable {
  const impl: NativeFunction<S> = (args, kwargs, site, state) => body(bind(name, params, args, kwargs), site, state);
  return new Callable(name, impl as NativeFunction<never>, lenient);
}
