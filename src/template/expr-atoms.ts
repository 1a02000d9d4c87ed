/**
 * The tightest-binding part of the expression grammar: literals, names, displays
 * (`[…]`, `(…)`, `{…}`, list comprehensions), calls, subscripts, attributes, and the
 * assignment targets of `set`/`for`. The operator layers live in expr-parser.ts.
 */
import { errors } from "./errors.ts";
import { type Expr, type Keyword, type SliceExpr, type Target, freezeDeep } from "./expr-nodes.ts";
import { TokenStream } from "./token-stream.ts";

export const KEYWORDS = new Set(["and", "or", "not", "in", "is", "if", "else", "for", "lambda", "None", "True", "False", "import", "from", "yield", "await"]);

export abstract class AtomParser extends TokenStream {
  /** A full expression without a trailing tuple (`a if b else c`). */
  abstract parseTest(): Expr;
  /** An expression without the conditional form, as comprehensions need. */
  protected abstract parseOr(): Expr;

  protected endsList(): boolean {
    const t = this.peek();
    return t.kind === "eof" || (t.kind === "op" && ["=", "+=", "-=", ")", "]", "}"].includes(t.text)) || this.isWord("in");
  }

  /** Assignment target of `set` / `for`: names, optionally a tuple of them. */
  parseTargetList(): Target {
    const line = this.line();
    const first = this.parseTarget();
    if (!this.isOp(",")) return freezeDeep(first);
    const items = [first];
    while (this.accept(",") && !this.endsList()) items.push(this.parseTarget());
    return freezeDeep({ kind: "tuple", items, line });
  }

  private parseTarget(): Target {
    const t = this.peek();
    if (this.accept("(") || this.accept("[")) {
      const inner = this.parseTargetList();
      this.expect(t.text === "(" ? ")" : "]");
      return inner;
    }
    if (t.kind !== "name" || KEYWORDS.has(t.text)) this.fail("expected a variable name");
    this.pos++;
    return { kind: "name", id: t.text, line: t.line };
  }

  protected parsePostfix(expr: Expr): Expr {
    for (;;) {
      const line = this.line();
      if (this.accept(".")) {
        const name = this.next();
        if (name.kind !== "name") this.fail("expected an attribute name");
        expr = { kind: "attr", object: expr, attr: name.text, line };
      } else if (this.accept("(")) {
        expr = this.parseCall(expr, line);
      } else if (this.accept("[")) {
        const index = this.parseSubscript();
        this.expect("]");
        expr = { kind: "subscript", object: expr, index, line };
      } else {
        return expr;
      }
    }
  }

  private parseCall(func: Expr, line: number): Expr {
    const args: Expr[] = [];
    const keywords: Keyword[] = [];
    while (!this.accept(")")) {
      if (this.isOp("*") || this.isOp("**")) this.fail("*args and **kwargs are not supported");
      if (this.peek().kind === "name" && this.isOp("=", 1)) {
        const name = this.next().text;
        this.pos++;
        if (keywords.some((k) => k.name === name)) this.fail(`keyword argument repeated: ${name}`);
        keywords.push({ name, value: this.parseTest() });
      } else {
        if (keywords.length) this.fail("positional argument follows keyword argument");
        args.push(this.parseTest());
      }
      if (!this.accept(",")) {
        this.expect(")");
        break;
      }
    }
    return { kind: "call", func, args, keywords, line };
  }

  private parseSubscript(): Expr | SliceExpr {
    const line = this.line();
    const part = () => (this.isOp(":") || this.isOp("]") ? undefined : this.parseTest());
    const lower = part();
    if (!this.accept(":")) {
      if (!lower) this.fail("expected an index");
      return lower;
    }
    const upper = part();
    const step = this.accept(":") ? part() : undefined;
    return { kind: "slice", lower, upper, step, line };
  }

  protected parseAtom(): Expr {
    const t = this.next();
    const line = t.line;
    if (t.kind === "int" || t.kind === "float") return { kind: "const", value: t.value as bigint | number, line };
    if (t.kind === "string") {
      // Adjacent literals concatenate, as in Python: 'a' 'b' == 'ab'.
      let value = t.value as string;
      while (this.peek().kind === "string") value += this.next().value as string;
      return { kind: "const", value, line };
    }
    if (t.kind === "name") {
      if (t.text === "None") return { kind: "const", value: null, line };
      if (t.text === "True" || t.text === "False") return { kind: "const", value: t.text === "True", line };
      if (t.text === "import" || t.text === "from") throw errors.importForbidden(line);
      if (KEYWORDS.has(t.text)) {
        this.pos--;
        this.fail("unexpected keyword");
      }
      return { kind: "name", id: t.text, line };
    }
    if (t.kind === "op" && t.text === "(") return this.parseParen(line);
    if (t.kind === "op" && t.text === "[") return this.parseListDisplay(line);
    if (t.kind === "op" && t.text === "{") return this.parseDict(line);
    this.pos--;
    return this.fail("unexpected token");
  }

  private parseParen(line: number): Expr {
    if (this.accept(")")) return { kind: "tuple", items: [], line };
    const first = this.parseTest();
    if (this.isWord("for")) this.fail("generator expressions are not supported");
    if (this.accept(")")) return first;
    const items = [first];
    while (this.accept(",") && !this.isOp(")")) items.push(this.parseTest());
    this.expect(")");
    return { kind: "tuple", items, line };
  }

  private parseListDisplay(line: number): Expr {
    if (this.accept("]")) return { kind: "list", items: [], line };
    const first = this.parseTest();
    if (this.accept("for")) {
      const target = this.parseTargetList();
      this.expect("in");
      const iter = this.parseOr();
      const conditions: Expr[] = [];
      while (this.accept("if")) conditions.push(this.parseOr());
      this.expect("]");
      return { kind: "listcomp", element: first, target, iter, conditions, line };
    }
    const items = [first];
    while (this.accept(",") && !this.isOp("]")) items.push(this.parseTest());
    this.expect("]");
    return { kind: "list", items, line };
  }

  private parseDict(line: number): Expr {
    const keys: Expr[] = [];
    const values: Expr[] = [];
    while (!this.accept("}")) {
      keys.push(this.parseTest());
      if (!this.accept(":")) this.fail("set literals are not supported; expected ':'");
      values.push(this.parseTest());
      if (!this.accept(",")) {
        this.expect("}");
        break;
      }
    }
    return { kind: "dict", keys, values, line };
  }
}
