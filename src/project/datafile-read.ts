/**
 * One datafile read whole: its INCLUDEs expanded, then parsed, then every location
 * moved back to the file and line it came from, so an issue in shared nodes points into
 * the .incl file rather than into a text nobody wrote.
 */
import type { Column, PipeNode, ProjectIssue, SourceLocation } from "./model.ts";
import { expandIncludes } from "./datafile-include.ts";
import { parseDatasourceFile, parsePipeFile } from "./datafile-parser.ts";
import type { DatasourceParseResult, PipeParseResult } from "./datafile-common.ts";

export function readDatafile(file: string, content: string, includes: ReadonlyMap<string, string>): DatasourceParseResult | PipeParseResult {
  const expanded = expandIncludes(file, content, includes);
  const at = (loc: SourceLocation): SourceLocation => (loc.file === file && loc.line !== undefined ? (expanded.origins[loc.line - 1] ?? loc) : loc);
  const issue = (i: ProjectIssue): ProjectIssue => ({ ...i, loc: at(i.loc) });
  const column = (c: Column): Column => (c.loc ? { ...c, loc: at(c.loc) } : c);
  const node = (n: PipeNode): PipeNode => ({
    ...n,
    loc: at(n.loc),
    ...(n.sqlLine !== undefined && { sqlLine: at({ file, line: n.sqlLine }).line }),
  });

  if (file.endsWith(".datasource")) {
    const parsed = parseDatasourceFile(expanded.text, file);
    return {
      datasource: parsed.datasource && { ...parsed.datasource, columns: parsed.datasource.columns.map(column) },
      issues: [...expanded.issues, ...parsed.issues.map(issue)],
      notes: parsed.notes.map(issue),
    };
  }
  const parsed = parsePipeFile(expanded.text, file);
  return {
    pipe: parsed.pipe && { ...parsed.pipe, nodes: parsed.pipe.nodes.map(node) },
    issues: [...expanded.issues, ...parsed.issues.map(issue)],
    notes: parsed.notes.map(issue),
  };
}
