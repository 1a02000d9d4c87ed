/**
 * Reads the columns of a `SCHEMA >` block:
 *   `name` Type `json:$.path` DEFAULT expr CODEC(...), ...
 * Columns are split on top-level commas, so types such as `Map(String, Array(String))`
 * and defaults such as `concat('a', 'b')` keep their own commas. Types are taken as
 * written here; whether they are valid ClickHouse types is the validator's business.
 */
import type { Column, ProjectIssue } from "./model.ts";
import type { BlockLine } from "./datafile-lexer.ts";

interface Segment {
  readonly start: number;
  readonly end: number;
}

const OPENERS: Record<string, string> = { "(": ")", "[": "]" };
const QUOTES = new Set(["'", '"', "`"]);

/** Index just past the quote that closes the one at `start`, or -1. Backslash escapes. */
function skipQuoted(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === quote) return i + 1;
  }
  return -1;
}

/** Index just past the bracket that closes the one at `start`, or -1 (quote-aware). */
function skipBalanced(text: string, start: number): number {
  const stack: string[] = [];
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (QUOTES.has(c)) {
      const next = skipQuoted(text, i);
      if (next < 0) return -1;
      i = next - 1;
    } else if (OPENERS[c] !== undefined) stack.push(OPENERS[c]);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i + 1;
    }
  }
  return -1;
}

function splitColumns(text: string): { segments: Segment[]; unclosedAt?: number } {
  const segments: Segment[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (QUOTES.has(c) || OPENERS[c] !== undefined) {
      const next = QUOTES.has(c) ? skipQuoted(text, i) : skipBalanced(text, i);
      if (next < 0) return { segments, unclosedAt: i };
      i = next;
    } else {
      if (c === ",") {
        segments.push({ start, end: i });
        start = i + 1;
      }
      i++;
    }
  }
  segments.push({ start, end: text.length });
  return { segments };
}

const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, " ").trim();

/** Where DEFAULT's expression stops: at a top-level `json:` path or CODEC(. */
function defaultEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (text.startsWith("`json:", i)) return i;
    if (/^CODEC\s*\(/i.test(text.slice(i)) && !/[A-Za-z0-9_]/.test(text[i - 1] ?? " ")) return i;
    if (QUOTES.has(c) || OPENERS[c] !== undefined) {
      const next = QUOTES.has(c) ? skipQuoted(text, i) : skipBalanced(text, i);
      i = next < 0 ? text.length : next;
    } else i++;
  }
  return text.length;
}

type ColumnDraft = { -readonly [K in keyof Column]: Column[K] };

/**
 * Parses one column definition. A column whose name and type were read is returned even
 * when a later clause is wrong, so that checks on the key columns do not cascade.
 */
function parseColumn(text: string): { column?: ColumnDraft; error?: string } {
  let pos = /^\s*/.exec(text)![0].length;
  let name: string;
  if (text[pos] === "`") {
    const end = skipQuoted(text, pos);
    if (end < 0) return { error: "unclosed ` in a column name" };
    name = text.slice(pos + 1, end - 1);
    pos = end;
  } else {
    const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(pos));
    if (m === null) return { error: `expected a column name, found "${oneLine(text).slice(0, 30)}"` };
    name = m[0];
    pos += m[0].length;
  }
  pos += /^\s*/.exec(text.slice(pos))![0].length;
  const typeName = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(pos));
  if (typeName === null) return { error: `column "${name}" has no type` };
  let typeEnd = pos + typeName[0].length;
  if (text[typeEnd] === "(") typeEnd = skipBalanced(text, typeEnd);
  if (typeEnd < 0) return { error: `column "${name}": unclosed ( in its type` };
  const column: ColumnDraft = { name, type: oneLine(text.slice(pos, typeEnd)) };
  pos = typeEnd;

  for (;;) {
    pos += /^\s*/.exec(text.slice(pos))![0].length;
    if (pos >= text.length) return { column };
    const rest = text.slice(pos);
    if (rest.startsWith("`json:")) {
      const end = skipQuoted(text, pos);
      if (end < 0) return { column, error: `column "${name}": unclosed \` after json:` };
      if (column.jsonPath !== undefined) return { column, error: `column "${name}" has two json paths` };
      column.jsonPath = text.slice(pos + "`json:".length, end - 1).trim();
      if (!column.jsonPath.startsWith("$")) return { column, error: `column "${name}": a json path starts with "$", e.g. \`json:$.${name}\`` };
      pos = end;
    } else if (/^DEFAULT\b/i.test(rest)) {
      const end = defaultEnd(text, pos + "DEFAULT".length);
      const expr = oneLine(text.slice(pos + "DEFAULT".length, end));
      if (expr === "") return { column, error: `column "${name}": DEFAULT needs an expression` };
      if (column.defaultExpr !== undefined) return { column, error: `column "${name}" has two DEFAULT clauses` };
      column.defaultExpr = expr;
      pos = end;
    } else if (/^CODEC\s*\(/i.test(rest)) {
      const open = text.indexOf("(", pos);
      const end = skipBalanced(text, open);
      if (end < 0) return { column, error: `column "${name}": unclosed ( in CODEC` };
      if (column.codec !== undefined) return { column, error: `column "${name}" has two CODEC clauses` };
      // Stored without CODEC( ), the way DDL generation writes it back.
      column.codec = oneLine(text.slice(open + 1, end - 1));
      pos = end;
    } else {
      const word = /^\S+/.exec(rest)![0];
      if (/^(MATERIALIZED|ALIAS|EPHEMERAL)$/i.test(word)) {
        return { column, error: `column "${name}": ${word.toUpperCase()} columns are not supported; use DEFAULT` };
      }
      return { column, error: `column "${name}": unexpected "${word}" after the type; expected \`json:$.path\`, DEFAULT or CODEC(...)` };
    }
  }
}

/** Parses a SCHEMA block into columns (each with the line it starts on) and issues. */
export function parseSchemaBlock(block: readonly BlockLine[], file: string): { columns: Column[]; issues: ProjectIssue[] } {
  // `#` comment lines inside the block are dropped but keep their place so offsets map to lines.
  const texts = block.map((l) => (l.text.trimStart().startsWith("#") ? "" : l.text));
  const text = texts.join("\n");
  const starts: number[] = [];
  texts.reduce((offset, t) => (starts.push(offset), offset + t.length + 1), 0);
  const lineAt = (offset: number): number => {
    let k = 0;
    while (k + 1 < starts.length && starts[k + 1]! <= offset) k++;
    return block[k]!.line;
  };

  const columns: Column[] = [];
  const issues: ProjectIssue[] = [];
  const { segments, unclosedAt } = splitColumns(text);
  if (unclosedAt !== undefined) {
    issues.push({ loc: { file, line: lineAt(unclosedAt) }, message: `unclosed ${text[unclosedAt]} in SCHEMA` });
  }
  segments.forEach((segment, index) => {
    const raw = text.slice(segment.start, segment.end);
    const first = segment.start + /^\s*/.exec(raw)![0].length;
    if (raw.trim() === "") {
      // A trailing comma after the last column is harmless; an empty column between two is not.
      if (index < segments.length - 1) issues.push({ loc: { file, line: lineAt(first) }, message: "empty column definition (two commas in a row?)" });
      return;
    }
    const line = lineAt(first);
    const { column, error } = parseColumn(raw);
    if (error !== undefined) issues.push({ loc: { file, line }, message: error });
    if (column !== undefined) columns.push({ ...column, loc: { file, line } });
  });
  return { columns, issues };
}
