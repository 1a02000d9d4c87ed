/**
 * Reads a ClickHouse column type (`Map(String, Array(Nullable(String)))`) into a small
 * tree. Which names and parameters are valid is decided in datafile-type-check.ts.
 */

interface Token {
  readonly kind: "ident" | "number" | "string" | "punct" | "literal";
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export type Arg =
  | { readonly kind: "type"; readonly node: TypeNode }
  | { readonly kind: "named"; readonly node: TypeNode }
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "enum"; readonly value: number }
  | { readonly kind: "literal" };

export interface TypeNode {
  readonly name: string;
  readonly args?: readonly Arg[];
  /** The type as written, for messages. */
  readonly text: string;
}

class TypeSyntaxError extends Error {}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    let m: RegExpExecArray | null;
    let kind: Token["kind"];
    if ((m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest))) kind = "ident";
    else if ((m = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(rest))) kind = "number";
    else if ((m = /^'(?:[^'\\]|\\.|'')*'/.exec(rest))) kind = "string";
    else if ((m = /^[(),=.]/.exec(rest))) kind = "punct";
    else if ((m = /^\[[^\]]*\]/.exec(rest))) kind = "literal";
    else throw new TypeSyntaxError(`unexpected "${rest[0]}"`);
    tokens.push({ kind, text: m[0], start: i, end: i + m[0].length });
    i += m[0].length;
  }
  return tokens;
}

class TypeParser {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  parseAll(): TypeNode {
    const node = this.type();
    if (this.peek()) throw new TypeSyntaxError(`unexpected "${this.peek()!.text}" after the type`);
    return node;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  private next(): Token {
    const t = this.tokens[this.pos++];
    if (!t) throw new TypeSyntaxError("the type ends too early");
    return t;
  }

  private expect(text: string): void {
    const t = this.next();
    if (t.text !== text) throw new TypeSyntaxError(`expected "${text}", found "${t.text}"`);
  }

  private type(): TypeNode {
    const name = this.next();
    if (name.kind !== "ident") throw new TypeSyntaxError(`expected a type name, found "${name.text}"`);
    if (this.peek()?.text !== "(") return { name: name.text, text: name.text };
    this.next();
    // JSON's parameters (hints, SKIP clauses) are a language of their own; accept them unread.
    if (name.text === "JSON") return { name: "JSON", args: [], text: this.skipTo(name.start) };
    const args: Arg[] = [];
    if (this.peek()?.text !== ")") {
      args.push(this.arg());
      while (this.peek()?.text === ",") {
        this.next();
        args.push(this.arg());
      }
    }
    const close = this.next();
    if (close.text !== ")") throw new TypeSyntaxError(`expected "," or ")", found "${close.text}"`);
    return { name: name.text, args, text: this.text.slice(name.start, close.end) };
  }

  private skipTo(start: number): string {
    let depth = 1;
    while (depth > 0) {
      const t = this.next();
      if (t.text === "(") depth++;
      if (t.text === ")") depth--;
      if (depth === 0) return this.text.slice(start, t.end);
    }
    return "";
  }

  private arg(): Arg {
    const t = this.peek();
    if (t?.kind === "string") {
      this.next();
      if (this.peek()?.text !== "=") return { kind: "string", value: t.text.slice(1, -1) };
      this.expect("=");
      const n = this.next();
      if (n.kind !== "number") throw new TypeSyntaxError(`expected a number after ${t.text} =`);
      return { kind: "enum", value: Number(n.text) };
    }
    if (t?.kind === "number") return this.next(), { kind: "number", value: Number(t.text) };
    if (t?.kind === "literal") return this.next(), { kind: "literal" };
    if (t?.kind === "ident" && this.peek(1)?.kind === "ident") {
      this.next();
      return { kind: "named", node: this.type() };
    }
    return { kind: "type", node: this.type() };
  }
}

export function parseColumnType(text: string): TypeNode | { readonly error: string } {
  try {
    return new TypeParser(text, tokenize(text)).parseAll();
  } catch (e) {
    if (e instanceof TypeSyntaxError) return { error: e.message };
    throw e;
  }
}
