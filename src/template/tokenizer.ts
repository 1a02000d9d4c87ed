/**
 * Splits template source into text, `{{ expr }}`, `{% stmt %}` and `{# comment #}` blocks,
 * each with the line it starts on. Like Tornado, a block ends at the first closing
 * marker, and `{{!`, `{%!`, `{#!` write the opening marker literally.
 */
import { errors } from "./errors.ts";

export type TokenKind = "text" | "expr" | "stmt";

export interface Token {
  readonly kind: TokenKind;
  /** Text as-is; for blocks, the inner source trimmed. */
  readonly value: string;
  readonly line: number;
}

const CLOSERS: Readonly<Record<string, string>> = { "{": "}}", "%": "%}", "#": "#}" };

function countLines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf("\n", from); i !== -1 && i < to; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

/** `firstLine` is the line number of `source[0]` in the file the user wrote. */
export function tokenize(source: string, firstLine = 1): Token[] {
  const tokens: Token[] = [];
  let text = "";
  let textLine = firstLine;
  let line = firstLine;
  let pos = 0;

  const flushText = () => {
    if (text) tokens.push(Object.freeze({ kind: "text", value: text, line: textLine }));
    text = "";
  };

  while (pos < source.length) {
    const open = source.indexOf("{", pos);
    const marker = open === -1 ? undefined : source[open + 1];
    const closer = marker === undefined ? undefined : CLOSERS[marker];
    if (open === -1 || closer === undefined) {
      const end = open === -1 ? source.length : open + 1;
      if (!text) textLine = line;
      text += source.slice(pos, end);
      line += countLines(source, pos, end);
      pos = end;
      continue;
    }
    if (!text) textLine = line;
    text += source.slice(pos, open);
    line += countLines(source, pos, open);
    if (source[open + 2] === "!") {
      // `{{!` is Tornado's escape for a literal `{{`.
      text += `{${marker}`;
      pos = open + 3;
      continue;
    }
    const close = source.indexOf(closer, open + 2);
    const blockLine = line;
    if (close === -1) {
      const what = marker === "{" ? "expression }}" : marker === "%" ? "block %}" : "comment #}";
      throw errors.syntax(`Missing end ${what}`, blockLine);
    }
    const inner = source.slice(open + 2, close);
    line += countLines(source, open, close);
    pos = close + 2;
    if (marker === "#") continue;
    flushText();
    const value = inner.trim();
    if (!value) throw errors.syntax(marker === "{" ? "Empty expression" : "Empty block", blockLine);
    // Lines inside a block are counted from where its trimmed source starts.
    const startLine = blockLine + countLines(inner, 0, inner.length - inner.trimStart().length);
    tokens.push(Object.freeze({ kind: marker === "{" ? "expr" : "stmt", value, line: startLine }));
  }
  flushText();
  return tokens;
}
