/**
 * Array, Map and Tuple: each element goes through the converter of its own type, and
 * one element that does not fit makes the whole value not fit.
 */
import { isPlainObject, jsonString, type Convert } from "./convert.ts";

export function arrayOf(element: Convert): Convert {
  return (v) => {
    if (!Array.isArray(v)) return undefined;
    let out = "[";
    for (let i = 0; i < v.length; i++) {
      const item = element(v[i]);
      if (item === undefined) return undefined;
      out += i === 0 ? item : `,${item}`;
    }
    return `${out}]`;
  };
}

/** JSON object keys are strings; numeric key types still travel quoted, as JSON requires. */
export function mapOf(key: Convert, value: Convert): Convert {
  return (v) => {
    if (!isPlainObject(v)) return undefined;
    let out = "{";
    let first = true;
    for (const k of Object.keys(v)) {
      const keyText = key(k);
      const valueText = value(v[k]);
      if (keyText === undefined || valueText === undefined) return undefined;
      const quoted = keyText.startsWith('"') ? keyText : jsonString(keyText);
      out += `${first ? "" : ","}${quoted}:${valueText}`;
      first = false;
    }
    return `${out}}`;
  };
}

/** Unnamed tuples read and write JSON arrays; named ones also read objects and are written as objects, which ClickHouse requires. */
export function tupleOf(elements: readonly Convert[], names: readonly string[] | undefined): Convert {
  return (v) => {
    const values = Array.isArray(v) ? v : names && isPlainObject(v) ? names.map((n) => v[n]) : undefined;
    if (!values || values.length !== elements.length) return undefined;
    const parts: string[] = [];
    for (let i = 0; i < elements.length; i++) {
      const part = elements[i]!(values[i]);
      if (part === undefined) return undefined;
      parts.push(names ? `${JSON.stringify(names[i])}:${part}` : part);
    }
    return names ? `{${parts.join(",")}}` : `[${parts.join(",")}]`;
  };
}

export function nullableOf(inner: Convert): Convert {
  return (v) => (v === null ? "null" : inner(v));
}

/** Field names of a named tuple, from its type text (`Tuple(a Int32, b String)`). */
export function tupleFieldNames(typeText: string): string[] {
  const inner = typeText.slice(typeText.indexOf("(") + 1, typeText.lastIndexOf(")"));
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let quote = "";
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
    } else if (c === "'" || c === "`") quote = c;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      parts.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(inner.slice(start));
  return parts.map((p) => /^\s*(`[^`]+`|[A-Za-z_]\w*)\s+\S/.exec(p)?.[1]?.replace(/^`|`$/g, "") ?? "");
}
