/**
 * Checks a datasource's `ipGeolocation` (Aviary's extension) when the project loads, so
 * a misnamed column is a load error rather than rows that silently never get a place.
 */
import { parseSteps } from "../ingest/json-path.ts";
import { didYouMean } from "./datafile-names.ts";
import type { Column, Datasource } from "./model.ts";

/** Types whose value can be a JSON object the place is written into: String (however wrapped) or JSON. */
function holdsJson(type: string): boolean {
  const base = type.replace(/\s/g, "").replace(/^(?:(?:Nullable|LowCardinality)\()+/, "");
  return /^String\)*$/.test(base) || /^JSON\b/.test(base);
}

/** Writing needs object keys all the way down: a path through an array index has no stable place to write. */
function throughArray(column: Column): boolean {
  try {
    return parseSteps(column.jsonPath ?? `$.${column.name}`).some((step) => typeof step === "number");
  } catch {
    // An unreadable path is reported with the column already.
    return false;
  }
}

export function ipGeolocationProblems(ds: Datasource): string[] {
  const spec = ds.ipGeolocation;
  if (spec === undefined) return [];
  if (ds.columns.length === 0) return ["ipGeolocation needs a schema: the Events API writes into this datasource's own columns"];
  const byName = new Map(ds.columns.map((c) => [c.name, c]));
  const missing = (name: string) => `ipGeolocation refers to column "${name}", which is not in the schema${didYouMean(name, byName.keys())}`;
  const problems: string[] = [];
  const column = byName.get(spec.column);
  if (!column) problems.push(missing(spec.column));
  else if (!holdsJson(column.type)) problems.push(`ipGeolocation column "${spec.column}" is ${column.type}; it must be a String or JSON column holding a JSON object`);
  else if (throughArray(column)) problems.push(`ipGeolocation column "${spec.column}" is read through an array index (${column.jsonPath}), so there is no one place to write into`);
  for (const [name, value] of Object.entries(spec.where ?? {})) {
    const at = byName.get(name);
    if (!at) problems.push(missing(name));
    else if (typeof value !== "string") problems.push(`ipGeolocation where "${name}" must be a string, got ${JSON.stringify(value)}`);
    else if (throughArray(at)) problems.push(`ipGeolocation where "${name}" is read through an array index (${at.jsonPath}), which is not supported`);
  }
  return problems;
}
