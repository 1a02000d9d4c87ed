/** The table engines a datasource may use, and how a datafile's ENGINE value maps to one. */
import type { EngineType } from "./model.ts";
import { didYouMean, unquote } from "./datafile-names.ts";

export const ENGINE_TYPES: readonly EngineType[] = [
  "MergeTree",
  "ReplacingMergeTree",
  "SummingMergeTree",
  "AggregatingMergeTree",
  "CollapsingMergeTree",
  "VersionedCollapsingMergeTree",
  "Null",
];

export function isEngineType(value: string): value is EngineType {
  return (ENGINE_TYPES as readonly string[]).includes(value);
}

export function unknownEngineMessage(value: string): string {
  return `unknown engine "${value}"${didYouMean(value, ENGINE_TYPES)}; expected one of ${ENGINE_TYPES.join(", ")}`;
}

/**
 * `ENGINE "MergeTree"`, `ENGINE MergeTree` and `ENGINE MergeTree()` all name the same
 * engine; its parameters come from the ENGINE_* keys, never from parentheses.
 */
export function parseEngineName(value: string): EngineType | { error: string } {
  const name = unquote(value).replace(/\(\s*\)$/, "").trim();
  if (name === "") return { error: `ENGINE needs a value, one of ${ENGINE_TYPES.join(", ")}` };
  return isEngineType(name) ? name : { error: unknownEngineMessage(name) };
}
