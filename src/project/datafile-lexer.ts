/**
 * Splits a Tinybird datafile into statements: one keyword per unindented line, either
 * with its value on the same line (`ENGINE "MergeTree"`) or with `>` and an indented
 * block below it (`SQL >`). A block runs until the next unindented, non-blank line.
 * This stage knows nothing about which keywords mean what; the parsers do.
 */
import type { ProjectIssue } from "./model.ts";

export interface BlockLine {
  /** The line with the block's common indentation removed. */
  readonly text: string;
  readonly line: number;
}

export interface Statement {
  /** The keyword as written, for messages. */
  readonly keyword: string;
  /** The keyword upper-cased: datafile keywords are case-insensitive. */
  readonly key: string;
  /** The rest of the line, trimmed; empty for a block. */
  readonly value: string;
  readonly line: number;
  /** Present when written `KEYWORD >`; empty only when the lexer has reported why. */
  readonly block?: readonly BlockLine[];
}

export interface LexResult {
  readonly statements: readonly Statement[];
  readonly issues: readonly ProjectIssue[];
}

const isBlank = (line: string): boolean => line.trim() === "";
const isIndented = (line: string): boolean => /^[ \t]/.test(line) && !isBlank(line);
const firstWord = (line: string): string => line.trim().split(/\s+/, 1)[0] ?? "";

function commonIndent(lines: readonly string[]): string {
  let prefix: string | undefined;
  for (const line of lines) {
    if (isBlank(line)) continue;
    const indent = /^[ \t]*/.exec(line)![0];
    if (prefix === undefined) prefix = indent;
    let n = 0;
    while (n < prefix.length && n < indent.length && prefix[n] === indent[n]) n++;
    prefix = prefix.slice(0, n);
  }
  return prefix ?? "";
}

/** Dedents lines[from, to), dropping blank lines at both ends (they separate sections, not content). */
function makeBlock(lines: readonly string[], from: number, to: number): BlockLine[] {
  while (from < to && isBlank(lines[from]!)) from++;
  while (to > from && isBlank(lines[to - 1]!)) to--;
  const indent = commonIndent(lines.slice(from, to));
  const block: BlockLine[] = [];
  for (let i = from; i < to; i++) {
    const raw = lines[i]!;
    block.push({ text: isBlank(raw) ? "" : raw.slice(indent.length).replace(/\s+$/, ""), line: i + 1 });
  }
  return block;
}

/**
 * `isKeyword` only serves error recovery: after `SQL >` with nothing indented below it,
 * the unindented lines that follow are taken as the misplaced block, not as unknown keywords.
 */
export function lexDatafile(text: string, file: string, isKeyword: (key: string) => boolean): LexResult {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const statements: Statement[] = [];
  const issues: ProjectIssue[] = [];
  const issue = (line: number, message: string): void => void issues.push({ loc: { file, line }, message });

  let i = 0;
  while (i < lines.length) {
    const raw = lines[i]!;
    const lineNo = i + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) {
      i++;
      continue;
    }
    if (isIndented(raw)) {
      const previous = statements[statements.length - 1];
      issue(
        lineNo,
        previous === undefined
          ? "indented line before any keyword; keywords start at the beginning of a line"
          : `indented line, but "${previous.keyword}" on line ${previous.line} does not open a block; write "${previous.keyword} >" to start one`,
      );
      while (i < lines.length && (isIndented(lines[i]!) || isBlank(lines[i]!))) i++;
      continue;
    }

    const keyword = firstWord(raw);
    const value = trimmed.slice(keyword.length).trim();
    if (!value.startsWith(">")) {
      statements.push({ keyword, key: keyword.toUpperCase(), value, line: lineNo });
      i++;
      continue;
    }

    if (value.slice(1).trim() !== "") {
      issue(lineNo, `text after "${keyword} >" on the same line; put the block on the indented lines below`);
    }
    let end = i + 1;
    while (end < lines.length && (isBlank(lines[end]!) || isIndented(lines[end]!))) end++;
    const block = makeBlock(lines, i + 1, end);
    if (block.length === 0) {
      issue(lineNo, `"${keyword} >" is not followed by an indented block; indent the lines that belong to it`);
      while (end < lines.length && (isBlank(lines[end]!) || !isKeyword(firstWord(lines[end]!).toUpperCase()))) end++;
    }
    statements.push({ keyword, key: keyword.toUpperCase(), value: "", line: lineNo, block });
    i = end;
  }
  return { statements, issues };
}

export function blockText(block: readonly BlockLine[]): string {
  return block.map((l) => l.text).join("\n");
}

/** A statement's value whether written on its line or as a block. */
export function statementText(statement: Statement): string {
  return statement.block === undefined ? statement.value : blockText(statement.block);
}
