/**
 * Part of the check stage for datasources that opt in (`ipGeolocation`): the visitor's
 * place, looked up by the HTTP edge from the request's address, is written into the
 * named JSON column of each row as `country`, `region` and `city`. The core gets only
 * the place, never the address, so the address cannot reach a row, the write-ahead log
 * or the quarantine.
 *
 * A found place replaces all three keys, so a client's own `city` never sits beside the
 * looked-up country; a key the database does not know is removed. Without a place the
 * row is left exactly as sent (a server-side sender may write its own). A column value
 * that is not a JSON object is left as it is, and the row goes on to the check.
 */
import type { Datasource } from "../../project/model.ts";
import { keysOf, read, write, type EventRewrite } from "../fixed-columns.ts";
import { isPlainObject } from "../types/convert.ts";

export interface Place {
  /** ISO 3166-1 alpha-2, upper case. */
  readonly country: string;
  /** The subdivision's name as the database gives it ("Bavaria"). */
  readonly region?: string;
  readonly city?: string;
}

interface Plan {
  readonly keys: readonly string[];
  readonly where: readonly { readonly keys: readonly string[]; readonly value: string }[];
}

/** Compiled once per datasource definition (a new build brings new objects). */
const plans = new WeakMap<Datasource, Plan | null>();

function planOf(ds: Datasource): Plan | null {
  let plan = plans.get(ds);
  if (plan !== undefined) return plan;
  const spec = ds.ipGeolocation;
  const keysFor = (name: string) => {
    const column = ds.columns.find((c) => c.name === name);
    return column && keysOf(column);
  };
  const keys = spec && keysFor(spec.column);
  const where = Object.entries(spec?.where ?? {}).map(([name, value]) => ({ keys: keysFor(name), value }));
  // validateProject refuses a spec whose columns are missing; a datasource built by hand is simply not enriched.
  plan = keys && where.every((w) => w.keys) ? { keys, where: where as Plan["where"] } : null;
  plans.set(ds, plan);
  return plan;
}

function place(target: Record<string, unknown>, found: Place): void {
  write(target, ["country"], found.country);
  for (const key of ["region", "city"] as const) {
    if (found[key] !== undefined) write(target, [key], found[key]);
    else delete target[key];
  }
}

/** The rewrite for one request's rows, or undefined when the datasource does not opt in. */
export function placeRewrite(ds: Datasource, found: Place): EventRewrite | undefined {
  const plan = planOf(ds);
  if (!plan) return undefined;
  return (event) => {
    if (!isPlainObject(event) || !plan.where.every((w) => read(event, w.keys) === w.value)) return event;
    const value = read(event, plan.keys);
    if (isPlainObject(value)) place(value, found);
    else if (typeof value === "string" && value.trimStart().startsWith("{")) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        return event;
      }
      if (!isPlainObject(parsed)) return event;
      place(parsed, found);
      write(event, plan.keys, JSON.stringify(parsed));
    }
    return event;
  };
}
