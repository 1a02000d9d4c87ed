/**
 * A ClickHouse column type → the TypeScript type of its values in a Pipes API JSON
 * response (ClickHouse's `FORMAT JSON` with Aviary's defaults: 64-bit and wider
 * integers unquoted, named tuples as objects).
 */

/** Top-level arguments of `Name(a, b(c, d), 'e,f')`, split on commas outside brackets and quotes. */
export function typeArguments(inner: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === "`" || ch === '"') quote = ch;
    else if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "," && depth === 0) {
      args.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = inner.slice(start).trim();
  return last === "" ? args : [...args, last];
}

const NUMBER = /^(U?Int(8|16|32|64|128|256)|Float(32|64)|BFloat16|Decimal(32|64|128|256)?)$/;
const TEXT = /^(String|FixedString|UUID|Date|Date32|DateTime|DateTime64|IPv4|IPv6|Time|Time64|Interval\w+|AggregateFunction)$/;

const union = (types: readonly string[]): string => [...new Set(types)].join(" | ");
const element = (type: string): string => (/[|&\s]/.test(type) ? `(${type})` : type);
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
export const propertyName = (name: string): string => (IDENTIFIER.test(name) ? name : JSON.stringify(name));

export function tsTypeOf(clickhouseType: string): string {
  const type = clickhouseType.trim();
  const open = type.indexOf("(");
  const name = open < 0 ? type : type.slice(0, open);
  const args = open < 0 || !type.endsWith(")") ? [] : typeArguments(type.slice(open + 1, -1));
  switch (name) {
    case "Nullable":
      return union([tsTypeOf(args[0] ?? ""), "null"]);
    case "LowCardinality":
      return tsTypeOf(args[0] ?? "");
    case "SimpleAggregateFunction":
      return tsTypeOf(args[1] ?? "");
    case "Array":
      return `${element(tsTypeOf(args[0] ?? ""))}[]`;
    case "Map":
      return `Record<string, ${tsTypeOf(args[1] ?? "")}>`;
    case "Tuple":
      return tupleType(args);
    case "Variant":
      return union(args.map(tsTypeOf));
    case "Enum8":
    case "Enum16":
      return union(args.map((a) => JSON.stringify(a.replace(/\s*=\s*-?\d+$/, "").slice(1, -1).replace(/\\'/g, "'"))));
    case "Bool":
      return "boolean";
    case "Nothing":
      return "null";
    case "JSON":
    case "Object":
      return "Record<string, unknown>";
  }
  if (NUMBER.test(name)) return "number";
  if (TEXT.test(name)) return "string";
  return "unknown";
}

/**
 * `Tuple(a String, b UInt8)` is written as an object, `Tuple(String, UInt8)` as an array.
 * An element is named when a word and a space start it: no bare type does (`Decimal(10, 2)`
 * has its space inside the brackets).
 */
function tupleType(args: readonly string[]): string {
  const named = args.map((arg) => /^(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)\s+(.+)$/.exec(arg));
  if (args.length > 0 && named.every((m) => m !== null)) {
    return `{ ${named.map((m) => `${propertyName(m![1]!.replace(/`/g, ""))}: ${tsTypeOf(m![2]!)}`).join("; ")} }`;
  }
  return `[${args.map(tsTypeOf).join(", ")}]`;
}
