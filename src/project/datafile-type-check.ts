/**
 * Recognises the ClickHouse column types a datasource may declare, so a typo fails at
 * load time with its file and line instead of as a ClickHouse error at deploy time.
 * Names are case-sensitive, as Tinybird and the SDK write them.
 */
import { parseColumnType, type Arg, type TypeNode } from "./datafile-column-type.ts";
import { didYouMean } from "./datafile-names.ts";

/** A problem with the type, or undefined when it is fine. */
type Rule = (args: readonly Arg[] | undefined) => string | undefined;

const INT_WIDTHS = ["8", "16", "32", "64", "128", "256"];
const PLAIN = [
  "String", "UUID", "Float32", "Float64", "Bool", "Boolean", "Date", "Date32", "IPv4", "IPv6",
  ...INT_WIDTHS.flatMap((w) => [`Int${w}`, `UInt${w}`]),
];
const DECIMAL_SCALE: Readonly<Record<string, number>> = { Decimal32: 9, Decimal64: 18, Decimal128: 38, Decimal256: 76 };
const ENUM_RANGE: Readonly<Record<string, readonly [number, number]>> = { Enum: [-32768, 32767], Enum8: [-128, 127], Enum16: [-32768, 32767] };
/** ClickHouse refuses these inside Nullable ("Nested type … cannot be inside Nullable type"). */
const NOT_NULLABLE = new Set(["Array", "Map", "Tuple", "LowCardinality", "Nullable"]);

const isInt = (a: Arg | undefined, min: number, max: number): boolean =>
  a?.kind === "number" && Number.isInteger(a.value) && a.value >= min && a.value <= max;
const typeArgs = (args: readonly Arg[] | undefined): TypeNode[] =>
  (args ?? []).flatMap((a) => (a.kind === "type" || a.kind === "named" ? [a.node] : []));
const allTypes = (args: readonly Arg[] | undefined): boolean => (args ?? []).every((a) => a.kind === "type" || a.kind === "named");

const RULES: Readonly<Record<string, Rule>> = {
  ...Object.fromEntries(PLAIN.map((name) => [name, (args: readonly Arg[] | undefined) => (args ? `${name} takes no parameters` : undefined)])),
  FixedString: (args) => (args?.length === 1 && isInt(args[0], 1, 1e9) ? undefined : "expected FixedString(N) with a length N > 0"),
  DateTime: (args) =>
    args === undefined || (args.length === 1 && args[0]!.kind === "string") ? undefined : "expected DateTime or DateTime('time zone')",
  DateTime64: (args) =>
    args !== undefined && isInt(args[0], 0, 9) && (args.length === 1 || (args.length === 2 && args[1]!.kind === "string"))
      ? undefined
      : "expected DateTime64(precision 0-9) or DateTime64(precision, 'time zone')",
  Decimal: (args) =>
    args !== undefined && isInt(args[0], 1, 76) && (args.length === 1 || (args.length === 2 && isInt(args[1], 0, (args[0] as { value: number }).value)))
      ? undefined
      : "expected Decimal(P, S) with 1 <= P <= 76 and 0 <= S <= P",
  ...Object.fromEntries(
    Object.entries(DECIMAL_SCALE).map(([name, max]) => [name, (args: readonly Arg[] | undefined) => (args?.length === 1 && isInt(args[0], 0, max) ? undefined : `expected ${name}(S) with 0 <= S <= ${max}`)]),
  ),
  ...Object.fromEntries(
    Object.entries(ENUM_RANGE).map(([name, [min, max]]) => [
      name,
      (args: readonly Arg[] | undefined) =>
        args !== undefined && args.length > 0 && args.every((a) => a.kind === "string" || (a.kind === "enum" && Number.isInteger(a.value) && a.value >= min && a.value <= max))
          ? undefined
          : `expected ${name}('a' = 1, 'b' = 2, …) with values from ${min} to ${max}`,
    ]),
  ),
  JSON: () => undefined,
  Object: (args) => {
    const a = args?.[0];
    return args?.length === 1 && a?.kind === "string" && a.value.toLowerCase() === "json" ? undefined : "expected Object('json')";
  },
  Nullable: (args) => {
    const a = args?.[0];
    if (args?.length !== 1 || a?.kind !== "type") return "expected Nullable(T) with one type";
    const inner = a.node.name;
    return NOT_NULLABLE.has(inner) ? `${inner} can not be inside Nullable; write ${inner}(Nullable(…)) or drop Nullable` : undefined;
  },
  LowCardinality: (args) => (args?.length === 1 && args[0]!.kind === "type" ? undefined : "expected LowCardinality(T) with one type"),
  Array: (args) => (args?.length === 1 && args[0]!.kind === "type" ? undefined : "expected Array(T) with one type"),
  Tuple: (args) => (args !== undefined && args.length > 0 && allTypes(args) ? undefined : "expected Tuple(T1, T2, …) or Tuple(name1 T1, …)"),
  Map: (args) => (args?.length === 2 && args.every((a) => a.kind === "type") ? undefined : "expected Map(K, V) with two types"),
  // The function may carry parameters, `quantiles(0.5, 0.9)`, and older states a leading version number.
  AggregateFunction: (args) => {
    const rest = args?.[0]?.kind === "number" ? args.slice(1) : args;
    return rest !== undefined && rest.length > 0 && rest[0]!.kind === "type" && rest.slice(1).every((a) => a.kind === "type")
      ? undefined
      : "expected AggregateFunction(function, T1, …), e.g. AggregateFunction(uniq, String)";
  },
  SimpleAggregateFunction: (args) =>
    args?.length === 2 && args[0]!.kind === "type" && args[1]!.kind === "type" ? undefined : "expected SimpleAggregateFunction(function, T), e.g. SimpleAggregateFunction(max, DateTime)",
};

/** Arguments that are themselves column types (an aggregate's function name is not). */
function nestedTypes(node: TypeNode): TypeNode[] {
  if (node.name === "AggregateFunction" || node.name === "SimpleAggregateFunction") {
    const args = node.args ?? [];
    return typeArgs(args.slice(args[0]?.kind === "number" ? 2 : 1));
  }
  return typeArgs(node.args);
}

function problemIn(node: TypeNode): { node: TypeNode; message: string } | undefined {
  const rule = RULES[node.name];
  if (rule === undefined) return { node, message: `unknown type "${node.name}"${didYouMean(node.name, Object.keys(RULES))}` };
  const message = rule(node.args);
  if (message !== undefined) return { node, message: `invalid type "${node.text}": ${message}` };
  for (const inner of nestedTypes(node)) {
    const problem = problemIn(inner);
    if (problem) return problem;
  }
  return undefined;
}

/** Why `type` is not a column type ClickHouse accepts, or undefined when it is one. */
export function checkColumnType(type: string): string | undefined {
  const parsed = parseColumnType(type);
  if ("error" in parsed) return `can not read type "${type}": ${parsed.error}`;
  const problem = problemIn(parsed);
  if (problem === undefined) return undefined;
  return problem.node === parsed || problem.message.includes(`"${type}"`) ? problem.message : `${problem.message} in "${type}"`;
}
