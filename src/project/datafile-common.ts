/** Result shapes and helpers shared by the `.datasource` and `.pipe` parsers. */
import type { Datasource, Pipe, ProjectIssue } from "./model.ts";

export interface DatasourceParseResult {
  /** Present whenever a definition could be built, even with issues, so that later checks do not cascade. */
  readonly datasource?: Datasource;
  /** Problems that make the file unusable. */
  readonly issues: ProjectIssue[];
  /** Accepted-but-ignored keywords, worth a log line but not a failure. */
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

/** Tinybird keywords for connectors and sharing, which Aviary does not implement. */
const UNSUPPORTED = /^(KAFKA_|IMPORT_|EXPORT_)|^SHARED_WITH$/;

export function unknownKeywordMessage(keyword: string, extension: ".datasource" | ".pipe"): string {
  return UNSUPPORTED.test(keyword.toUpperCase())
    ? `${keyword} is not supported by Aviary: connectors and workspace sharing are not implemented`
    : `unknown keyword "${keyword}" in a ${extension} file`;
}
