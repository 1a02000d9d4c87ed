/**
 * The fenced blocks of README.md's first sections (the intro, the Quickstart, "Using it"),
 * read as a person reads them: `sh` blocks are commands, one a line (a trailing `\`
 * continues it, `#` starts a comment); `text` blocks show what a command prints.
 */
import { readFileSync } from "node:fs";

export interface ReadmeCommand {
  /** The line as README has it (continuations joined), comment included: what runs. */
  readonly line: string;
  /** Without its comment: what checks match. */
  readonly command: string;
}

export interface ReadmeBlocks {
  readonly commands: readonly ReadmeCommand[];
  /** The `text` blocks: sample output. */
  readonly samples: readonly string[];
}

const README = new URL("../../README.md", import.meta.url);

/** README from its start to the end of the "Using it" section. */
export function firstSections(text = readFileSync(README, "utf8")): string {
  const using = text.indexOf("\n## Using it\n");
  if (using < 0) throw new Error('README.md has no "## Using it" section');
  const next = text.indexOf("\n## ", using + 1);
  return next < 0 ? text : text.slice(0, next);
}

function commandsOf(block: string): ReadmeCommand[] {
  const joined = block.replace(/\\\n\s*/g, "");
  return joined
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => ({ line, command: line.replace(/\s+#\s.*$/, "") }));
}

export function readmeBlocks(text = firstSections()): ReadmeBlocks {
  const commands: ReadmeCommand[] = [];
  const samples: string[] = [];
  for (const [, lang, body] of text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) {
    if (lang === "sh") commands.push(...commandsOf(body!));
    else if (lang === "text") samples.push(body!);
    else throw new Error(`README.md: a \`${lang || "plain"}\` block among the first sections; mark commands sh and output text`);
  }
  return { commands, samples };
}
