/**
 * A converter turns one JSON value into the text JSONEachRow expects for a column
 * type, or `undefined` when the value does not fit. Returning instead of throwing
 * keeps the good-row path free of exceptions; the row check names the column and
 * the value when a converter says no.
 */
declare global {
  // ES2024 methods Node 20 has; the project's TypeScript lib stops at ES2023.
  interface String {
    isWellFormed(): boolean;
    toWellFormed(): string;
  }
}

export type Convert = (value: unknown) => string | undefined;

export interface ColumnConverter {
  readonly convert: Convert;
  /** The column takes `null` (Nullable, possibly under LowCardinality). */
  readonly nullable: boolean;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A JSON string literal; `undefined` for lone UTF-16 surrogates, which ClickHouse refuses. */
export function jsonString(text: string): string | undefined {
  return text.isWellFormed() ? JSON.stringify(text) : undefined;
}
