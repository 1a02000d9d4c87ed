/**
 * Executes statement nodes, appending SQL to an output buffer. Errors raised while a node
 * runs are stamped with that node's line. `try` blocks catch template errors only: a JS
 * exception here is a bug in Aviary and must not be swallowed.
 */
import { renderValue } from "./escape.ts";
import { CustomError, TemplateError, errors } from "./errors.ts";
import { type Scope, assign, evaluate } from "./evaluator.ts";
import { binaryOp } from "./operators.ts";
import { iterate } from "./sequences.ts";
import type { Node } from "./template-nodes.ts";
import { truthy } from "./values.ts";

/** A `{% while %}` that runs longer than this is assumed not to terminate. */
export const MAX_WHILE_ITERATIONS = 100_000;

type Signal = "break" | "continue" | undefined;

function execNode(node: Node, scope: Scope, out: string[]): Signal {
  switch (node.kind) {
    case "text":
      out.push(node.text);
      return undefined;
    case "output":
      out.push(renderValue(evaluate(node.expr, scope), node.source, node.line));
      return undefined;
    case "if": {
      const branch = node.branches.find((b) => truthy(evaluate(b.test, scope)));
      return execBlock(branch ? branch.body : node.orelse, scope, out);
    }
    case "for":
      for (const item of iterate(evaluate(node.iter, scope))) {
        assign(node.target, item, scope);
        if (execBlock(node.body, scope, out) === "break") break;
      }
      return undefined;
    case "while":
      for (let i = 0; truthy(evaluate(node.test, scope)); i++) {
        if (i >= MAX_WHILE_ITERATIONS) throw errors.value(`{% while %} ran more than ${MAX_WHILE_ITERATIONS} times`);
        if (execBlock(node.body, scope, out) === "break") break;
      }
      return undefined;
    case "set": {
      const value = evaluate(node.value, scope);
      if (node.op === "=") assign(node.target, value, scope);
      else if (node.target.kind === "name") {
        assign(node.target, binaryOp(node.op === "+=" ? "+" : "-", scope.lookup(node.target.id), value), scope);
      } else throw errors.syntax("augmented assignment needs a single name", node.line);
      return undefined;
    }
    case "break":
    case "continue":
      return node.kind;
    case "try":
      return execTry(node, scope, out);
  }
}

function execTry(node: Extract<Node, { kind: "try" }>, scope: Scope, out: string[]): Signal {
  try {
    let signal: Signal;
    try {
      signal = execBlock(node.body, scope, out);
    } catch (e) {
      if (!(e instanceof TemplateError || e instanceof CustomError)) throw e;
      return execBlock(node.handler, scope, out);
    }
    return signal ?? execBlock(node.orelse, scope, out);
  } finally {
    // A signal from `finally` would override the body's, as in Python; ignoring it is simpler and rare.
    execBlock(node.finalbody, scope, out);
  }
}

export function execBlock(nodes: readonly Node[], scope: Scope, out: string[]): Signal {
  for (const node of nodes) {
    let signal: Signal;
    try {
      signal = execNode(node, scope, out);
    } catch (e) {
      if (e instanceof TemplateError && e.line === undefined) e.line = node.line;
      throw e;
    }
    if (signal) return signal;
  }
  return undefined;
}
