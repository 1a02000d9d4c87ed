/**
 * The only attributes templates can read: a few str, list and dict methods. Attribute
 * names are looked up in these tables, never on JS objects, so nothing else is reachable.
 */
import { native, str, type Bound } from "./args.ts";
import { errors } from "./errors.ts";
import { plain, pyEquals } from "./operators.ts";
import { dictKey, iterate } from "./sequences.ts";
import { type Callable, type DictKey, type Value, isDict, isList, tuple, typeName } from "./values.ts";

type Method<T> = (self: T, a: Bound) => Value;

function pyStrip(s: string, chars: Value | undefined, left: boolean, right: boolean): string {
  const set = chars === undefined || chars === null ? undefined : new Set(Array.from(str("strip", chars)));
  const strip = (ch: string) => (set ? set.has(ch) : /\s/.test(ch));
  const cps = Array.from(s);
  let start = 0;
  let end = cps.length;
  while (left && start < end && strip(cps[start]!)) start++;
  while (right && end > start && strip(cps[end - 1]!)) end--;
  return cps.slice(start, end).join("");
}

function pySplit(s: string, sep: Value | undefined, maxsplit: Value | undefined): string[] {
  const limit = maxsplit === undefined || maxsplit === null ? -1 : Number(plain(maxsplit));
  if (sep === undefined || sep === null) {
    // Whitespace split drops empty strings, as Python does.
    const parts: string[] = [];
    let rest = s.replace(/^\s+/, "");
    while (rest && (limit < 0 || parts.length < limit)) {
      const m = /\s+/.exec(rest);
      if (!m) break;
      parts.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    if (rest) parts.push(limit >= 0 && parts.length >= limit ? rest.replace(/\s+$/, "") : rest);
    return parts;
  }
  const separator = str("split", sep, "separator");
  if (!separator) throw errors.value("empty separator");
  const all = s.split(separator);
  return limit < 0 || all.length <= limit + 1 ? all : [...all.slice(0, limit), all.slice(limit).join(separator)];
}

function prefixes(v: Value | undefined): string[] {
  const p = plain(v ?? null);
  return isList(p) ? p.map((x) => str("startswith", x)) : [str("startswith", p)];
}

const STR_METHODS: Record<string, [string[], Method<string>]> = {
  split: [["sep?", "maxsplit?"], (s, a) => pySplit(s, a.sep, a.maxsplit)],
  strip: [["chars?"], (s, a) => pyStrip(s, a.chars, true, true)],
  lstrip: [["chars?"], (s, a) => pyStrip(s, a.chars, true, false)],
  rstrip: [["chars?"], (s, a) => pyStrip(s, a.chars, false, true)],
  lower: [[], (s) => s.toLowerCase()],
  upper: [[], (s) => s.toUpperCase()],
  startswith: [["prefix"], (s, a) => prefixes(a.prefix).some((p) => s.startsWith(p))],
  endswith: [["suffix"], (s, a) => prefixes(a.suffix).some((p) => s.endsWith(p))],
  replace: [["old", "new", "count?"], (s, a) => {
    const parts = s.split(str("replace", a.old));
    const count = a.count === undefined ? -1 : Number(plain(a.count));
    if (count < 0 || parts.length <= count + 1) return parts.join(str("replace", a.new));
    return parts.slice(0, count + 1).join(str("replace", a.new)) + str("replace", a.old) + parts.slice(count + 1).join(str("replace", a.old));
  }],
  join: [["iterable"], (s, a) => iterate(a.iterable ?? null).map((x) => str("join", plain(x), "item")).join(s)],
  isdigit: [[], (s) => /^[0-9]+$/.test(s)],
};

const DICT_METHODS: Record<string, [string[], Method<ReadonlyMap<DictKey, Value>>]> = {
  get: [["key", "default?"], (d, a) => {
    const k = dictKey(a.key ?? null);
    return d.has(k) ? d.get(k)! : (a.default ?? null);
  }],
  keys: [[], (d) => [...d.keys()]],
  values: [[], (d) => [...d.values()]],
  items: [[], (d) => [...d].map(([k, v]) => tuple([k, v]))],
};

const LIST_METHODS: Record<string, [string[], Method<readonly Value[]>]> = {
  index: [["value"], (l, a) => {
    const i = l.findIndex((x) => pyEquals(x, a.value ?? null));
    if (i < 0) throw errors.value("value is not in list");
    return BigInt(i);
  }],
  count: [["value"], (l, a) => BigInt(l.filter((x) => pyEquals(x, a.value ?? null)).length)],
};

function lookup<T>(table: Record<string, [string[], Method<T>]>, self: T, attr: string): Callable | undefined {
  if (!Object.hasOwn(table, attr)) return undefined;
  const [params, fn] = table[attr]!;
  return native(attr, params, (a) => fn(self, a));
}

/** `obj.attr` for the allowed methods; anything else is an AttributeError. */
export function getAttribute(object: Value, attr: string): Value {
  const self = plain(object);
  const found =
    typeof self === "string" ? lookup(STR_METHODS, self, attr)
    : isDict(self) ? lookup(DICT_METHODS, self, attr)
    : isList(self) ? lookup(LIST_METHODS, self, attr)
    : undefined;
  if (!found) throw errors.type(`'${typeName(self)}' object has no attribute '${attr}' (or it is not allowed in templates)`);
  return found;
}
