/**
 * Evaluates expression nodes. Names resolve to `{% set %}`/loop locals first, then
 * functions, then request values, then None: a request value can never replace a
 * function, and an unsent parameter is simply None.
 */
import { errors } from "./errors.ts";
import type { Expr, Target } from "./expr-nodes.ts";
import { FUNCTIONS } from "./function-table.ts";
import { getAttribute } from "./methods.ts";
import { binaryOp, compare, unaryOp } from "./operators.ts";
import type { RenderState } from "./render-state.ts";
import { dictKey, getItem, getSlice, iterate } from "./sequences.ts";
import { Callable, type DictKey, Missing, type NativeFunction, type Value, truthy, tuple, typeName } from "./values.ts";

export class Scope {
  constructor(
    readonly state: RenderState,
    readonly locals: Map<string, Value> = new Map(),
  ) {}

  lookup(name: string): Value {
    if (this.locals.has(name)) return this.locals.get(name)!;
    return FUNCTIONS.get(name) ?? this.state.variables.get(name) ?? null;
  }

  /** A scope for a comprehension: it sees our locals, but its loop variable does not leak. */
  child(): Scope {
    return new Scope(this.state, new Map(this.locals));
  }
}

export function assign(target: Target, value: Value, scope: Scope): void {
  if (target.kind === "name") {
    scope.locals.set(target.id, value);
    return;
  }
  const items = iterate(value);
  if (items.length !== target.items.length) {
    throw errors.value(`${items.length < target.items.length ? "not enough" : "too many"} values to unpack (expected ${target.items.length})`);
  }
  target.items.forEach((t, i) => assign(t, items[i]!, scope));
}

function call(expr: Extract<Expr, { kind: "call" }>, scope: Scope): Value {
  const func = evaluate(expr.func, scope);
  if (!(func instanceof Callable)) throw errors.type(`'${typeName(func)}' object is not callable`);
  const args = expr.args.map((a) => evaluate(a, scope));
  const kwargs = new Map(expr.keywords.map((k) => [k.name, evaluate(k.value, scope)]));
  if (!func.lenient) {
    // Using a parameter that was required but not sent: report every such argument at once.
    const missing = [...args, ...kwargs.values()].filter((v): v is Missing => v instanceof Missing).map((m) => m.name);
    if (missing.length) throw errors.requiredParameter([...new Set(missing)]);
  }
  const site = { argNames: expr.args.map((a) => (a.kind === "name" ? a.id : undefined)), line: expr.line };
  return (func.impl as NativeFunction<RenderState>)(args, kwargs, site, scope.state);
}

function listComp(expr: Extract<Expr, { kind: "listcomp" }>, scope: Scope): Value {
  const inner = scope.child();
  const out: Value[] = [];
  for (const item of iterate(evaluate(expr.iter, scope))) {
    assign(expr.target, item, inner);
    if (expr.conditions.every((c) => truthy(evaluate(c, inner)))) out.push(evaluate(expr.element, inner));
  }
  return out;
}

export function evaluate(expr: Expr, scope: Scope): Value {
  switch (expr.kind) {
    case "const":
      return expr.value;
    case "name":
      return scope.lookup(expr.id);
    case "list":
      return expr.items.map((e) => evaluate(e, scope));
    case "tuple":
      return tuple(expr.items.map((e) => evaluate(e, scope)));
    case "dict": {
      const map = new Map<DictKey, Value>();
      expr.keys.forEach((k, i) => map.set(dictKey(evaluate(k, scope)), evaluate(expr.values[i]!, scope)));
      return map;
    }
    case "attr":
      return getAttribute(evaluate(expr.object, scope), expr.attr);
    case "subscript": {
      const object = evaluate(expr.object, scope);
      const { index } = expr;
      if (index.kind !== "slice") return getItem(object, evaluate(index, scope));
      const part = (e: Expr | undefined) => (e ? evaluate(e, scope) : null);
      return getSlice(object, part(index.lower), part(index.upper), part(index.step));
    }
    case "call":
      return call(expr, scope);
    case "unary": {
      const v = evaluate(expr.operand, scope);
      return expr.op === "not" ? !truthy(v) : unaryOp(expr.op, v);
    }
    case "binary":
      return binaryOp(expr.op, evaluate(expr.left, scope), evaluate(expr.right, scope));
    case "boolop": {
      // Python returns the deciding operand itself, not a bool.
      let v: Value = null;
      for (const e of expr.values) {
        v = evaluate(e, scope);
        if (expr.op === "and" ? !truthy(v) : truthy(v)) return v;
      }
      return v;
    }
    case "compare": {
      let left = evaluate(expr.left, scope);
      for (let i = 0; i < expr.ops.length; i++) {
        const right = evaluate(expr.comparators[i]!, scope);
        if (!compare(expr.ops[i]!, left, right)) return false;
        left = right;
      }
      return true;
    }
    case "ifexp":
      return truthy(evaluate(expr.test, scope)) ? evaluate(expr.body, scope) : evaluate(expr.orelse, scope);
    case "listcomp":
      return listComp(expr, scope);
  }
}
