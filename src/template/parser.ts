/**
 * Template parser: tokens → frozen statement nodes. Block structure follows Tornado
 * (`{% if %}…{% elif %}…{% else %}…{% end %}`, loops, `try`, `set`); anything that could
 * reach outside the template (`import`, `include`, `raw`, …) is refused here.
 */
import { errors } from "./errors.ts";
import { freezeDeep } from "./expr-nodes.ts";
import { ExprParser, parseExpression } from "./expr-parser.ts";
import type { Node } from "./template-nodes.ts";
import { type Token, tokenize } from "./tokenizer.ts";

type Block = "if" | "for" | "while" | "try";
/** Statements that continue the enclosing block instead of opening one. */
type Clause = "elif" | "else" | "except" | "finally" | "end";

const BLOCKS = new Set<string>(["if", "for", "while", "try"]);
const CLAUSES = new Set<string>(["elif", "else", "except", "finally", "end"]);
const UNSUPPORTED = new Set(["raw", "include", "extends", "block", "module", "apply", "autoescape", "whitespace", "def", "return", "with"]);

interface Stop {
  clause: Clause;
  suffix: string;
  line: number;
}

class TemplateParser {
  private pos = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  parseTemplate(): Node[] {
    const { nodes, stop } = this.parseBody(undefined, 0);
    if (stop) throw errors.syntax(`{% ${stop.clause} %} outside of a block`, stop.line);
    return nodes;
  }

  /** Parse statements until a clause of the enclosing `block` (or the end of input). */
  private parseBody(block: Block | undefined, loopDepth: number): { nodes: Node[]; stop?: Stop } {
    const nodes: Node[] = [];
    for (;;) {
      const token = this.tokens[this.pos++];
      if (!token) return { nodes };
      if (token.kind === "text") nodes.push({ kind: "text", text: token.value, line: token.line });
      else if (token.kind === "expr") nodes.push({ kind: "output", expr: parseExpression(token.value, token.line), source: token.value, line: token.line });
      else {
        const [, operator = "", suffix = ""] = /^(\w*)\s*([\s\S]*)$/.exec(token.value) ?? [];
        if (CLAUSES.has(operator)) {
          if (!block) throw errors.syntax(`{% ${operator} %} outside of a block`, token.line);
          return { nodes, stop: { clause: operator as Clause, suffix, line: token.line } };
        }
        const node = this.parseStatement(operator, suffix, token, loopDepth);
        if (node) nodes.push(node);
      }
    }
  }

  private parseStatement(operator: string, suffix: string, token: Token, loopDepth: number): Node | undefined {
    const line = token.line;
    if (operator === "import" || operator === "from") throw errors.importForbidden(line);
    if (operator === "comment") return undefined;
    if (BLOCKS.has(operator)) return this.parseBlock(operator as Block, suffix, line, loopDepth);
    if (operator === "set") return this.parseSet(suffix, line);
    if (operator === "break" || operator === "continue") {
      if (loopDepth === 0) throw errors.syntax(`{% ${operator} %} outside of a loop`, line);
      return { kind: operator, line };
    }
    if (UNSUPPORTED.has(operator)) throw errors.syntax(`{% ${operator} %} is not supported`, line);
    throw errors.syntax(`unknown operator: "${operator || token.value}"`, line);
  }

  private parseSet(suffix: string, line: number): Node {
    const p = new ExprParser(suffix, line);
    const target = p.parseTargetList();
    const op = p.peekOp();
    if (op !== "=" && op !== "+=" && op !== "-=") return p.fail("expected '=' in {% set %}");
    p.skipOp();
    return { kind: "set", target, op, value: p.parseAll(), line };
  }

  /** Body of a block up to its next clause; a block left open at the end of input is an error. */
  private body(block: Block, line: number, loopDepth: number): { nodes: Node[]; stop: Stop } {
    const { nodes, stop } = this.parseBody(block, loopDepth);
    if (!stop) throw errors.missingEnd(block, line);
    return { nodes, stop };
  }

  private parseBlock(block: Block, suffix: string, line: number, loopDepth: number): Node {
    const unexpected = (stop: Stop) => errors.syntax(`{% ${stop.clause} %} is not allowed in {% ${block} %}`, stop.line);
    if (block === "if") {
      const branches: { test: ReturnType<typeof parseExpression>; body: Node[] }[] = [];
      let test = parseExpression(suffix, line);
      let orelse: Node[] = [];
      for (;;) {
        const { nodes, stop } = this.body(block, line, loopDepth);
        branches.push({ test, body: nodes });
        if (stop.clause === "elif") test = parseExpression(stop.suffix, stop.line);
        else if (stop.clause === "else") {
          const rest = this.body(block, line, loopDepth);
          if (rest.stop.clause !== "end") throw unexpected(rest.stop);
          orelse = rest.nodes;
          break;
        } else if (stop.clause === "end") break;
        else throw unexpected(stop);
      }
      return { kind: "if", branches, orelse, line };
    }
    if (block === "for") {
      const p = new ExprParser(suffix, line);
      const target = p.parseTargetList();
      p.expect("in");
      const iter = p.parseAll();
      const { nodes, stop } = this.body(block, line, loopDepth + 1);
      if (stop.clause !== "end") throw unexpected(stop);
      return { kind: "for", target, iter, body: nodes, line };
    }
    if (block === "while") {
      const test = parseExpression(suffix, line);
      const { nodes, stop } = this.body(block, line, loopDepth + 1);
      if (stop.clause !== "end") throw unexpected(stop);
      return { kind: "while", test, body: nodes, line };
    }
    return this.parseTry(line, loopDepth, unexpected);
  }

  /** `{% try %}…{% except [Name] %}…{% else %}…{% finally %}…{% end %}`; every except catches everything. */
  private parseTry(line: number, loopDepth: number, unexpected: (s: Stop) => Error): Node {
    const parts: Record<"body" | "except" | "else" | "finally", Node[]> = { body: [], except: [], else: [], finally: [] };
    const order = ["body", "except", "else", "finally"] as const;
    let current: (typeof order)[number] = "body";
    for (;;) {
      const { nodes, stop } = this.body("try", line, loopDepth);
      parts[current] = nodes;
      if (stop.clause === "end") break;
      const nextPart = stop.clause === "elif" ? undefined : stop.clause;
      if (!nextPart || order.indexOf(nextPart) <= order.indexOf(current)) throw unexpected(stop);
      current = nextPart;
    }
    return { kind: "try", body: parts.body, handler: parts.except, orelse: parts.else, finalbody: parts.finally, line };
  }
}

/** Parse template source (without its leading `%` marker); `firstLine` is the line of `source[0]`. */
export function parseTemplate(source: string, firstLine = 1): readonly Node[] {
  return freezeDeep(new TemplateParser(tokenize(source, firstLine)).parseTemplate());
}
