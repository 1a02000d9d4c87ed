/**
 * Every function a template can call, by name. Built once; functions keep no state of
 * their own (each call gets the render's RenderState).
 */
import { builtins } from "./builtins.ts";
import { dateHelpers } from "./date-helpers.ts";
import { runtimeHelpers } from "./runtime-helpers.ts";
import { sqlHelpers } from "./sql-helpers.ts";
import { typedFunctions } from "./typed-params.ts";
import type { Callable } from "./values.ts";

export const FUNCTIONS: ReadonlyMap<string, Callable> = new Map(
  [...typedFunctions(), ...sqlHelpers(), ...runtimeHelpers(), ...dateHelpers(), ...builtins()].map((f) => [f.name, f]),
);

/** Request parameters that may not be used as template variables (upstream reserves them for the API). */
export const FORBIDDEN_NAMES = new Set(["q", "format"]);

/** Names upstream reserves; using one as a variable only warns (`X-Tb-Warning`). */
export const RESERVED_NAMES = new Set([
  "__tb__semver",
  "debug_source_tables",
  "debug",
  "explain",
  "finalize_aggregations",
  "output_format_json_quote_64bit_integers",
  "output_format_json_quote_denormals",
  "output_format_parquet_string_as_string",
  "pipeline",
  "playground",
  "query_id",
  "release_replacements",
  "tag",
  "template_parameters",
  "token",
  "job_timestamp",
]);
