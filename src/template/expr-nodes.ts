/**
 * Frozen AST nodes for the Python expression subset templates use. Every node carries the
 * template line it came from.
 */

export type BinaryOp = "+" | "-" | "*" | "/" | "//" | "%";
export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in" | "is" | "is not";
export type UnaryOp = "not" | "-" | "+";
export type Constant = string | bigint | number | boolean | null;

/** Assignment targets: `x`, or `a, b` / `(a, b)` for unpacking. */
export type Target =
  | { readonly kind: "name"; readonly id: string; readonly line: number }
  | { readonly kind: "tuple"; readonly items: readonly Target[]; readonly line: number };

export interface Keyword {
  readonly name: string;
  readonly value: Expr;
}

export interface SliceExpr {
  readonly kind: "slice";
  readonly lower?: Expr;
  readonly upper?: Expr;
  readonly step?: Expr;
  readonly line: number;
}

export type Expr =
  | { readonly kind: "const"; readonly value: Constant; readonly line: number }
  | { readonly kind: "name"; readonly id: string; readonly line: number }
  | { readonly kind: "list" | "tuple"; readonly items: readonly Expr[]; readonly line: number }
  | { readonly kind: "dict"; readonly keys: readonly Expr[]; readonly values: readonly Expr[]; readonly line: number }
  | { readonly kind: "attr"; readonly object: Expr; readonly attr: string; readonly line: number }
  | { readonly kind: "subscript"; readonly object: Expr; readonly index: Expr | SliceExpr; readonly line: number }
  | {
      readonly kind: "call";
      readonly func: Expr;
      readonly args: readonly Expr[];
      readonly keywords: readonly Keyword[];
      readonly line: number;
    }
  | { readonly kind: "unary"; readonly op: UnaryOp; readonly operand: Expr; readonly line: number }
  | { readonly kind: "binary"; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly line: number }
  | { readonly kind: "boolop"; readonly op: "and" | "or"; readonly values: readonly Expr[]; readonly line: number }
  | {
      readonly kind: "compare";
      readonly left: Expr;
      readonly ops: readonly CompareOp[];
      readonly comparators: readonly Expr[];
      readonly line: number;
    }
  | { readonly kind: "ifexp"; readonly test: Expr; readonly body: Expr; readonly orelse: Expr; readonly line: number }
  | {
      readonly kind: "listcomp";
      readonly element: Expr;
      readonly target: Target;
      readonly iter: Expr;
      readonly conditions: readonly Expr[];
      readonly line: number;
    };

/** Freeze a node and everything below it, so compiled templates can be cached and shared. */
export function freezeDeep<T>(node: T): T {
  if (node && typeof node === "object" && !Object.isFrozen(node)) {
    for (const child of Object.values(node)) freezeDeep(child);
    Object.freeze(node);
  }
  return node;
}

/** Visit every expression below `expr` (itself included), depth first, in source order. */
export function walkExpr(expr: Expr | SliceExpr | undefined, visit: (e: Expr) => void): void {
  if (!expr) return;
  if (expr.kind === "slice") {
    walkExpr(expr.lower, visit);
    walkExpr(expr.upper, visit);
    walkExpr(expr.step, visit);
    return;
  }
  visit(expr);
  switch (expr.kind) {
    case "list":
    case "tuple":
      return expr.items.forEach((e) => walkExpr(e, visit));
    case "dict":
      return expr.keys.forEach((k, i) => (walkExpr(k, visit), walkExpr(expr.values[i], visit)));
    case "attr":
      return walkExpr(expr.object, visit);
    case "subscript":
      return (walkExpr(expr.object, visit), walkExpr(expr.index, visit));
    case "call":
      walkExpr(expr.func, visit);
      expr.args.forEach((e) => walkExpr(e, visit));
      return expr.keywords.forEach((k) => walkExpr(k.value, visit));
    case "unary":
      return walkExpr(expr.operand, visit);
    case "binary":
      return (walkExpr(expr.left, visit), walkExpr(expr.right, visit));
    case "boolop":
      return expr.values.forEach((e) => walkExpr(e, visit));
    case "compare":
      walkExpr(expr.left, visit);
      return expr.comparators.forEach((e) => walkExpr(e, visit));
    case "ifexp":
      return (walkExpr(expr.test, visit), walkExpr(expr.body, visit), walkExpr(expr.orelse, visit));
    case "listcomp":
      walkExpr(expr.iter, visit);
      walkExpr(expr.element, visit);
      return expr.conditions.forEach((e) => walkExpr(e, visit));
    default:
      return;
  }
}

export function targetNames(target: Target): string[] {
  return target.kind === "name" ? [target.id] : target.items.flatMap(targetNames);
}
