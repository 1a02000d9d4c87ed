/**
 * Frozen statement nodes a template compiles to. The executor runs them; the
 * parameter collector walks them without running them.
 */
import type { Expr, Target } from "./expr-nodes.ts";

export type Node =
  | { readonly kind: "text"; readonly text: string; readonly line: number }
  /** `{{ expr }}`; `source` is the expression as written, for "evaluated to null". */
  | { readonly kind: "output"; readonly expr: Expr; readonly source: string; readonly line: number }
  | {
      readonly kind: "if";
      readonly branches: readonly { readonly test: Expr; readonly body: readonly Node[] }[];
      readonly orelse: readonly Node[];
      readonly line: number;
    }
  | { readonly kind: "for"; readonly target: Target; readonly iter: Expr; readonly body: readonly Node[]; readonly line: number }
  | { readonly kind: "while"; readonly test: Expr; readonly body: readonly Node[]; readonly line: number }
  | { readonly kind: "set"; readonly target: Target; readonly op: "=" | "+=" | "-="; readonly value: Expr; readonly line: number }
  | { readonly kind: "break" | "continue"; readonly line: number }
  | {
      readonly kind: "try";
      readonly body: readonly Node[];
      readonly handler: readonly Node[];
      readonly orelse: readonly Node[];
      readonly finalbody: readonly Node[];
      readonly line: number;
    };
