/**
 * Finds request variables that Tinybird refuses by name: `q` and `format` are taken by
 * the query API itself, so `{{ String(q) }}` could never receive a value.
 */
export const RESERVED_VARIABLES: ReadonlySet<string> = new Set(["q", "format"]);

interface ExprToken {
  readonly text: string;
  readonly offset: number;
  readonly isName: boolean;
}

function tokenizeExpression(expr: string): ExprToken[] {
  const tokens: ExprToken[] = [];
  const pattern = /\s+|'(?:[^'\\]|\\.)*'?|"(?:[^"\\]|\\.)*"?|[A-Za-z_][A-Za-z0-9_]*|\d[\w.]*|==|!=|<=|>=|./gs;
  for (const m of expr.matchAll(pattern)) {
    if (/^\s/.test(m[0])) continue;
    tokens.push({ text: m[0], offset: m.index, isName: /^[A-Za-z_]/.test(m[0]) });
  }
  return tokens;
}

export interface VariableUse {
  readonly name: string;
  /** Offset in the SQL the tokens came from. */
  readonly offset: number;
}

const TAG = /\{\{([\s\S]*?)(?:\}\}|$)|\{%([\s\S]*?)(?:%\}|$)|\{#[\s\S]*?(?:#\}|$)/g;

/**
 * Uses of `q`/`format` as variables inside `{{ }}` and `{% %}`. Not counted: keyword
 * arguments (`String(x, format='…')`), attributes (`a.format`) and calls (`format(…)`).
 * Tags are found in the raw text, SQL strings and comments included, because the
 * template is rendered before the SQL is read.
 */
export function reservedVariableUses(sql: string): VariableUse[] {
  const uses: VariableUse[] = [];
  for (const tag of sql.matchAll(TAG)) {
    const body = tag[1] ?? tag[2];
    if (body === undefined) continue;
    const inner = tokenizeExpression(body);
    inner.forEach((e, i) => {
      if (!e.isName || !RESERVED_VARIABLES.has(e.text)) return;
      const next = inner[i + 1]?.text;
      if (inner[i - 1]?.text === "." || next === "(" || next === "=") return;
      uses.push({ name: e.text, offset: tag.index + 2 + e.offset });
    });
  }
  return uses;
}
