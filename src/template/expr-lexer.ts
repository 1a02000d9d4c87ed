/**
 * Lexer for the Python expression subset: names, keywords, int/float literals, string
 * literals (single, double or triple quoted, optional r/u prefix) and operators.
 */
import { errors } from "./errors.ts";

export type ExprTokenKind = "name" | "int" | "float" | "string" | "op" | "eof";

export interface ExprToken {
  readonly kind: ExprTokenKind;
  readonly text: string;
  /** Decoded value for int (bigint), float (number) and string tokens. */
  readonly value?: string | bigint | number;
  readonly line: number;
}

const OPERATORS = ["**", "//", "==", "!=", "<=", ">=", "+=", "-=", "<>", "->", ":=", "<<", ">>", ..."+-*/%<>()[]{},:.=|&^~@;!"];

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\", "'": "'", '"': '"', n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v", "\n": "",
};

function decodeEscapes(body: string, line: number): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[\s\S])/g, (all, esc: string) => {
    if (esc in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[esc] ?? "";
    const head = esc[0];
    if (head === "x" || head === "u" || head === "U") {
      const code = parseInt(esc.slice(1), 16);
      if (code > 0x10ffff) throw errors.syntax("invalid \\U escape in string literal", line);
      return String.fromCodePoint(code);
    }
    if (/^[0-7]+$/.test(esc)) return String.fromCodePoint(parseInt(esc, 8));
    // Python keeps unknown escapes such as `\d` as written.
    return all;
  });
}

const NUMBER = /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(\d[\d_]*)?(\.\d[\d_]*|\.)?([eE][+-]?\d[\d_]*)?)/;

function lexNumber(src: string, pos: number, line: number): ExprToken {
  const m = NUMBER.exec(src.slice(pos));
  const text = m?.[0] ?? "";
  if (!text || text === ".") throw errors.syntax(`invalid number at "${src.slice(pos, pos + 10)}"`, line);
  const clean = text.replaceAll("_", "");
  if (/^0[xXoObB]/.test(clean)) return { kind: "int", text, value: BigInt(clean.toLowerCase()), line };
  if (m?.[2] !== undefined || m?.[3] !== undefined) return { kind: "float", text, value: Number(clean), line };
  return { kind: "int", text, value: BigInt(clean), line };
}

function lexString(src: string, pos: number, line: number): { token: ExprToken; end: number } {
  const prefix = /^[a-zA-Z]*/.exec(src.slice(pos))?.[0] ?? "";
  const lower = prefix.toLowerCase();
  if (lower.includes("f")) throw errors.syntax("f-strings are not supported", line);
  if (lower.includes("b")) throw errors.syntax("bytes literals are not supported", line);
  const start = pos + prefix.length;
  const quote = src.startsWith(src[start]!.repeat(3), start) ? src[start]!.repeat(3) : src[start]!;
  let i = start + quote.length;
  for (;;) {
    if (i >= src.length || (quote.length === 1 && src[i] === "\n")) throw errors.syntax("unterminated string literal", line);
    if (src[i] === "\\") i += 2;
    else if (src.startsWith(quote, i)) break;
    else i++;
  }
  const body = src.slice(start + quote.length, i);
  const end = i + quote.length;
  const value = lower.includes("r") ? body : decodeEscapes(body, line);
  return { token: { kind: "string", text: src.slice(pos, end), value, line }, end };
}

export function lexExpr(src: string, firstLine: number): ExprToken[] {
  const tokens: ExprToken[] = [];
  let line = firstLine;
  let pos = 0;
  while (pos < src.length) {
    const ch = src[pos]!;
    if (ch === "\n") line++;
    if (/\s/.test(ch)) {
      pos++;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(pos))?.[0];
    if (word && /^[rRuUbBfF]{1,2}$/.test(word) && (src[pos + word.length] === "'" || src[pos + word.length] === '"')) {
      const { token, end } = lexString(src, pos, line);
      tokens.push(token);
      line += (token.text.match(/\n/g) ?? []).length;
      pos = end;
    } else if (word) {
      tokens.push({ kind: "name", text: word, line });
      pos += word.length;
    } else if (ch === "'" || ch === '"') {
      const { token, end } = lexString(src, pos, line);
      tokens.push(token);
      line += (token.text.match(/\n/g) ?? []).length;
      pos = end;
    } else if (/[0-9]/.test(ch) || (ch === "." && /[0-9]/.test(src[pos + 1] ?? ""))) {
      const token = lexNumber(src, pos, line);
      tokens.push(token);
      pos += token.text.length;
    } else {
      const op = OPERATORS.find((o) => src.startsWith(o, pos));
      if (!op) throw errors.syntax(`unexpected character "${ch}"`, line);
      tokens.push({ kind: "op", text: op, line });
      pos += op.length;
    }
  }
  tokens.push({ kind: "eof", text: "", line });
  return tokens;
}
