/**
 * What a template declares, found by walking its nodes without running them, so every
 * `if`/`else` branch counts: the parameters (for OpenAPI and validation), forbidden
 * variable names and reserved names that only warn.
 */
import { type Expr, targetNames, walkExpr } from "./expr-nodes.ts";
import { FORBIDDEN_NAMES, FUNCTIONS, RESERVED_NAMES } from "./function-table.ts";
import { Scope, evaluate } from "./evaluator.ts";
import { createState, toPlain } from "./render-state.ts";
import type { Node } from "./template-nodes.ts";
import { typeLabel } from "./type-checks.ts";
import { ARRAY_PARAMS, TYPED_FUNCTIONS } from "./typed-params.ts";
import { Callable } from "./values.ts";

export interface TemplateParam {
  name: string;
  type: string;
  default?: unknown;
  required?: boolean;
  description?: string;
  example?: string;
  format?: string;
  enum?: string[];
}

/** Every expression in source order, with the statement targets (`set`/`for`) it assigns. */
function visitTemplate(nodes: readonly Node[], onExpr: (e: Expr) => void, onTarget: (name: string, line: number) => void): void {
  for (const node of nodes) {
    switch (node.kind) {
      case "output": onExpr(node.expr); break;
      case "set": targetNames(node.target).forEach((n) => onTarget(n, node.line)); onExpr(node.value); break;
      case "for": targetNames(node.target).forEach((n) => onTarget(n, node.line)); onExpr(node.iter); visitTemplate(node.body, onExpr, onTarget); break;
      case "while": onExpr(node.test); visitTemplate(node.body, onExpr, onTarget); break;
      case "if":
        for (const b of node.branches) {
          onExpr(b.test);
          visitTemplate(b.body, onExpr, onTarget);
        }
        visitTemplate(node.orelse, onExpr, onTarget);
        break;
      case "try": [node.body, node.handler, node.orelse, node.finalbody].forEach((b) => visitTemplate(b, onExpr, onTarget)); break;
      default: break;
    }
  }
}

/** Every variable name a template reads or assigns, with the line of its first use. */
export function variableUses(nodes: readonly Node[]): Map<string, number> {
  const uses = new Map<string, number>();
  const add = (name: string, line: number) => uses.has(name) || uses.set(name, line);
  visitTemplate(nodes, (e) => walkExpr(e, (x) => {
    if (x.kind === "name") add(x.id, x.line);
    if (x.kind === "listcomp") targetNames(x.target).forEach((n) => add(n, x.line));
  }), add);
  return uses;
}

export function forbiddenUses(nodes: readonly Node[]): { name: string; line: number }[] {
  return [...variableUses(nodes)].filter(([n]) => FORBIDDEN_NAMES.has(n)).map(([name, line]) => ({ name, line }));
}

export function reservedWarnings(nodes: readonly Node[]): string[] {
  return [...variableUses(nodes)]
    .filter(([n]) => RESERVED_NAMES.has(n))
    .map(([name, line]) => `"${name}" is a reserved parameter name (line ${line}); rename it to avoid conflicts with the API`);
}

/** The value of a literal argument (`'date'`, `50`, `['a','b']`); undefined if it depends on anything else. */
function constant(e: Expr | undefined): unknown {
  if (!e) return undefined;
  let literal = true;
  walkExpr(e, (x) => (literal &&= !["name", "call", "attr", "listcomp"].includes(x.kind)));
  if (!literal) return undefined;
  try {
    return toPlain(evaluate(e, new Scope(createState({}))));
  } catch {
    return undefined;
  }
}

/** `Array(x, 'Int32')` or `Array(x, Int32)` → `Array(Int32)`. */
function arrayType(call: Extract<Expr, { kind: "call" }>): string {
  const arg = call.args[ARRAY_PARAMS.indexOf("type?")] ?? call.keywords.find((k) => k.name === "type" || k.name === "_type")?.value;
  const t = arg?.kind === "name" && FUNCTIONS.get(arg.id) instanceof Callable ? arg.id : constant(arg);
  return `Array(${typeLabel(typeof t === "string" ? t : "String")})`;
}

function fromCall(call: Extract<Expr, { kind: "call" }>, fn: string, name: string): TemplateParam {
  const keyword = (k: string) => call.keywords.find((kw) => kw.name === k)?.value;
  const defaultExpr = fn === "Array" ? (call.args[2] ?? keyword("default")) : (call.args[1] ?? keyword("default"));
  const param: TemplateParam = { name, type: TYPED_FUNCTIONS.has(fn) ? (fn === "Array" ? arrayType(call) : typeLabel(fn)) : "String" };
  const dflt = constant(defaultExpr);
  if (dflt !== undefined && dflt !== null) param.default = dflt;
  const required = constant(keyword("required"));
  if (typeof required === "boolean") param.required = required;
  for (const k of ["description", "example", "format"] as const) {
    const v = constant(keyword(k));
    if (v !== undefined && v !== null) param[k] = String(v);
  }
  const values = constant(keyword("enum"));
  if (Array.isArray(values)) param.enum = values.map(String);
  return param;
}

/** Helpers whose first argument names a parameter that is not typed (it is read as a string). */
const NAMING_HELPERS = new Set(["column", "columns", "split_to_array", "symbol", "Symbol", "Column"]);

export function collectParameters(nodes: readonly Node[]): TemplateParam[] {
  const found = new Map<string, { param: TemplateParam; typed: boolean }>();
  const assigned = new Set<string>();
  const add = (param: TemplateParam, typed: boolean) => {
    const seen = found.get(param.name);
    if (!seen) return void found.set(param.name, { param, typed });
    // Merge: a typed call fixes the type; otherwise the first value of each field wins.
    const merged = { ...param, ...Object.fromEntries(Object.entries(seen.param).filter(([, v]) => v !== undefined)) } as TemplateParam;
    if (typed && !seen.typed) merged.type = param.type;
    found.set(param.name, { param: merged, typed: typed || seen.typed });
  };
  const onExpr = (e: Expr) => walkExpr(e, (x) => {
    if (x.kind === "listcomp") targetNames(x.target).forEach((n) => assigned.add(n));
    if (x.kind === "name" && !FUNCTIONS.has(x.id)) add({ name: x.id, type: "String" }, false);
    if (x.kind !== "call" || x.func.kind !== "name" || x.args[0]?.kind !== "name") return;
    const fn = x.func.id;
    if (TYPED_FUNCTIONS.has(fn) || NAMING_HELPERS.has(fn)) add(fromCall(x, fn, x.args[0].id), TYPED_FUNCTIONS.has(fn));
  });
  visitTemplate(nodes, onExpr, (name) => assigned.add(name));
  // Locals only count when a typed function reads a request value under the same name.
  return [...found.values()].filter(({ param, typed }) => typed || !assigned.has(param.name)).map(({ param }) => param);
}
