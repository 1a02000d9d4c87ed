/**
 * Reads an `INDEXES >` block: one data-skipping index per line, written as ClickHouse
 * writes them after INDEX, `name expr TYPE type [GRANULARITY n]`, a trailing comma
 * allowed. Whether the expression and type are valid is ClickHouse's business at deploy.
 */
import type { BlockLine } from "./datafile-lexer.ts";
import type { ProjectIssue, SkippingIndex } from "./model.ts";

const INDEX = /^`?([A-Za-z_][A-Za-z0-9_]*)`?\s+(.+?)\s+TYPE\s+(.+?)(?:\s+GRANULARITY\s+(\d+))?\s*,?$/i;

export function parseIndexesBlock(block: readonly BlockLine[], file: string): { indexes: SkippingIndex[]; issues: ProjectIssue[] } {
  const indexes: SkippingIndex[] = [];
  const issues: ProjectIssue[] = [];
  for (const { text, line } of block) {
    if (text.trim() === "" || text.trimStart().startsWith("#")) continue;
    const m = INDEX.exec(text.trim());
    if (m === null) {
      issues.push({ loc: { file, line }, message: `INDEXES: expected "name expression TYPE type GRANULARITY n", found "${text.trim()}"` });
      continue;
    }
    const [, name, expr, type, granularity] = m;
    if (indexes.some((i) => i.name === name)) {
      issues.push({ loc: { file, line }, message: `INDEXES: index "${name}" is defined twice` });
      continue;
    }
    indexes.push({ name: name!, expr: expr!, type: type!, ...(granularity !== undefined && { granularity: Number(granularity) }) });
  }
  return { indexes, issues };
}
