/**
 * Splits a Tinybird datafile into statements: one keyword per unindented line, either
 * with its value on the same line (`ENGINE "MergeTree"`) or with `>` and a block below
 * it (`SQL >`). As in Tinybird's own parser, a block runs until an unindented line that
 * starts with a keyword: indented lines, blank lines and `#` comment lines stay inside
 * it, and so do unindented lines that follow the block directly (the `%` template marker
 * is often written at column 0). This stage knows nothing about which keywords mean
 * what; the parsers do.
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
  /** Accepted leniencies worth pointing out (unindented block lines). */
  readonly notes: readonly ProjectIssue[];
}

const isBlank = (line: string): boolean => line.trim() === "";
const isIndented = (line: string): boolean => /^[ \t]/.test(line) && !isBlank(line);
const isComment = (line: string): boolean => line.startsWith("#");
const firstWord = (line: string): string => line.trim().split(/\s+/, 1)[0] ?? "";
/** The template marker alone on its line: it sits at any indentation without shifting the SQL. */
const isMarker = (line: string): boolean => line.trim() === "%";

function commonIndent(lines: readonly string[]): string {
  let prefix: string | undefined;
  for (const line of lines) {
    if (isBlank(line) || isMarker(line)) continue;
    const indent = /^[ \t]*/.exec(line)![0];
    if (prefix === undefined) prefix = indent;
    let n = 0;
    while (n < prefix.length && n < indent.length && prefix[n] === indent[n]) n++;
    prefix = prefix.slice(0, n);
  }
  return prefix ?? "";
}

/** Dedents the block's lines (0-based indexes), dropping blank lines at both ends (they separate sections, not content). */
function makeBlock(lines: readonly string[], indexes: readonly number[]): BlockLine[] {
  let from = 0;
  let to = indexes.length;
  while (from < to && isBlank(lines[indexes[from]!]!)) from++;
  while (to > from && isBlank(lines[indexes[to - 1]!]!)) to--;
  const kept = indexes.slice(from, to);
  const indent = commonIndent(kept.map((i) => lines[i]!));
  return kept.map((i) => {
    const raw = lines[i]!;
    const text = isBlank(raw) ? "" : raw.startsWith(indent) ? raw.slice(indent.length) : raw.trimStart();
    return { text: text.replace(/\s+$/, ""), line: i + 1 };
  });
}

/** `isKeyword` decides where blocks end: an unindented line starting with a keyword starts the next statement. */
export function lexDatafile(text: string, file: string, isKeyword: (key: string) => boolean): LexResult {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const statements: Statement[] = [];
  const issues: ProjectIssue[] = [];
  const notes: ProjectIssue[] = [];
  const issue = (line: number, message: string): void => void issues.push({ loc: { file, line }, message });
  const startsStatement = (line: string): boolean => isKeyword(firstWord(line).toUpperCase());

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
    const indexes: number[] = [];
    let unindented: number | undefined;
    let end = i + 1;
    for (; end < lines.length; end++) {
      const line = lines[end]!;
      if (isBlank(line) || isIndented(line)) indexes.push(end);
      else if (isComment(line)) continue;
      // Right below the block's last line, an unindented line that is no keyword still belongs to it.
      else if (!isBlank(lines[end - 1]!) && !startsStatement(line)) {
        indexes.push(end);
        if (unindented === undefined && !isMarker(line)) unindented = end + 1;
      } else break;
    }
    const block = makeBlock(lines, indexes);
    if (block.length === 0) {
      issue(lineNo, `"${keyword} >" is not followed by an indented block; indent the lines that belong to it`);
      while (end < lines.length && (isBlank(lines[end]!) || !startsStatement(lines[end]!))) end++;
    } else if (unindented !== undefined) {
      notes.push({ loc: { file, line: unindented }, message: `line ${unindented} is not indented but is read as part of the "${keyword} >" block above it, as Tinybird does; indent it` });
    }
    statements.push({ keyword, key: keyword.toUpperCase(), value: "", line: lineNo, block });
    i = end;
  }
  return { statements, issues, notes };
}

export function blockText(block: readonly BlockLine[]): string {
  return block.map((l) => l.text).join("\n");
}

/** A statement's value whether written on its line or as a block. */
export function statementText(statement: Statement): string {
  return statement.block === undefined ? statement.value : blockText(statement.block);
}
