/**
 * Recursive-descent parser for template expressions, following Python's grammar and
 * precedence: conditional < or < and < not < comparison < + - < * / // % < unary < trailers.
 * Anything outside the subset (`**`, bit operators, lambda) is a parse error, so the
 * evaluator never meets it.
 */
import { errors } from "./errors.ts";
import { AtomParser } from "./expr-atoms.ts";
import { type BinaryOp, type CompareOp, type Expr, freezeDeep } from "./expr-nodes.ts";

/** Names of the Python AST classes, for the "Invalid BinOp" message Tinybird gives. */
const FORBIDDEN_BINOPS: Readonly<Record<string, string>> = {
  "**": "Pow", "|": "BitOr", "&": "BitAnd", "^": "BitXor", "<<": "LShift", ">>": "RShift", "@": "MatMult",
};
const COMPARE_OPS = new Set(["==", "!=", "<", "<=", ">", ">="]);

export class ExprParser extends AtomParser {
  /** A whole expression with nothing after it. */
  parseAll(): Expr {
    const e = this.parseTestList();
    if (!this.atEnd()) this.fail("unexpected token");
    return freezeDeep(e);
  }

  /** `a` or `a, b` (a tuple without parentheses). */
  parseTestList(): Expr {
    const line = this.line();
    const first = this.parseTest();
    if (!this.isOp(",")) return first;
    const items = [first];
    while (this.accept(",") && !this.endsList()) items.push(this.parseTest());
    return { kind: "tuple", items, line };
  }

  parseTest(): Expr {
    const line = this.line();
    if (this.isWord("lambda")) this.fail("lambda is not supported");
    const body = this.parseOr();
    if (!this.isWord("if")) return body;
    this.pos++;
    const test = this.parseOr();
    this.expect("else");
    return { kind: "ifexp", test, body, orelse: this.parseTest(), line };
  }

  protected parseOr(): Expr {
    return this.parseBoolOp("or", () => this.parseAnd());
  }
  private parseAnd(): Expr {
    return this.parseBoolOp("and", () => this.parseNot());
  }
  private parseBoolOp(op: "and" | "or", operand: () => Expr): Expr {
    const line = this.line();
    const first = operand();
    if (!this.isWord(op)) return first;
    const values = [first];
    while (this.accept(op)) values.push(operand());
    return { kind: "boolop", op, values, line };
  }

  private parseNot(): Expr {
    const line = this.line();
    if (this.accept("not")) return { kind: "unary", op: "not", operand: this.parseNot(), line };
    return this.parseComparison();
  }

  private compareOp(): CompareOp | undefined {
    const t = this.peek();
    if (t.kind === "op" && COMPARE_OPS.has(t.text)) return (this.pos++, t.text as CompareOp);
    if (this.isWord("in")) return (this.pos++, "in");
    if (this.isWord("not") && this.isWord("in", 1)) return ((this.pos += 2), "not in");
    if (this.isWord("is")) {
      this.pos++;
      return this.accept("not") ? "is not" : "is";
    }
    return undefined;
  }

  private parseComparison(): Expr {
    const line = this.line();
    const left = this.parseArith();
    const ops: CompareOp[] = [];
    const comparators: Expr[] = [];
    for (let op = this.compareOp(); op; op = this.compareOp()) {
      ops.push(op);
      comparators.push(this.parseArith());
    }
    return ops.length ? { kind: "compare", left, ops, comparators, line } : left;
  }

  private parseBinary(ops: readonly BinaryOp[], operand: () => Expr): Expr {
    let left = operand();
    for (;;) {
      const t = this.peek();
      if (t.kind === "op" && FORBIDDEN_BINOPS[t.text]) throw errors.invalidBinOp(FORBIDDEN_BINOPS[t.text]!, t.line);
      if (t.kind !== "op" || !(ops as readonly string[]).includes(t.text)) return left;
      this.pos++;
      left = { kind: "binary", op: t.text as BinaryOp, left, right: operand(), line: t.line };
    }
  }

  private parseArith(): Expr {
    return this.parseBinary(["+", "-"], () => this.parseTerm());
  }
  private parseTerm(): Expr {
    return this.parseBinary(["*", "/", "//", "%"], () => this.parseUnary());
  }

  private parseUnary(): Expr {
    const t = this.peek();
    if (this.accept("-") || this.accept("+")) return { kind: "unary", op: t.text as "-" | "+", operand: this.parseUnary(), line: t.line };
    if (this.isOp("~")) throw errors.syntax("Invalid UnaryOp: Invert()", t.line);
    return this.parsePostfix(this.parseAtom());
  }
}

export function parseExpression(source: string, line: number): Expr {
  return new ExprParser(source, line).parseAll();
}
