/** The front end: tokens with lines, and the frozen nodes the parser builds. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseExpression } from "../../src/template/expr-parser.ts";
import { parseTemplate } from "../../src/template/parser.ts";
import { tokenize } from "../../src/template/tokenizer.ts";

test("tokenize splits text, expressions and statements and tracks lines", () => {
  assert.deepEqual(tokenize("SELECT\n{{ a }} x {%  if b %}\n\n{#c#}{% end %}"), [
    { kind: "text", value: "SELECT\n", line: 1 },
    { kind: "expr", value: "a", line: 2 },
    { kind: "text", value: " x ", line: 2 },
    { kind: "stmt", value: "if b", line: 2 },
    { kind: "text", value: "\n\n", line: 2 },
    { kind: "stmt", value: "end", line: 4 },
  ]);
  assert.deepEqual(tokenize("{{\n  x\n}}", 5), [{ kind: "expr", value: "x", line: 6 }]);
});

test("expressions parse to frozen nodes with Python precedence", () => {
  const e = parseExpression("not a == 1 or b and c + 2 * 3", 1);
  assert.ok(Object.isFrozen(e));
  assert.deepEqual(e, {
    kind: "boolop",
    op: "or",
    line: 1,
    values: [
      {
        kind: "unary",
        op: "not",
        line: 1,
        operand: { kind: "compare", left: { kind: "name", id: "a", line: 1 }, ops: ["=="], comparators: [{ kind: "const", value: 1n, line: 1 }], line: 1 },
      },
      {
        kind: "boolop",
        op: "and",
        line: 1,
        values: [
          { kind: "name", id: "b", line: 1 },
          {
            kind: "binary",
            op: "+",
            line: 1,
            left: { kind: "name", id: "c", line: 1 },
            right: { kind: "binary", op: "*", line: 1, left: { kind: "const", value: 2n, line: 1 }, right: { kind: "const", value: 3n, line: 1 } },
          },
        ],
      },
    ],
  });
});

test("calls keep positional and keyword arguments apart", () => {
  assert.deepEqual(parseExpression("Int32(limit, 50, description='n')", 3), {
    kind: "call",
    line: 3,
    func: { kind: "name", id: "Int32", line: 3 },
    args: [
      { kind: "name", id: "limit", line: 3 },
      { kind: "const", value: 50n, line: 3 },
    ],
    keywords: [{ name: "description", value: { kind: "const", value: "n", line: 3 } }],
  });
});

test("the parser builds if/elif/else, for and set nodes", () => {
  const nodes = parseTemplate("{% if a %}x{% elif b %}y{% else %}z{% end %}{% for k, v in d %}{% end %}{% set n = 1 %}");
  assert.ok(Object.isFrozen(nodes));
  assert.deepEqual(
    nodes.map((n) => n.kind),
    ["if", "for", "set"],
  );
  const [ifNode, forNode] = nodes;
  assert.ok(ifNode?.kind === "if" && ifNode.branches.length === 2 && ifNode.orelse[0]?.kind === "text");
  assert.ok(forNode?.kind === "for" && forNode.target.kind === "tuple" && forNode.target.items.length === 2);
});

test("syntax errors carry the line", () => {
  assert.throws(() => parseExpression("a +", 4), { message: 'Template Syntax Error: unexpected token near "end of expression" at line 4', line: 4 });
  assert.throws(() => parseExpression("f(a=1, b)", 1), /positional argument follows keyword argument/);
  assert.throws(() => parseExpression("f(a=1, a=2)", 1), /keyword argument repeated: a/);
  assert.throws(() => parseExpression("'open", 1), /unterminated string literal/);
  assert.throws(() => parseExpression("{1, 2}", 1), /set literals are not supported/);
  assert.throws(() => parseExpression("a ~ b", 1), /unexpected token/);
  assert.throws(() => parseExpression("~a", 1), /Invalid UnaryOp: Invert\(\)/);
});
