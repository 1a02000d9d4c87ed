/**
 * Picks the converter for a column's ClickHouse type, built once per datasource.
 * LowCardinality(X) and SimpleAggregateFunction(f, X) take what X takes. A type with
 * no converter here passes its JSON value through: ClickHouse then decides, and a
 * row it refuses is still quarantined by the flusher (see insert-segment.ts).
 */
import { parseColumnType, type Arg, type TypeNode } from "../../project/datafile-column-type.ts";
import { arrayOf, mapOf, nullableOf, tupleFieldNames, tupleOf } from "./compound.ts";
import type { ColumnConverter, Convert } from "./convert.ts";
import { bool, decimal, float, integer } from "./numbers.ts";
import { enumOf, fixedString, ipv4, ipv6, jsonObject, string, uuid } from "./text.ts";
import { date, dateTime, dateTime64 } from "./time.ts";

const passThrough: Convert = (v) => {
  const text = JSON.stringify(v);
  return text === undefined ? undefined : text;
};

const DECIMAL_PRECISION: Readonly<Record<string, number>> = { Decimal32: 9, Decimal64: 18, Decimal128: 38, Decimal256: 76 };

function typeArgs(node: TypeNode): TypeNode[] {
  return (node.args ?? []).flatMap((a: Arg) => (a.kind === "type" || a.kind === "named" ? [a.node] : []));
}

function numberArgs(node: TypeNode): number[] {
  return (node.args ?? []).flatMap((a: Arg) => (a.kind === "number" ? [a.value] : []));
}

function hasTimezone(node: TypeNode): boolean {
  return (node.args ?? []).some((a) => a.kind === "string");
}

function compile(node: TypeNode): ColumnConverter {
  const inner = typeArgs(node);
  const numbers = numberArgs(node);
  const plain = (convert: Convert): ColumnConverter => ({ convert, nullable: false });
  // Project validation guarantees type arguments; a missing one still must not crash ingestion.
  const sub = (i: number): ColumnConverter => (inner[i] ? compile(inner[i]) : plain(passThrough));
  const intMatch = /^(U?)Int(8|16|32|64|128|256)$/.exec(node.name);
  if (intMatch) return plain(integer(Number(intMatch[2]), intMatch[1] !== "U"));
  switch (node.name) {
    case "Nullable":
      return { convert: nullableOf(sub(0).convert), nullable: true };
    case "LowCardinality":
      return sub(0);
    case "SimpleAggregateFunction":
      return sub(inner.length - 1);
    case "String":
      return plain(string);
    case "FixedString":
      return plain(fixedString(numbers[0] ?? 0));
    case "Float32":
    case "Float64":
      return plain(float(node.name === "Float32" ? 32 : 64));
    case "Bool":
    case "Boolean":
      return plain(bool);
    case "Decimal":
      return plain(decimal(numbers[0] ?? 10, numbers[1] ?? 0));
    case "Decimal32":
    case "Decimal64":
    case "Decimal128":
    case "Decimal256":
      return plain(decimal(DECIMAL_PRECISION[node.name]!, numbers[0] ?? 0));
    case "DateTime":
      return plain(dateTime(hasTimezone(node)));
    case "DateTime64":
      return plain(dateTime64(numbers[0] ?? 3, hasTimezone(node)));
    case "Date":
    case "Date32":
      return plain(date(node.name === "Date32"));
    case "UUID":
      return plain(uuid);
    case "IPv4":
      return plain(ipv4);
    case "IPv6":
      return plain(ipv6);
    case "Enum8":
    case "Enum16":
    case "Enum":
      return plain(enumOf(node.text));
    case "JSON":
    case "Object":
      return plain(jsonObject);
    case "Array":
      return plain(arrayOf(sub(0).convert));
    case "Map":
      return plain(mapOf(sub(0).convert, sub(1).convert));
    case "Tuple": {
      const named = (node.args ?? []).some((a) => a.kind === "named");
      return plain(tupleOf(inner.map((_, i) => sub(i).convert), named ? tupleFieldNames(node.text) : undefined));
    }
    default:
      return plain(passThrough);
  }
}

/** A converter for a column type as written in the project (`LowCardinality(Nullable(String))`). */
export function converterFor(typeText: string): ColumnConverter {
  const node = parseColumnType(typeText);
  return "error" in node ? { convert: passThrough, nullable: false } : compile(node);
}
