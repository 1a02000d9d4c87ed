/** Result shapes and helpers shared by the `.datasource` and `.pipe` parsers. */
import type { Datasource, Pipe, ProjectIssue } from "./model.ts";

export interface DatasourceParseResult {
  /** Present whenever a definition could be built, even with issues, so that later checks do not cascade. */
  readonly datasource?: Datasource;
  /** Problems that make the file unusable. */
  readonly issues: ProjectIssue[];
  /** Accepted but inactive or read differently: a warning at deploy, not a failure. */
  readonly notes: ProjectIssue[];
}

export interface PipeParseResult {
  readonly pipe?: Pipe;
  readonly issues: ProjectIssue[];
  readonly notes: ProjectIssue[];
}

/** `endpoints/top_pages.pipe` → `top_pages`: a datafile's resource is named after its file. */
export function datafileName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(0, dot) : base;
}

export function unknownKeywordMessage(keyword: string, extension: ".datasource" | ".pipe"): string {
  return `unknown keyword "${keyword}" in a ${extension} file`;
}

/** Tinybird keywords Aviary accepts without acting on them, and why. */
export const INACTIVE: Readonly<Record<string, string>> = {
  VERSION: "VERSION is ignored: Aviary keeps one version of each resource (Tinybird has deprecated it too)",
  SHARED_WITH: "SHARED_WITH is ignored: Aviary serves a single workspace, so there is no other workspace to share with",
  FORWARD_QUERY: "FORWARD_QUERY is ignored: Aviary creates tables from SCHEMA and does not migrate existing rows",
  BACKFILL: "BACKFILL is ignored",
  DEPLOYMENT_METHOD: "DEPLOYMENT_METHOD is ignored: Aviary always recreates materialized views on deploy",
};

/**
 * `TAGS "a", "b"`, `TAGS "a, b"` and `TAGS a,b` all tag a resource with a and b.
 * `key=value` entries are Tinybird's internal operational tags, not resource tags.
 */
export function parseTags(value: string): string[] {
  return value
    .split(",")
    // Quotes may wrap each tag or the whole list.
    .map((t) => t.trim().replace(/^["']+|["']+$/g, "").trim())
    .filter((t) => t !== "" && !t.includes("="));
}
