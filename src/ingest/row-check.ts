/**
 * The check stage: each event is read through its datasource's JSONPaths, converted
 * to the column types and written as one JSONEachRow line, or, if any column does
 * not fit, as a quarantine line naming every column at fault. Compiled once per
 * datasource; the good-row path allocates only the line it builds.
 *
 * Absent values: a missing key takes the column's DEFAULT (the key is left out, so
 * ClickHouse applies the expression) or NULL for a Nullable column; `null` is NULL for
 * a Nullable column and the DEFAULT for one that has a DEFAULT; anything else absent
 * is a fault.
 */
import type { Column, Datasource } from "../project/model.ts";
import type { RecentKeys } from "./dedupe.ts";
import { compileJsonPath, JsonPathError, type Reader } from "./json-path.ts";
import { LineBuffer } from "./line-buffer.ts";
import { quarantineLine, quoteValue, type Fault } from "./quarantine-row.ts";
import { converterFor } from "./types/column-converter.ts";
import { isPlainObject, type Convert } from "./types/convert.ts";

/** The rows one request produced, ready for the write-ahead log. */
export class RowBatch {
  readonly rows: LineBuffer;
  readonly quarantine = new LineBuffer(0);
  /** Rows dropped because their dedupe key was seen recently. */
  duplicates = 0;
  /** Dedupe keys this batch reserved, released again if the batch is not stored. */
  readonly keys: string[] = [];
  constructor(
    readonly importId: string,
    /** Epoch seconds, the quarantine's `insertion_date`. */
    readonly receivedAt: number,
    /** Rows take about as many bytes as the body they come from. */
    bodyBytes = 0,
  ) {
    this.rows = new LineBuffer(bodyBytes + 1024);
  }
}

interface ColumnPlan {
  readonly name: string;
  /** `"name":` as it starts the column's JSON member. */
  readonly key: string;
  readonly type: string;
  readonly read: Reader;
  readonly convert: Convert;
  readonly nullable: boolean;
  readonly hasDefault: boolean;
}

export interface RowCheck {
  event(value: unknown, batch: RowBatch): void;
  /** A line that is not JSON at all, kept whole in the quarantine message. */
  unreadable(raw: string, reason: string, batch: RowBatch): void;
}

function planOf(column: Column): ColumnPlan {
  const { convert, nullable } = converterFor(column.type);
  const path = column.jsonPath ?? `$.${column.name}`;
  let read: Reader;
  try {
    read = compileJsonPath(path);
  } catch (err) {
    if (!(err instanceof JsonPathError)) throw err;
    // Every row then names the unsupported path in its quarantine message.
    read = () => {
      throw err;
    };
  }
  return { name: column.name, key: `${JSON.stringify(column.name)}:`, type: column.type, read, convert, nullable, hasDefault: column.defaultExpr !== undefined };
}

function faultOf(plan: ColumnPlan, value: unknown): Fault {
  if (value === undefined) return { column: plan.name, message: `value is missing on column '${plan.name}', which has no DEFAULT and is not Nullable` };
  if (value === null) return { column: plan.name, message: `value 'null' on column '${plan.name}' is not ${plan.type} (only Nullable columns take null)` };
  return { column: plan.name, message: `value '${quoteValue(value)}' on column '${plan.name}' is not ${plan.type}` };
}

function fits(plan: ColumnPlan, value: unknown): boolean {
  if (value === undefined) return plan.hasDefault || plan.nullable;
  if (value === null) return plan.nullable || plan.hasDefault;
  return plan.convert(value) !== undefined;
}

/** The slow path for a row that failed: every column's value and every fault. */
function faultsOf(plans: readonly ColumnPlan[], event: Record<string, unknown>): { values: unknown[]; faults: Fault[] } {
  const values: unknown[] = [];
  const faults: Fault[] = [];
  plans.forEach((plan, i) => {
    try {
      values[i] = plan.read(event);
      if (!fits(plan, values[i])) faults.push(faultOf(plan, values[i]));
    } catch (err) {
      const why = err instanceof JsonPathError ? `column '${plan.name}': ${err.message}` : `value on column '${plan.name}' is nested too deeply to convert`;
      faults.push({ column: plan.name, message: why });
    }
  });
  return { values, faults };
}

export function compileRowCheck(ds: Datasource, recent?: RecentKeys): RowCheck {
  const plans = ds.columns.map(planOf);
  const keyIndex = recent && ds.dedupeKey !== undefined ? plans.findIndex((p) => p.name === ds.dedupeKey) : -1;

  const quarantine = (batch: RowBatch, values: readonly unknown[] | undefined, faults: readonly Fault[]) =>
    batch.quarantine.push(quarantineLine(plans, values, faults, batch.importId, batch.receivedAt));

  const reject = (event: Record<string, unknown>, batch: RowBatch) => {
    const { values, faults } = faultsOf(plans, event);
    quarantine(batch, values, faults);
  };

  return {
    event(value, batch) {
      if (!isPlainObject(value)) {
        const kind = Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`;
        return quarantine(batch, undefined, [{ column: "", message: `the line is ${kind}, not a JSON object: ${quoteValue(value)}` }]);
      }
      let out = "{";
      let key: string | undefined;
      try {
        for (let i = 0; i < plans.length; i++) {
          const plan = plans[i]!;
          const v = plan.read(value);
          let text: string | undefined;
          if (v === undefined) {
            if (plan.hasDefault || plan.nullable) continue;
          } else if (v === null) {
            if (plan.nullable) text = "null";
            else if (plan.hasDefault) continue;
          } else text = plan.convert(v);
          if (text === undefined) return reject(value, batch);
          if (i === keyIndex) key = text;
          out += out.length === 1 ? plan.key + text : `,${plan.key}${text}`;
        }
      } catch {
        return reject(value, batch);
      }
      if (key !== undefined && key !== "null") {
        if (!recent!.reserve(key)) {
          batch.duplicates++;
          return;
        }
        batch.keys.push(key);
      }
      batch.rows.push(`${out}}`);
    },
    unreadable(raw, reason, batch) {
      quarantine(batch, undefined, [{ column: "", message: `${reason}: ${raw.toWellFormed()}` }]);
    },
  };
}
