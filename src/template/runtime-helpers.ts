/**
 * Helpers that talk to the request rather than build SQL: `defined`, `error`,
 * `custom_error`, query hints that render nothing and record settings, secrets, and the
 * small list helpers (`split_to_array`, `enumerate_with_last`).
 */
import { native, str } from "./args.ts";
import { CustomError, errors } from "./errors.ts";
import { plain } from "./operators.ts";
import { type RenderState, toPlain } from "./render-state.ts";
import { iterate } from "./sequences.ts";
import { type Callable, Missing, RawSql, type Value, isList, pyStr, tuple } from "./values.ts";

const NOTHING = new RawSql("");

const isUnset = (v: Value | undefined): boolean => v === undefined || v === null || v instanceof Missing;

const defined = native("defined", ["x?"], (a) => !isUnset(a.x), true);

const error = native("error", ["message", "code?"], (a) => {
  // Upstream raises a ValueError, so the code argument is ignored and the status is 400.
  throw errors.user(pyStr(plain(a.message!)));
});

const customError = native("custom_error", ["err", "code?"], (a) => {
  const code = a.code === undefined ? 400 : Number(plain(a.code));
  if (!Number.isInteger(code) || code < 200 || code > 599) throw errors.value(`custom_error(): invalid HTTP status ${pyStr(a.code!)}`);
  const err = plain(a.err!);
  throw new CustomError(typeof err === "string" ? err : toPlain(err), code);
});

const maxThreads = native<RenderState>("max_threads", ["n"], (a, _site, state) => {
  const n = Number(plain(a.n!));
  if (!Number.isInteger(n) || n < 1) throw errors.value(`max_threads(): expected a positive integer, got ${pyStr(a.n!)}`);
  state.settings.max_threads = n;
  return NOTHING;
});

const CACHE_TTLS = ["5s", "1m", "5m", "30m", "1h"];

const cacheTtl = native<RenderState>("cache_ttl", ["ttl"], (a, _site, state) => {
  const ttl = str("cache_ttl", plain(a.ttl!));
  if (!CACHE_TTLS.includes(ttl)) throw errors.value(`cache_ttl(): expected one of ${CACHE_TTLS.join(", ")}, got '${ttl}'`);
  state.cacheTtl = ttl;
  return NOTHING;
});

/** Routing hints for a replicated cluster; a single server has nothing to route. */
const backendHint = native("backend_hint", ["hint?"], () => NOTHING);

function feature(name: "activate" | "disable"): Callable {
  return native<RenderState>(name, ["feature"], (a, _site, state) => {
    const f = str(name, plain(a.feature!));
    if (f === "analyzer") state.settings.enable_analyzer = name === "activate" ? 1 : 0;
    // Parallel replicas need a cluster; on one server the hint is accepted and ignored.
    else if (!(name === "activate" && f === "parallel_replicas")) throw errors.value(`${name}(): unknown feature '${f}'`);
    return NOTHING;
  });
}

/** Aviary has no secret store: a secret renders its default, and without one it is an error. */
function secret(name: string): Callable {
  return native(name, ["name", "default?"], (a) => {
    if (a.default === undefined || a.default === null) throw errors.value(`Cannot access secret '${pyStr(a.name!)}': secrets are not supported; give a default`);
    return a.default;
  });
}

/** `split_to_array('a, b')` → `['a', 'b']`: items stripped, empty items dropped. */
const splitToArray = native("split_to_array", ["x", "default?", "separator?"], (a) => {
  const value = isUnset(a.x) ? (a.default ?? "") : a.x!;
  const p = plain(value);
  const sep = a.separator === undefined ? "," : str("split_to_array", a.separator, "separator");
  const items = isList(p) ? p.map((x) => pyStr(plain(x))) : pyStr(p).split(sep);
  return items.map((s) => s.trim()).filter(Boolean);
}, true);

const enumerateWithLast = native("enumerate_with_last", ["iterable"], (a) => {
  const items = iterate(a.iterable!);
  return items.map((item, i) => tuple([i === items.length - 1, item]));
});

export function runtimeHelpers(): Callable[] {
  return [defined, error, customError, maxThreads, cacheTtl, backendHint, feature("activate"), feature("disable"), secret("tb_secret"), secret("tb_var"), splitToArray, enumerateWithLast];
}
