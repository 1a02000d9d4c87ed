/**
 * `INCLUDE "path.incl" VAR=value …` as Tinybird reads it: the line is replaced by the
 * included file (itself expanded), after `$VAR` and `${VAR}` in that file are replaced
 * by the values given on the INCLUDE line (`$$` is a `$`; unknown names stay as they are).
 * The path is relative to the including file. Each line of the result remembers where it
 * came from, so issues point into the .incl file.
 */
import { posix } from "node:path";
import type { ProjectIssue, SourceLocation } from "./model.ts";

export interface ExpandedDatafile {
  readonly text: string;
  /** Where each line of `text` comes from: `origins[line - 1]`. */
  readonly origins: readonly SourceLocation[];
  readonly issues: readonly ProjectIssue[];
}

const INCLUDE = /^include\s+(.*)$/i;
const ARGUMENT = /"[^"]*"|'[^']*'|\S+/g;
const unquoted = (s: string): string => (/^(["']).*\1$/s.test(s) ? s.slice(1, -1) : s);

/** Python's `string.Template.safe_substitute`, which Tinybird applies to included files. */
function substitute(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\$(?:(\$)|([_a-z][_a-z0-9]*)|\{([_a-z][_a-z0-9]*)\})/gi, (all, dollar?: string, bare?: string, braced?: string) =>
    dollar !== undefined ? "$" : (vars.get((bare ?? braced)!) ?? all),
  );
}

/** The include file a path names: relative to the including file, else the only one with that base name (a build sends base names). */
function resolve(from: string, path: string, includes: ReadonlyMap<string, string>): string | undefined {
  const exact = posix.normalize(posix.join(posix.dirname(from.replace(/\\/g, "/")), path));
  if (includes.has(exact)) return exact;
  const same = [...includes.keys()].filter((name) => posix.basename(name) === posix.basename(path));
  return same.length === 1 ? same[0] : undefined;
}

export function expandIncludes(file: string, text: string, includes: ReadonlyMap<string, string>, stack: readonly string[] = []): ExpandedDatafile {
  const lines: string[] = [];
  const origins: SourceLocation[] = [];
  const issues: ProjectIssue[] = [];
  text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/).forEach((line, index) => {
    const at = { file, line: index + 1 };
    const m = INCLUDE.exec(line);
    if (m === null) {
      lines.push(line);
      origins.push(at);
      return;
    }
    const [path = "", ...assignments] = (m[1]!.match(ARGUMENT) ?? []).map(unquoted);
    const target = resolve(file, path, includes);
    const problem =
      path === "" ? 'INCLUDE needs a file, e.g. INCLUDE "includes/shared.incl"'
      : target === undefined ? `INCLUDE "${path}": no such .incl file next to ${file}${path.includes("$") ? "; Aviary does not put environment variables into include paths" : ""}`
      : [file, ...stack].includes(target) ? `INCLUDE "${path}": ${target} is already being included (an include cycle)`
      : undefined;
    if (problem !== undefined) return void issues.push({ loc: at, message: problem });
    const vars = new Map(assignments.filter((a) => a.includes("=")).map((a) => [a.slice(0, a.indexOf("=")), unquoted(a.slice(a.indexOf("=") + 1))]));
    const inner = expandIncludes(target!, substitute(includes.get(target!)!, vars), includes, [file, ...stack]);
    // A blank line first, as Tinybird does, so the included text never continues a block above it.
    lines.push("", ...inner.text.split("\n"));
    origins.push(at, ...inner.origins);
    issues.push(...inner.issues);
  });
  return { text: lines.join("\n"), origins, issues };
}
