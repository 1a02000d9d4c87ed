/**
 * Rows that do not fit go to `<ds>_quarantine`: every column's original value as
 * text (null when absent), the columns at fault, one message per fault, the request
 * that sent it and when it arrived.
 */
export interface Fault {
  /** Empty for a line that is not a JSON object at all. */
  readonly column: string;
  readonly message: string;
}

/** Longest value quoted inside an error message; the column keeps the whole value. */
const MESSAGE_VALUE_CHARS = 200;

/** What a quarantine column holds: the value as the sender wrote it, as text. */
export function originalText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value.toWellFormed();
  if (typeof value !== "object") return String(value);
  try {
    return JSON.stringify(value).toWellFormed();
  } catch {
    return "(a value nested too deeply to store)";
  }
}

export function quoteValue(value: unknown): string {
  const text = originalText(value) ?? "null";
  return text.length > MESSAGE_VALUE_CHARS ? `${text.slice(0, MESSAGE_VALUE_CHARS)}…` : text;
}

export function quarantineLine(
  columns: readonly { readonly name: string; readonly key: string }[],
  values: readonly unknown[] | undefined,
  faults: readonly Fault[],
  importId: string,
  receivedAt: number,
): string {
  let out = "{";
  if (values) {
    for (let i = 0; i < columns.length; i++) {
      const text = originalText(values[i]);
      if (text !== null) out += `${columns[i]!.key}${JSON.stringify(text)},`;
    }
  }
  const faultColumns = faults.filter((f) => f.column !== "").map((f) => f.column);
  out += `"c__error_column":${JSON.stringify(faultColumns)},"c__error":${JSON.stringify(faults.map((f) => f.message.toWellFormed()))}`;
  return `${out},"c__import_id":${JSON.stringify(importId)},"insertion_date":${receivedAt}}`;
}
