/**
 * Part of the check stage for datasources that opt in (`ipGeolocation`): the visitor's
 * place, looked up by the HTTP edge from the request's address, is written into the
 * named JSON column of each row as `country`, `region` and `city`. The core gets only
 * the place, never the address, so the address cannot reach a row, the write-ahead log
 * or the quarantine.
 *
 * A found place replaces all three keys, so a client's own `city` never sits beside the
 * looked-up country; a key the database does not know is removed. Without a place (`null`)
 * the keys a sender wrote are removed: a page must not choose its own location. Only the
 * admin's rows keep theirs (a server relaying events it located itself), and for those
 * the route passes no place at all. A column value that is not a JSON object is left as
 * it is: the kit reads places only from an object (sql/hits.ts).
 */
import type { Datasource } from "../../project/model.ts";
import { keysOf, read, write, type EventRewrite } from "../fixed-columns.ts";
import { isPlainObject } from "../types/convert.ts";
import { parseJson } from "../../json-nesting.ts";

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

const PLACE_KEYS = ["country", "region", "city"] as const;

/** Writes `found` over the place keys (removing those it lacks); whether the object changed. */
function place(target: Record<string, unknown>, found: Place | null): boolean {
  const had = PLACE_KEYS.some((key) => Object.hasOwn(target, key));
  for (const key of PLACE_KEYS) {
    const value = found?.[key];
    if (value !== undefined) write(target, [key], value);
    else delete target[key];
  }
  return had || found !== null;
}

/**
 * Without a place to write, only a payload that could name a place key needs parsing: the
 * common case on the ingest path skips JSON.parse. A backslash could spell a key in escapes.
 */
const MAY_NAME_PLACE = /country|region|city|\\/;

/**
 * The rewrite for one request's rows, or undefined when the datasource does not opt in.
 * `found` is the sender's place, or null when none was found.
 */
export function placeRewrite(ds: Datasource, found: Place | null): EventRewrite | undefined {
  const plan = planOf(ds);
  if (!plan) return undefined;
  return (event) => {
    if (!isPlainObject(event) || !plan.where.every((w) => read(event, w.keys) === w.value)) return event;
    const value = read(event, plan.keys);
    if (isPlainObject(value)) place(value, found);
    else if (typeof value === "string") {
      // ClickHouse skips a byte order mark before JSON; JSON.parse does not.
      const text = value.replace(/^\uFEFF/, "");
      if (!text.trimStart().startsWith("{") || (found === null && !MAY_NAME_PLACE.test(text))) return event;
      let parsed: unknown;
      try {
        parsed = parseJson(text);
      } catch {
        return event;
      }
      if (isPlainObject(parsed) && place(parsed, found)) write(event, plan.keys, JSON.stringify(parsed));
    }
    return event;
  };
}
