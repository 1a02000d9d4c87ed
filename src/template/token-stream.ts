/**
 * A cursor over expression tokens with the look-ahead helpers the parsers share.
 */
import { errors } from "./errors.ts";
import { type ExprToken, lexExpr } from "./expr-lexer.ts";

export class TokenStream {
  protected pos = 0;
  protected readonly tokens: ExprToken[];

  constructor(source: string, firstLine: number) {
    this.tokens = lexExpr(source, firstLine);
  }

  protected peek(offset = 0): ExprToken {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }
  protected next(): ExprToken {
    const t = this.peek();
    this.pos++;
    return t;
  }
  protected isOp(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === "op" && t.text === text;
  }
  protected isWord(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === "name" && t.text === text;
  }
  protected accept(text: string): boolean {
    if (!(this.isOp(text) || this.isWord(text))) return false;
    this.pos++;
    return true;
  }
  expect(text: string): void {
    if (!this.accept(text)) this.fail(`expected "${text}"`);
  }
  fail(message: string): never {
    const t = this.peek();
    throw errors.syntax(`${message} near "${t.text || "end of expression"}"`, t.line);
  }
  atEnd(): boolean {
    return this.peek().kind === "eof";
  }
  line(): number {
    return this.peek().line;
  }
  /** The next token's text when it is an operator, e.g. "=" or "+=" after a `set` target. */
  peekOp(): string | undefined {
    return this.peek().kind === "op" ? this.peek().text : undefined;
  }
  skipOp(): void {
    this.pos++;
  }
}
